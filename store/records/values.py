"""Where each grounded event value came from (`event_values`), kept apart from the evidence.

One row per (event, field): `source` is `grounded` (read from a span by a rule),
`accepted` (a person confirmed the grounded value), `picked` (a person chose
another gazetteer candidate), `typed` (a person's own value over a grounded
one) or `suggested`; `span_id`, `rule` and `detail` (JSON: the words, the
article date, flags, candidates) say how. Rows are written inside the
caller's transaction and recorded in the history.
"""

from __future__ import annotations

import json

import sqlite_utils

from store.db.connection import utc_now
from store.records import history

SOURCES = ("grounded", "accepted", "picked", "typed", "suggested")


def values_for(db: sqlite_utils.Database, event_id: str) -> dict[str, dict]:
    """field -> its provenance row (detail decoded)."""
    out = {}
    for row in db.query("SELECT * FROM event_values WHERE event_id = ?", [event_id]):
        row["detail"] = json.loads(row["detail"] or "{}")
        out[row["field"]] = row
    return out


def snapshot(db: sqlite_utils.Database, event_id: str, fields) -> tuple:
    """The stored rows for `fields` (None where a field has none), to put back on undo."""
    stored = values_for(db, event_id)
    return tuple((f, _frozen(stored.get(f))) for f in fields)


def _frozen(row: dict | None):
    if row is None:
        return None
    return json.dumps({k: row[k] for k in ("source", "span_id", "rule", "detail", "by", "at")},
                      sort_keys=True)


def put(db: sqlite_utils.Database, event_id: str, field: str, *, source: str, actor: str,
        span_id: str | None = None, rule: str | None = None, detail: dict | None = None) -> dict:
    if source not in SOURCES:
        raise ValueError(f"unknown value source {source!r}")
    row = {"event_id": event_id, "field": field, "source": source, "span_id": span_id,
           "rule": rule, "detail": json.dumps(detail or {}, ensure_ascii=False, sort_keys=True),
           "by": actor, "at": utc_now()}
    db["event_values"].upsert(row, pk=("event_id", "field"))
    history.record(db, actor=actor, action="ground", entity="event", entity_id=event_id, after=row)
    return row


def restore(db: sqlite_utils.Database, event_id: str, saved: tuple, actor: str) -> None:
    """Put back what `snapshot` took: each field's row, or none."""
    for field, frozen in saved:
        db.execute("DELETE FROM event_values WHERE event_id = ? AND field = ?", [event_id, field])
        if frozen is not None:
            row = json.loads(frozen)
            db["event_values"].insert({"event_id": event_id, "field": field, **row,
                                       "detail": json.dumps(row["detail"], ensure_ascii=False,
                                                            sort_keys=True)})
    history.record(db, actor=actor, action="unground", entity="event", entity_id=event_id,
                   after={"restored": [f for f, _ in saved]})


def mark_typed(db: sqlite_utils.Database, event_id: str, fields, actor: str) -> None:
    """A person typed these fields: a grounded value they replace becomes theirs."""
    stored = values_for(db, event_id)
    for field in fields:
        if field in stored and stored[field]["source"] != "typed":
            previous = stored[field]
            put(db, event_id, field, source="typed", actor=actor, span_id=previous["span_id"],
                rule=None, detail={"over": previous["source"], "words": previous["detail"].get("words")})
