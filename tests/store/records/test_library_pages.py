"""Paged library rows: keyset pages cover every row once, in order; filters run in SQL."""

from __future__ import annotations

import pytest

from store.annotate import actions as act
from store.annotate.gateway import Session
from store.errors import StoreError
from store.records.documents import add_document
from store.records.library_pages import count_rows, library_page, parse_filter


@pytest.fixture
def many(fresh_db):
    db = fresh_db
    ids = []
    for i in range(23):
        ids.append(add_document(db, text=f"article number {i}\n", bytes_sha256="0" * 64,
                                encoding="utf-8", actor="t", title=f"T{i:02d}",
                                outlet=("A", "B")[i % 2], published=f"20{10 + i}-01-01").id)
    return ids


def walk(db, **kw):
    seen, key = [], None
    while True:
        page = library_page(db, after=key, limit=5, **kw)
        if not page:
            return seen
        seen += [r["id"] for r in page]
        key = page[-1]["key"]


def test_pages_cover_every_row_once_in_each_sort(fresh_db, many):
    db = fresh_db
    assert walk(db) == many
    assert walk(db, sort="title") == many
    assert walk(db, sort="outlet") == many[0::2] + many[1::2]
    assert count_rows(db) == 23


def test_last_page_and_paging_back(fresh_db, many):
    db = fresh_db
    last = library_page(db, last=True, limit=5)
    assert [r["id"] for r in last] == many[-5:]
    back = library_page(db, before=last[0]["key"], limit=5)
    assert [r["id"] for r in back] == many[-10:-5]


def test_filters(fresh_db, many):
    db = fresh_db
    session = Session(db, "alice")
    session.perform(act.CreateEvent(document_id=many[3]))
    flt = parse_filter('outlet:B from:2012 to:2015 coder:alice events')
    rows = library_page(db, flt=flt)
    assert [r["id"] for r in rows] == [many[3]] and rows[0]["status_counts"] == {"draft": 1}
    assert count_rows(db, parse_filter("outlet:A")) == 12
    assert count_rows(db, parse_filter("status:draft")) == 1
    assert count_rows(db, parse_filter("review")) == 0
    with pytest.raises(StoreError, match="unknown filter"):
        parse_filter("colour:red")


def test_a_revised_article_is_one_row_its_newest_version_and_versions_lists_the_older(fresh_db):
    from store.records.documents import add_document, sha256_text
    from store.records.library_pages import LibraryFilter, count_rows, library_page, parse_filter
    from store.revisions.revise import revise_document

    def doc(text, **extra):
        return add_document(fresh_db, text=text, bytes_sha256=sha256_text(text), encoding="utf-8",
                            actor="alice", **extra).id

    old = doc("Raid in Atme.\\n", title="Raid")
    other = doc("Strikes near Khusham.\\n", title="Strikes")
    new = doc("Raid in Atmeh, revised.\\n")
    fresh_db.execute("UPDATE documents SET supersedes = ?, revision = 2 WHERE id = ?", [old, new])
    revise_document(fresh_db, old, new, "alice")
    rows = library_page(fresh_db)
    assert [r["id"] for r in rows] == [other, new]
    assert rows[1]["revision"] == 2 and rows[1]["supersedes"] == old
    assert count_rows(fresh_db) == 2
    every = parse_filter("versions")
    assert {r["id"] for r in library_page(fresh_db, flt=every)} == {old, other, new}
    assert count_rows(fresh_db, every) == 3
    assert LibraryFilter().all_versions is False
