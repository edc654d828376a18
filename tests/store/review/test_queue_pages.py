"""The review queue in pages: the same rows, in the same order, as the whole queue filtered."""

import datetime as dt

import pytest

from store.records import documents, events, people
from store.review import queue
from store.review import workflow as review
from store.review.queue_pages import queue_count, queue_page, waiting_count


@pytest.fixture
def db(fresh_db):
    for login in ("bob", "dan", "émile"):
        people.ensure_user(fresh_db, login)
    docs = [documents.add_document(fresh_db, text=f"Shelling in Idlib, report {i}.", bytes_sha256=f"{i:02d}",
                                   encoding="utf-8", actor="alice", title=t).id
            for i, t in enumerate(("Atme raid", "ÉCOLE bombed", None))]
    for i in range(23):
        who = ("dan", "bob", "émile")[i % 3]
        event = events.create_event(fresh_db, docs[i % 3], who, event_type=("Battles", "Protests")[i % 2],
                                    location=("Idlib", "Straße", "Atme")[i % 3], date="2022-01-01")
        if i % 5 != 4:  # some stay drafts: not in the queue
            review.submit(fresh_db, event["id"], who)
    return fresh_db


def _paged(db, spec, size, now=None):
    rows, after = [], None
    while True:
        page = queue_page(db, spec, after=after, limit=size, now=now)
        if not page:
            return rows
        rows += page
        after = page[-1]["key"]


@pytest.mark.parametrize("spec", ["", "@dan", "annotator:bob idlib", "doc:atm", "doc:école", "straße",
                                  "PROTESTS", "older:1d", "nothing-like-it"])
def test_pages_are_the_filtered_queue_in_order(db, spec):
    whole = [r["id"] for r in queue.filter_queue(queue.review_queue(db), spec)]
    for size in (1, 4, 200):
        assert [r["id"] for r in _paged(db, spec, size)] == whole
    assert queue_count(db, spec) == len(whole)


def test_older_counts_from_now(db):
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=3)
    assert len(_paged(db, "older:2d", 5, now=later)) == queue_count(db) == waiting_count(db)
    assert queue_page(db, "older:2d") == []


def test_a_page_row_has_what_the_screen_shows(db):
    row = queue_page(db, limit=1)[0]
    for key in ("id", "document_id", "version", "created_by", "submitted_at", "submitted_by",
                "event_type", "date", "location", "document_title"):
        assert key in row
