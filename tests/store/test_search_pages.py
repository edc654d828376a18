"""The library's search: every hit ranked, snippets a page at a time, the same as all at once."""

from __future__ import annotations

import pytest

from store import library
from store.search import hits_for, rank_documents, search_documents
from tests.support.workstation import add_text

QUERIES = ("Atme", "Atmeh", "killed", "killed OR wounded", '"were killed"', "al-Qaeda", "U.S.",
           "kill*", "Deir ez-Zor", "shelling civilians", "nothing-like-this-anywhere", "the")


@pytest.mark.parametrize("query", QUERIES)
def test_ranked_ids_and_paged_hits_are_what_one_search_gives(imported_seeds, query):
    before = search_documents(imported_seeds, query, 1000)
    ranked = rank_documents(imported_seeds, query, 1000)
    assert list(ranked.document_ids) == [h.document_id for h in before]
    ids = list(ranked.document_ids)
    pages = [hits_for(imported_seeds, ranked, ids[i:i + 3]) for i in range(0, len(ids), 3)]
    assert [hit for page in pages for hit in page] == before
    assert hits_for(imported_seeds, ranked, list(reversed(ids))) == list(reversed(before))


def test_the_limit_keeps_the_best(imported_seeds):
    every = rank_documents(imported_seeds, "the", 1000).document_ids
    assert len(every) > 3
    assert rank_documents(imported_seeds, "the", 3).document_ids == every[:3]


def test_library_search_snippets_the_first_page_and_pages_the_rest(fresh_db):
    ids = [add_text(fresh_db, f"Report {i}: shelling hit the town again.", title=f"r{i}")
           for i in range(7)]
    shown, first = library.search(fresh_db, "shelling", first=3)
    assert len(shown.document_ids) == 3 and [h[0] for h in first] == list(shown.document_ids)
    ranked = library.rank_rest(fresh_db, "shelling", shown)
    assert sorted(ranked.document_ids) == sorted(ids)
    assert ranked.document_ids[:3] == shown.document_ids
    rest = library.search_page(fresh_db, ranked, ranked.document_ids[3:])
    every = first + rest
    before = search_documents(fresh_db, "shelling", 1000)
    assert every == [(h.document_id, h.snippet, (h.match_start, h.match_end)) for h in before]
    assert all("[shelling]" in snippet for _, snippet, _ in every)


def test_nothing_to_rank_gives_no_hits(fresh_db):
    ranked = rank_documents(fresh_db, "   ", 10)
    assert ranked.document_ids == () and hits_for(fresh_db, ranked, ["x"]) == []
    assert library.search(fresh_db, "") == (ranked, [])


def test_a_search_with_every_hit_on_the_first_screen_is_not_ranked_again(fresh_db, monkeypatch):
    for i in range(2):
        add_text(fresh_db, f"Shelling report {i}.", title=f"r{i}")
    shown, first = library.search(fresh_db, "shelling", first=5)
    assert len(first) == 2 and shown.matches.describe() == "2 documents match"
    monkeypatch.setattr(library, "rank_documents", lambda *a, **k: pytest.fail("ranked again"))
    assert library.rank_rest(fresh_db, "shelling", shown) is shown
