"""The folded vocabulary kept between searches follows the index: new words are found."""

from __future__ import annotations

from store import search_variants
from store.search import search_documents
from store.search_variants import expanded_query
from tests.support.workstation import add_text


def test_variants_kept_between_searches_follow_a_change_of_the_index(fresh_db):
    atme = add_text(fresh_db, "A raid on Atme killed 13.", title="one")
    assert {h.document_id for h in search_documents(fresh_db, "Atmeh")} == {atme}
    kept = len(search_variants._FOLDED)
    assert kept  # the letter's folded words are kept for the next search
    assert {h.document_id for h in search_documents(fresh_db, "Atmeh")} == {atme}
    assert len(search_variants._FOLDED) == kept  # and used: nothing read again
    atma = add_text(fresh_db, "Residents of Atma fled.", title="two")  # the index changes
    assert {h.document_id for h in search_documents(fresh_db, "Atmeh")} == {atme, atma}
    assert '"atma"' in expanded_query(fresh_db, "Atmeh")
