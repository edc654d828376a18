"""What stands behind each value of an event: evidence, a person's typing, or a stale mark.

- `backed`: words in the article prove it (an evidence link);
- `stale`: its evidence was removed, moved or lost in a revision; shown until
  the coder confirms or changes the value;
- `grounded`: resolved from a span's words (a date against the article's date,
  a place in the gazetteer, a count), its source in `event_values`;
- `typed`: a person entered it with no evidence: allowed, but an editor sees
  it listed in review.

A field with no value has no state. Grounded values (dates, places, numbers
resolved from a span) are backed by that span.
"""

from __future__ import annotations

import sqlite_utils

from store.records.events import EVENT_FIELDS

#: Bookkeeping fields no evidence is expected for.
NO_EVIDENCE_EXPECTED = {"notes", "grading", "civilian_targeting", "event_type", "sub_event_type",
                        "time_precision", "geo_precision", "actor1_kind", "actor2_kind"}


def field_states(db: sqlite_utils.Database, event: dict) -> dict[str, str]:
    """field -> backed | grounded | stale | typed, for every field of `event` that has a value."""
    backed = {f for (f,) in db.execute(
        "SELECT DISTINCT field FROM event_evidence WHERE event_id = ?", [event["id"]])}
    stale = {f for (f,) in db.execute("SELECT field FROM stale_fields WHERE event_id = ?",
                                      [event["id"]])}
    grounded = {f for (f,) in db.execute(
        "SELECT field FROM event_values WHERE event_id = ? AND source IN ('grounded', 'accepted', 'picked')",
        [event["id"]])}
    states = {}
    for field in EVENT_FIELDS:
        if event.get(field) in (None, ""):
            continue
        if field in stale:
            states[field] = "stale"
        elif field in backed:
            states[field] = "backed"
        elif field in grounded:
            states[field] = "grounded"
        elif field not in NO_EVIDENCE_EXPECTED:
            states[field] = "typed"
    return states


def unbacked(db: sqlite_utils.Database, event: dict) -> dict[str, list[str]]:
    """The fields an editor should look at: {"typed": [...], "stale": [...]}."""
    states = field_states(db, event)
    return {kind: sorted(f for f, s in states.items() if s == kind) for kind in ("typed", "stale")}
