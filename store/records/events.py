"""Events: one coded incident, its fields, the evidence for each field, its version.

A field's *value* (what the coder or a later grounding step says) is kept apart
from its *evidence* (the spans that prove it, in `event_evidence`), so dates,
numbers and places can be grounded later without touching the proof.

Every update names the version it was based on; if someone else saved in
between, `ConflictError` carries their state and nothing is written.
"""

from __future__ import annotations

from datetime import date

import sqlite_utils

from store.db.connection import new_id, transaction, utc_now
from store.errors import ConflictError, PermissionDenied, StoreError
from store.records import history, people
from store.records.taxonomy import ACLED_TAXONOMY
from store.records.validation import check_event, check_value

#: Fields a person may set on an event (not status, version or bookkeeping).
EVENT_FIELDS = (
    "event_type", "sub_event_type", "trigger",
    "date", "date_start", "date_end", "time_precision",
    "location", "country", "admin1", "admin2", "admin3", "latitude", "longitude",
    "gazetteer_id", "geo_precision",
    "actor1", "actor1_kind", "assoc_actor_1", "actor2", "actor2_kind", "assoc_actor_2",
    "killed", "fatalities_low", "fatalities_best", "fatalities_high",
    "injured", "injured_low", "injured_best", "injured_high",
    "civilian_targeting", "grading", "notes",
)


#: Statuses in which a coder's labels still change the event (others are with the editors).
EDITABLE_STATUSES = ("draft", "needs_revision")

#: Which event field a span label fills while an event is active.
LABEL_TO_FIELD = {
    "Trigger": "trigger",
    "Date": "date",
    "Location": "location",
    "Actor": "actor1",
    "Target": "actor2",
    "Killed": "killed",
    "Injured": "injured",
}


#: What must be set before an event can be submitted, with the words to show.
#: Each entry is satisfied by any one of its fields: a date may be the quoted
#: words ("on Thursday") or the resolved ISO date typed into the form.
REQUIRED_FOR_SUBMISSION = {
    ("event_type",): "no event type",
    ("date", "date_start"): "no date",
    ("location",): "no location",
}


INTEGER_FIELDS = {
    "time_precision", "geo_precision", "fatalities_low", "fatalities_best", "fatalities_high",
    "injured_low", "injured_best", "injured_high", "civilian_targeting",
}


REAL_FIELDS = {"latitude", "longitude"}


#: Resolved dates (domain.md §2): ISO dates, which the ACLED and UCDP exports write as
#: they are. The quoted words ("on Thursday") go in `date`, which takes any text.
ISO_DATE_FIELDS = {"date_start", "date_end"}


def get_event(db: sqlite_utils.Database, event_id: str) -> dict:
    rows = list(db.query("SELECT * FROM events WHERE id = ?", [event_id]))
    if not rows:
        raise StoreError(f"no event with id {event_id}")
    return rows[0]


def list_events(db: sqlite_utils.Database, document_id: str | None = None) -> list[dict]:
    if document_id is None:
        return list(db.query("SELECT * FROM events ORDER BY created_at"))
    return list(db.query("SELECT * FROM events WHERE document_id = ? ORDER BY created_at", [document_id]))


def evidence_for(db: sqlite_utils.Database, event_id: str) -> dict[str, list[str]]:
    """field -> ids of its evidence spans (in the order they were linked)."""
    out: dict[str, list[str]] = {}
    for field, span_id in db.execute(
        "SELECT field, span_id FROM event_evidence WHERE event_id = ? ORDER BY created_at, rowid",
        [event_id],
    ):
        out.setdefault(field, []).append(span_id)
    return out


def missing_for_submission(event: dict) -> list[str]:
    """What blocks submitting `event`, as words to show in the form.

    Besides the required fields, a type typed into the form (not chosen with
    the picker) must be an ACLED type, and a sub-type one of that type's: the
    exports write these columns as they are.
    """
    missing = [words for fields, words in REQUIRED_FOR_SUBMISSION.items()
               if all(event.get(field) in (None, "") for field in fields)]
    etype, sub = event.get("event_type"), event.get("sub_event_type")
    if etype not in (None, "") and etype not in ACLED_TAXONOMY:
        missing.append(f"event type {etype!r} is not an ACLED type (t picks one)")
    elif etype and sub not in (None, "") and sub not in ACLED_TAXONOMY[etype]:
        missing.append(f"sub-type {sub!r} is not a sub-type of {etype} (t picks one)")
    return missing


def coerce_field(field: str, value):
    """Turn typed input into the column's type; '' clears a field."""
    if field not in EVENT_FIELDS:
        raise StoreError(f"unknown event field: {field}")
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None
    if field in INTEGER_FIELDS:
        try:
            number = int(str(value).strip())
        except ValueError:
            raise StoreError(f"{field} must be a whole number, not {value!r}") from None
        return check_value(field, number)
    if field in REAL_FIELDS:
        try:
            number = float(str(value).strip())
        except ValueError:
            raise StoreError(f"{field} must be a number, not {value!r}") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise StoreError(f"{field} must be a number, not {value!r}")
        return check_value(field, number)
    if field in ISO_DATE_FIELDS:
        text = str(value).strip()
        try:
            # fromisoformat alone would also take "20221103" and week dates.
            if len(text) != 10:
                raise ValueError
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise StoreError(f"{field} must be a date as YYYY-MM-DD, not {value!r}") from None
    return check_value(field, value)


def create_event(db: sqlite_utils.Database, document_id: str, actor: str, **fields) -> dict:
    now = utc_now()
    row = {
        "id": new_id(), "document_id": document_id, "status": "draft", "version": 1,
        "created_by": actor, "created_at": now, "updated_by": actor, "updated_at": now,
    }
    row.update({k: coerce_field(k, v) for k, v in fields.items()})
    check_event(row)
    with transaction(db):
        people.require(db, actor, "annotate", "coding events")
        if db.execute("SELECT 1 FROM documents WHERE id = ?", [document_id]).fetchone() is None:
            raise StoreError(f"no document with id {document_id}")
        db["events"].insert(row)
        event = get_event(db, row["id"])
        history.record(db, actor=actor, action="create", entity="event", entity_id=row["id"], after=event)
    return event


def check_editable(db: sqlite_utils.Database, event: dict, actor: str) -> None:
    """Refuse a change to `event` by `actor` that its status does not allow.

    Approved and rejected events are read-only until an editor reopens them, and so are
    the events of an approved or rejected incident until it is reopened.  A
    submitted event is with the editors: only they may correct it (their
    correction is recorded as theirs, see store.review.workflow for what that means for
    four eyes); the annotator gets it back with `return_for_revision`.
    """
    people.require(db, actor, "annotate", "changing events")
    status = event["status"]
    if status == "approved":
        raise StoreError("this event is approved and read-only; an editor must reopen it first")
    if status == "rejected":
        raise StoreError("this event was rejected and is read-only; an editor must reopen it first")
    if status == "submitted" and not people.can(db, actor, "review"):
        raise PermissionDenied(
            "this event is submitted for review; only an editor may change it until it is sent back")
    # An approved incident rests on its events as they were: they stay as they are until
    # the incident is reopened (store/records/incidents.py).
    linked = db.execute("SELECT i.id, i.status FROM incident_members m JOIN incidents i"
                        " ON i.id = m.incident_id WHERE m.event_id = ?", [event["id"]]).fetchone()
    if linked and linked[1] in ("approved", "rejected"):
        raise StoreError(f"this event is in incident {linked[0][:8]}, which is {linked[1]} and"
                         " read-only; an editor must reopen the incident first")


def update_event(
    db: sqlite_utils.Database, event_id: str, expected_version: int, changes: dict, actor: str
) -> dict:
    """Set fields of an event that is still at `expected_version`; returns the new state."""
    values = {k: coerce_field(k, v) for k, v in changes.items()}
    with transaction(db):
        before = get_event(db, event_id)
        if before["version"] != expected_version:
            raise ConflictError(
                f"event was changed by {before['updated_by']} at {before['updated_at']} "
                f"(version {before['version']}, you had {expected_version})",
                before,
            )
        check_editable(db, before, actor)
        check_event({**before, **values})
        values.update(version=expected_version + 1, updated_by=actor, updated_at=utc_now())
        db["events"].update(event_id, values)
        after = get_event(db, event_id)
        history.record(db, actor=actor, action="update", entity="event", entity_id=event_id,
                       before=before, after=after)
    return after


def set_field_from_span(
    db: sqlite_utils.Database, event_id: str, expected_version: int, field: str, span_id: str,
    actor: str, grounded: dict | None = None,
) -> dict:
    """Fill `field` with the span's text as its value and link the span as its evidence
    (and set the values `grounded` read from it, see store.grounding.from_span).

    One transaction, one version bump: the value and its proof land together.
    """
    with transaction(db):
        span = db.execute("SELECT quote, document_id FROM spans WHERE id = ?", [span_id]).fetchone()
        if span is None:
            raise StoreError(f"no span with id {span_id}")
        after = update_event(db, event_id, expected_version, {**(grounded or {}), field: span[0]},
                             actor)
        if after["document_id"] != span[1]:
            raise StoreError("evidence must come from the event's own document")
        add_evidence(db, event_id, field, span_id, actor)
    return after


def add_evidence(db: sqlite_utils.Database, event_id: str, field: str, span_id: str, actor: str) -> None:
    if field not in EVENT_FIELDS:
        raise StoreError(f"unknown event field: {field}")
    with transaction(db):
        check_editable(db, get_event(db, event_id), actor)
        row = {"event_id": event_id, "field": field, "span_id": span_id,
               "created_by": actor, "created_at": utc_now()}
        db["event_evidence"].insert(row, ignore=True)
        history.record(db, actor=actor, action="link", entity="event", entity_id=event_id, after=row)


def remove_evidence(db: sqlite_utils.Database, event_id: str, field: str, span_id: str, actor: str) -> None:
    with transaction(db):
        check_editable(db, get_event(db, event_id), actor)
        rows = list(db.query(
            "SELECT * FROM event_evidence WHERE event_id = ? AND field = ? AND span_id = ?",
            [event_id, field, span_id]))
        if not rows:
            return
        db.execute("DELETE FROM event_evidence WHERE event_id = ? AND field = ? AND span_id = ?",
                   [event_id, field, span_id])
        history.record(db, actor=actor, action="unlink", entity="event", entity_id=event_id,
                       before=rows[0])


def discard_event(db: sqlite_utils.Database, event_id: str, expected_version: int, actor: str) -> dict:
    """Delete a draft event (the undo of creating it); returns what `restore_event` needs."""
    with transaction(db):
        event = get_event(db, event_id)
        if event["version"] != expected_version:
            raise ConflictError(
                f"event was changed by {event['updated_by']} at {event['updated_at']}", event)
        if event["status"] != "draft":
            raise StoreError(f"this event is {event['status']}; only a draft can be taken back")
        evidence = list(db.query("SELECT * FROM event_evidence WHERE event_id = ?", [event_id]))
        claim_ids = [r[0] for r in db.execute("SELECT id FROM claims WHERE event_id = ?", [event_id])]
        # Where its grounded values came from and which fields were stale go with it
        # (the rows cascade away), so an undo puts the event back as it was shown.
        values = list(db.query("SELECT * FROM event_values WHERE event_id = ?", [event_id]))
        stale = list(db.query("SELECT * FROM stale_fields WHERE event_id = ?", [event_id]))
        db.execute("UPDATE claims SET event_id = NULL WHERE event_id = ?", [event_id])
        db.execute("DELETE FROM event_evidence WHERE event_id = ?", [event_id])
        db.execute("DELETE FROM events WHERE id = ?", [event_id])
        removed = {"event": event, "evidence": evidence, "claim_ids": claim_ids,
                   "values": values, "stale": stale}
        history.record(db, actor=actor, action="delete", entity="event", entity_id=event_id,
                       before=removed)
    return removed


def restore_event(db: sqlite_utils.Database, removed: dict, actor: str) -> dict:
    """Put back an event removed by `discard_event`, with its evidence and claim links."""
    event = removed["event"]
    with transaction(db):
        db["events"].insert(event)
        for link in removed["evidence"]:
            db["event_evidence"].insert(link, ignore=True)
        for claim_id in removed["claim_ids"]:
            db.execute("UPDATE claims SET event_id = ? WHERE id = ?", [event["id"], claim_id])
        for row in removed.get("values", ()):  # absent in what older versions removed
            db["event_values"].insert(row, replace=True)
        for row in removed.get("stale", ()):
            db["stale_fields"].insert(row, replace=True)
        history.record(db, actor=actor, action="restore", entity="event", entity_id=event["id"],
                       after=removed)
    return event
