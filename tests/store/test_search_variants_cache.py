"""Spelling variants follow the index: new words are found, from the search_terms table,
and without it (a database not yet migrated, opened read-only) from the folded vocabulary
kept between searches."""

from __future__ import annotations

from store import search_variants
from store.search import search_documents
from store.search_variants import expanded_query
from tests.support.workstation import add_text


def test_variants_come_from_the_terms_table_and_follow_a_change_of_the_index(fresh_db):
    search_variants._FOLDED.clear()
    atme = add_text(fresh_db, "A raid on Atme killed 13.", title="one")
    assert {h.document_id for h in search_documents(fresh_db, "Atmeh")} == {atme}
    assert not search_variants._FOLDED  # no vocabulary read: the table answered
    atma = add_text(fresh_db, "Residents of Atma fled.", title="two")  # the index changes
    assert {h.document_id for h in search_documents(fresh_db, "Atmeh")} == {atme, atma}
    assert '"atma"' in expanded_query(fresh_db, "Atmeh")


def test_without_the_terms_table_the_folded_vocabulary_is_kept_and_follows_the_index(fresh_db):
    fresh_db.execute("DROP TABLE search_terms")
    search_variants._FOLDED.clear()
    atme = add_text(fresh_db, "A raid on Atme killed 13.", title="one")
    assert {h.document_id for h in search_documents(fresh_db, "Atmeh")} == {atme}
    kept = len(search_variants._FOLDED)
    assert kept  # the letter's folded words are kept for the next search
    assert {h.document_id for h in search_documents(fresh_db, "Atmeh")} == {atme}
    assert len(search_variants._FOLDED) == kept  # and used: nothing read again
    atma = add_text(fresh_db, "Residents of Atma fled.", title="two")  # the index changes
    assert {h.document_id for h in search_documents(fresh_db, "Atmeh")} == {atme, atma}
    assert '"atma"' in expanded_query(fresh_db, "Atmeh")


def test_a_word_whose_only_variant_is_itself_is_searched_once(fresh_db):
    killed = add_text(fresh_db, "Three were killed in the raid.", title="one")
    assert expanded_query(fresh_db, "Killed raid") is None  # no second copy of the query
    assert {h.document_id for h in search_documents(fresh_db, "Killed raid")} == {killed}
    # Once another spelling is indexed, the word is widened again.
    typo = add_text(fresh_db, "Three were kiled in the raid, said a typo.", title="two")
    assert '"kiled"' in expanded_query(fresh_db, "Killed raid")
    assert {h.document_id for h in search_documents(fresh_db, "Killed raid")} == {killed, typo}
