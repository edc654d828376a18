"""Stale fields: values whose evidence a revision moved or lost.

A revised article's copied event keeps its values, but where the words that
proved a field were orphaned (no longer in the text) or only fuzzily found,
the value is no longer known to be backed. Such a field is marked stale until
a person confirms or changes it; placing the orphan on new words updates the
value from them. Each mark and each clearing is in the history (entity
`stale_field`), kept apart from the event row itself.
"""

from __future__ import annotations

import sqlite_utils

from store.db.connection import utc_now
from store.records import history


def mark(db: sqlite_utils.Database, event_id: str, field: str, reason: str,
         span_id: str | None, actor: str, at: str | None = None) -> dict:
    """Mark `field` of the event stale (in the caller's transaction)."""
    row = {"event_id": event_id, "field": field, "reason": reason, "span_id": span_id,
           "marked_by": actor, "marked_at": at or utc_now()}
    db["stale_fields"].insert(row, replace=True)
    history.record(db, actor=actor, action="mark", entity="stale_field",
                   entity_id=f"{event_id}:{field}", after=row)
    return row


def clear(db: sqlite_utils.Database, event_id: str, field: str, actor: str) -> dict | None:
    """Take the mark off (a person confirmed or changed the value); returns the mark removed."""
    rows = list(db.query("SELECT * FROM stale_fields WHERE event_id = ? AND field = ?",
                         [event_id, field]))
    if not rows:
        return None
    db.execute("DELETE FROM stale_fields WHERE event_id = ? AND field = ?", [event_id, field])
    history.record(db, actor=actor, action="clear", entity="stale_field",
                   entity_id=f"{event_id}:{field}", before=rows[0])
    return rows[0]


def restore(db: sqlite_utils.Database, removed: dict, actor: str) -> None:
    """Put back a mark `clear` removed (an undo)."""
    mark(db, removed["event_id"], removed["field"], removed["reason"], removed["span_id"], actor)


def for_event(db: sqlite_utils.Database, event_id: str) -> dict[str, dict]:
    """field -> its stale mark, for one event."""
    return {r["field"]: r for r in db.query(
        "SELECT * FROM stale_fields WHERE event_id = ? ORDER BY field", [event_id])}


def for_span(db: sqlite_utils.Database, span_id: str) -> list[dict]:
    """The marks a span's move or loss caused."""
    return list(db.query("SELECT * FROM stale_fields WHERE span_id = ? ORDER BY event_id, field",
                         [span_id]))
