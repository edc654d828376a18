"""Ranking past CANDIDATES matches (store/search.py): only the newest are ranked, every
result still matches, and the number of matches shown is exact or said to be "about"."""

from __future__ import annotations

import pytest

from store import library, search
from store.search import find, rank_documents, search_documents
from tests.support.workstation import add_text


@pytest.fixture
def corpus(fresh_db):
    ids = []
    for i in range(12):
        # Shelling in every document; more of it (better bm25) in the older ones.
        text = " ".join(["shelling"] * (12 - i)) + f" report {i} " + "filler " * 20
        ids.append(add_text(fresh_db, text, title=f"doc {i}"))
    for i in range(5):
        add_text(fresh_db, f"quiet day {i} " + "filler " * 20, title=f"other {i}")
    return fresh_db, ids


def test_under_the_cap_results_are_full_ranking_and_the_count_exact(corpus):
    db, ids = corpus
    found = find(db, "shelling", 5)
    assert [h.document_id for h in found.hits] == ids[:5]  # the most shelling first
    assert found.matches.total == 12 and not found.matches.estimated and not found.matches.capped
    assert found.matches.describe() == "12 documents match"


def test_past_the_cap_the_newest_are_ranked_every_hit_matches_and_the_count_is_exact(corpus, monkeypatch):
    db, ids = corpus
    full = [h.document_id for h in search_documents(db, "shelling", 100)]
    monkeypatch.setattr(search, "CANDIDATES", 4)
    found = find(db, "shelling", 100)
    newest = set(ids[-4:])
    assert {h.document_id for h in found.hits} == newest  # only the newest 4 were ranked
    assert [h.document_id for h in found.hits] == [i for i in full if i in newest]  # in full order
    assert all("shelling" in h.snippet.lower() for h in found.hits)
    assert found.matches.total == 12 and found.matches.capped and not found.matches.estimated
    assert found.matches.describe() == "12 documents match; the 4 most recently imported ranked"
    ranked = rank_documents(db, "shelling")
    assert list(ranked.document_ids) == [h.document_id for h in found.hits]
    assert ranked.matches == found.matches


def test_when_counting_is_too_slow_the_count_is_an_honest_estimate(corpus, monkeypatch):
    db, ids = corpus
    monkeypatch.setattr(search, "CANDIDATES", 4)
    monkeypatch.setattr(search._Deadline, "within", lambda self, seconds, statement: None)
    found = find(db, "shelling", 100)
    assert found.matches.estimated and found.matches.total > 4
    assert found.matches.describe().startswith("about ")
    assert {h.document_id for h in found.hits} == set(ids[-4:])


def test_the_library_pages_of_a_capped_search_match_one_search(corpus, monkeypatch):
    db, _ = corpus
    monkeypatch.setattr(search, "CANDIDATES", 4)
    shown, first = library.search(db, "shelling", first=2)
    assert not shown.matches.counted  # the first screenful does not wait for the count
    assert shown.matches.describe() == "more than 4 documents match; the 4 most recently imported ranked"
    ranked = library.rank_rest(db, "shelling", shown)
    assert ranked.matches.counted and ranked.matches.total == 12
    rest = library.search_page(db, ranked, ranked.document_ids[2:])
    hits = search_documents(db, "shelling", 100)
    assert [h[0] for h in first + rest] == [h.document_id for h in hits]
    assert [h[1] for h in first + rest] == [h.snippet for h in hits]


def test_a_variant_query_past_the_cap_still_only_returns_matches(fresh_db, monkeypatch):
    for i in range(6):
        add_text(fresh_db, f"A raid on Atme number {i}.", title=f"atme {i}")
        add_text(fresh_db, f"Residents of Atma fled, report {i}.", title=f"atma {i}")
        add_text(fresh_db, f"Nothing here {i}.", title=f"none {i}")
    monkeypatch.setattr(search, "CANDIDATES", 5)
    found = find(fresh_db, "Atmeh", 50)
    assert len(found.hits) == 5
    assert all(h.title.startswith(("atme", "atma")) for h in found.hits)
    assert found.matches.total == 12


def test_page_hits_carry_the_ranking_ranks_and_a_document_outside_it_is_ranked_there(corpus, monkeypatch):
    db, ids = corpus
    monkeypatch.setattr(search, "CANDIDATES", 4)
    ranked = rank_documents(db, "shelling")
    full = {h.document_id: h for h in search_documents(db, "shelling", 100)}
    page = search.hits_for(db, ranked, [ids[0], *ranked.document_ids])  # ids[0]: not ranked (old)
    assert [h.document_id for h in page] == [ids[0], *ranked.document_ids]
    for hit in page:
        assert hit.snippet == full.get(hit.document_id, hit).snippet
    monkeypatch.setattr(search, "CANDIDATES", 2000)
    everything = {h.document_id: h.rank for h in search_documents(db, "shelling", 100)}
    assert [h.rank for h in page] == pytest.approx([everything[h.document_id] for h in page])
