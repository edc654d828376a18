"""A document's annotation state: everything the annotate screen shows, read in one go."""

from __future__ import annotations

import json

import sqlite_utils

from store.records import claims as claims_mod
from store.records import events as events_mod
from store.records import stale
from store.records import values as values_mod
from store.review import queue
from store.revisions.revise import orphaned_spans


def span_briefs(db: sqlite_utils.Database, document_id: str) -> list[dict]:
    """The document's spans with only what the screen draws: id, start, end, label, quote.

    Read after every action, so it is kept light: 10,000 full rows (with
    prefix, suffix, provenance) cost a writer thread several times more.  The rows
    come back as one JSON array in a single step: fetched row by row, each of 10,000
    steps gave up the GIL and waited for it again behind the UI thread (a 1 MB
    document's spans took 600 ms to read beside the screen being drawn, for 100 ms
    of work).  JSON strings carry any text exactly (NUL, controls, astral code points).
    """
    (packed,) = db.execute(
        'SELECT json_group_array(json_array(id, start, "end", label, quote, created_at))'
        ' FROM spans WHERE document_id = ?', [document_id]).fetchone()
    rows = json.loads(packed)
    # Sorted here, not in SQL: the index on (document_id, start) gives the rows nearly
    # in order, which Python's sort finishes in a few ms; SQLite's ORDER BY on the
    # other columns sorted 10,000 rows in a temporary B-tree first (~5-10 ms more).
    # NULL offsets first, as SQL sorts.
    rows.sort(key=_reading_order)
    return [{"id": i, "start": a, "end": b, "label": lab, "quote": q}
            for i, a, b, lab, q, _ in rows]


def _reading_order(row: list) -> tuple:
    _, start, end, _, _, created = row
    return (start is not None, start or 0, end is not None, end or 0, created or "")


def document_state(db: sqlite_utils.Database, document_id: str) -> dict:
    """Everything the annotate screen shows for a document, read in one go."""
    events = events_mod.list_events(db, document_id)
    return {
        "document_id": document_id,
        "spans": span_briefs(db, document_id),
        "events": events,
        "claims": claims_mod.list_claims(db, document_id=document_id),
        "evidence": {e["id"]: events_mod.evidence_for(db, e["id"]) for e in events},
        # Why an event was sent back, rejected or reopened: the annotator reads it on the form.
        "comments": queue.open_comments(db, event_ids=[e["id"] for e in events]),
        # Fields whose evidence a revision moved or lost, per event: shown until confirmed.
        "stale": {e["id"]: stale.for_event(db, e["id"]) for e in events},
        # Spans a revision lost, with their author and the fields they backed.
        "orphans": orphaned_spans(db, document_id),
        # Where each grounded value came from (store.records.values), shown beside the field.
        "values": {e["id"]: values_mod.values_for(db, e["id"]) for e in events},
    }
