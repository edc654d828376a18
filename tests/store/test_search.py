"""Full-text search: ranked hits, snippets, offsets of the match, no error for odd queries."""

import io

import pytest

from store.cli.main import main
from store.records import documents
from store.search import search_documents


def test_hits_are_ranked_with_snippet_and_the_offsets_of_the_shown_match(imported_seeds):
    hits = search_documents(imported_seeds, "Khusham", 10)
    assert {documents.get_document(imported_seeds, h.document_id)["source"].rsplit("/", 1)[1] for h in hits} == {
        "003_a044712c1133c969.txt", "004_de3cc8737eb6b66b.txt"}
    assert [h.rank for h in hits] == sorted(h.rank for h in hits)
    for hit in hits:
        text = documents.get_text(imported_seeds, hit.document_id)
        assert text[hit.match_start:hit.match_end] == "Khusham"
        start, end = hit.highlights[0]
        assert hit.snippet[start:end] == "Khusham" and hit.snippet[start - 1] == "["


def test_title_matches_rank_first(imported_seeds):
    hits = search_documents(imported_seeds, "Jarabulus", 5)
    assert hits[0].title.startswith("Targeting ISIS members")


@pytest.mark.parametrize("query", ['al-Qaeda', 'U.S.', '"unbalanced', 'AND', 'title:', 'NEAR(', '*', "Deir:Zour"])
def test_invalid_fts_syntax_is_searched_safely_never_an_error(imported_seeds, query):
    search_documents(imported_seeds, query, 5)  # must not raise


def test_fallback_searches_the_words_as_phrases(imported_seeds):
    hits = search_documents(imported_seeds, "al-Qaeda", 5)
    assert hits and all("al-Qaeda" in documents.get_text(imported_seeds, h.document_id) for h in hits)


def test_fts_syntax_works_when_valid(imported_seeds):
    either = {h.document_id for h in search_documents(imported_seeds, "Atme OR Atma", 10)}
    atme = {h.document_id for h in search_documents(imported_seeds, "Atme", 10)}
    atma = {h.document_id for h in search_documents(imported_seeds, "Atma", 10)}
    # Atme and Atma are one name spelled two ways (store.search_variants), so each finds both.
    assert either == atme | atma and either


def test_cli_search_makes_control_characters_visible(db_path, tmp_path):
    evil = tmp_path / "evil.txt"
    evil.write_bytes(b"Evil title \x1b]52;c;cHduZWQ=\x07\nThe payload \x1b[2J\x1b[31m Atme\x1b[0m \xe2\x80\xae end")
    out, err = io.StringIO(), io.StringIO()
    assert main(["--db", str(db_path), "import", str(evil)], login="alice", out=out, err=err) == 0
    out = io.StringIO()
    assert main(["--db", str(db_path), "search", "Atme"], login="alice", out=out, err=err) == 0
    printed = out.getvalue()
    assert "\x1b" not in printed and "\x07" not in printed and "\u202e" not in printed
    assert "\u241b]52;c;cHduZWQ=\u2407" in printed and "[Atme]" in printed and "\u27e8U+202E\u27e9" in printed
    out = io.StringIO()
    assert main(["--db", str(db_path), "search", "nothing-like-this"], login="alice", out=out, err=err) == 1
    assert out.getvalue() == "no documents match nothing-like-this\n"


def test_a_place_is_found_under_its_spelling_variants(fresh_db):
    from store.records.places import add_place
    from store.search import search_documents
    from tests.support.workstation import add_text

    atme = add_text(fresh_db, "A raid on Atme killed 13.", title="one")
    atma = add_text(fresh_db, "Residents of Atma fled.", title="two")
    deir = add_text(fresh_db, "Shelling hit Deir al-Zour again.", title="three")
    add_text(fresh_db, "Nothing here about the Atlas mountains.", title="four")
    assert {h.document_id for h in search_documents(fresh_db, "Atmeh")} == {atme, atma}
    assert [h.document_id for h in search_documents(fresh_db, "Deir ez-Zor")] == [deir]
    hit = search_documents(fresh_db, "Deir ez-Zor")[0]
    assert "[Deir]" in hit.snippet and "[Zour]" in hit.snippet
    # An editor's place brings its alternate names along.
    khusham = add_text(fresh_db, "Fighting near Khasham.", title="five")
    assert search_documents(fresh_db, "Khusha") == []
    add_place(fresh_db, "alice", name="Khusham", alternate_names=["Khasham", "Khusha"], country="SY")
    assert [h.document_id for h in search_documents(fresh_db, "Khusha")] == [khusham]
    # FTS5 syntax still works as before.
    assert {h.document_id for h in search_documents(fresh_db, "Atme OR Atma")} == {atme, atma}


def test_cli_search_finds_spelling_variants_on_its_read_only_connection(fresh_db, db_path):
    import hashlib

    from store import search_variants
    from store.db.connection import open_db_readonly
    from tests.support.workstation import add_text

    atme = add_text(fresh_db, "A raid on Atme killed 13.", title="one")
    atma = add_text(fresh_db, "Residents of Atma fled.", title="two")
    fresh_db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    search_variants._FOLDED.clear()  # as a new process: nothing kept from the writer's searches
    reader = open_db_readonly(db_path)
    assert {h.document_id for h in search_documents(reader, "Atmeh")} == {atme, atma}
    assert reader.execute("PRAGMA query_only").fetchone()[0] == 1  # still read-only after
    reader.close()
    search_variants._FOLDED.clear()
    out = io.StringIO()
    assert main(["--db", str(db_path), "search", "Atmeh"], login="alice", out=out,
                err=io.StringIO()) == 0
    assert atme in out.getvalue() and atma in out.getvalue()
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before
