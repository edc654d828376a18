"""Incidents: events from different articles that report one real-world incident.

An event belongs to at most one incident (`incident_members.event_id` is the
primary key). Every link, unlink and "not the same" is a `link_decisions` row
with its author and a history entry; the incident itself has a version, so a
change made against a stale screen is a `ConflictError`, never an overwrite.

Linking two events:
- neither in an incident: a new incident with both;
- one in an incident: the other joins it (at the version the caller saw);
- both in the same incident: nothing to do (a second terminal making the same
  link finds it made, and no second incident is created);
- in two different incidents: refused; merging two incidents is never silent.

An event deleted while linked leaves its incident: through the app it is unlinked
first ("event deleted", `leave_before_delete`) and put back when the deletion is
undone (`rejoin_after_restore`, or one line saying why not: the incident is
approved now, say); deleted any other way, the membership row goes with it
(ON DELETE CASCADE). An incident with no events left says so (`state`: "empty")
and is filled again by linking to it, never replaced by a second one.
"""

from __future__ import annotations

import json

import sqlite_utils

from store.db.connection import new_id, transaction, utc_now
from store.errors import ConflictError, PermissionDenied, StoreError
from store.records import history, people
from store.records.events import get_event

#: Fields an editor may pick a value for (the reconciled fields of an incident).
PICKABLE = ("fatalities_best", "fatalities_low", "fatalities_high", "date_start", "date_end",
            "location", "admin1", "admin2", "country", "event_type", "sub_event_type",
            "actor1", "actor2")
INTEGER_PICKS = {"fatalities_best", "fatalities_low", "fatalities_high"}


def get_incident(db: sqlite_utils.Database, incident_id: str) -> dict:
    rows = list(db.query("SELECT * FROM incidents WHERE id = ?", [incident_id]))
    if not rows:
        raise StoreError(f"no incident with id {incident_id}")
    row = rows[0]
    row["picks"] = json.loads(row["picks"] or "{}")
    return row


def resolve_incident(db: sqlite_utils.Database, prefix: str) -> str:
    """An incident id from an id or a unique prefix of one."""
    return _resolve(db, "incidents", prefix, "incident")


def resolve_event(db: sqlite_utils.Database, prefix: str) -> str:
    """An event id from an event id (or prefix), or a document id (or prefix) with one event."""
    try:
        return _resolve(db, "events", prefix, "event")
    except StoreError as missing:
        try:
            document = _resolve(db, "documents", prefix, "document")
        except StoreError:
            raise missing from None
        ids = [r[0] for r in db.execute("SELECT id FROM events WHERE document_id = ?", [document])]
        if len(ids) == 1:
            return ids[0]
        raise StoreError(f"document {document} has {len(ids) or 'no'} events; name the event") from None


def _resolve(db, table: str, prefix: str, what: str) -> str:
    prefix = (prefix or "").strip()
    if not prefix:
        raise StoreError(f"no {what} named")
    ids = [r[0] for r in db.execute(f"SELECT id FROM {table} WHERE id = ? OR id LIKE ? ESCAPE '\\' LIMIT 3",
                                    [prefix, prefix.replace("%", r"\%").replace("_", r"\_") + "%"])]
    if prefix in ids:
        return prefix
    if len(ids) == 1:
        return ids[0]
    if not ids:
        raise StoreError(f"no {what} with id {prefix}")
    raise StoreError(f"{prefix} names more than one {what}; give more of the id")


def incident_of(db: sqlite_utils.Database, event_id: str) -> str | None:
    row = db.execute("SELECT incident_id FROM incident_members WHERE event_id = ?", [event_id]).fetchone()
    return row[0] if row else None


def member_ids(db: sqlite_utils.Database, incident_id: str) -> list[str]:
    return [r[0] for r in db.execute(
        "SELECT m.event_id FROM incident_members m JOIN events e ON e.id = m.event_id"
        " WHERE m.incident_id = ? ORDER BY m.linked_at, m.rowid", [incident_id])]


def list_incidents(db: sqlite_utils.Database) -> list[dict]:
    out = []
    for row in db.query("SELECT * FROM incidents ORDER BY created_at, rowid"):
        row["picks"] = json.loads(row["picks"] or "{}")
        row["members"] = member_ids(db, row["id"])
        out.append(row)
    return out


def state(db: sqlite_utils.Database, incident: dict) -> str:
    """The incident's state in words: its status, or "empty" when no event is left."""
    if not member_ids(db, incident["id"]):
        return "empty"
    return incident["status"]


def check_incident_editable(db: sqlite_utils.Database, incident: dict, actor: str) -> None:
    """Approved and rejected incidents are read-only until an editor reopens them."""
    people.require(db, actor, "annotate", "linking events")
    if incident["status"] in ("approved", "rejected"):
        raise StoreError(f"incident {incident['id']} is {incident['status']} and read-only;"
                         " an editor must reopen it first")
    if incident["status"] == "submitted" and not people.can(db, actor, "review"):
        raise PermissionDenied("this incident is submitted for review; only an editor may change it")


def _check_version(incident: dict, expected: int | None) -> None:
    if expected is not None and incident["version"] != expected:
        raise ConflictError(
            f"incident was changed by {incident['updated_by']} at {incident['updated_at']} "
            f"(version {incident['version']}, you had {expected})", incident)


def _bump(db, incident: dict, actor: str, now: str, **changes) -> dict:
    update = {"version": incident["version"] + 1, "updated_by": actor, "updated_at": now}
    for key, value in changes.items():
        update[key] = json.dumps(value, sort_keys=True) if key == "picks" else value
    db["incidents"].update(incident["id"], update)
    return get_incident(db, incident["id"])


def _decision(db, kind: str, a: str, b: str | None, incident_id: str | None, actor: str, now: str,
              reason: str | None = None) -> dict:
    row = {"id": new_id(), "kind": kind, "a": a, "b": b, "incident_id": incident_id,
           "author": actor, "at": now, "reason": reason}
    db["link_decisions"].insert(row)
    return row


def _event_row(db, event_id: str) -> dict:
    event = get_event(db, event_id)
    return event


def link(db: sqlite_utils.Database, a: str, b: str, actor: str,
         expected_version: int | None = None) -> dict:
    """Put events a and b in one incident; returns {"incident", "added", "created"}.

    `expected_version` is the version of the incident the caller saw (when one
    of the events was already in an incident)."""
    if a == b:
        raise StoreError("an event cannot be linked with itself")
    with transaction(db):
        first, second = _event_row(db, a), _event_row(db, b)
        if first["document_id"] == second["document_id"]:
            raise StoreError("both events come from the same article; an incident links"
                             " reports from different articles")
        of_a, of_b = incident_of(db, a), incident_of(db, b)
        now = utc_now()
        if of_a and of_b and of_a != of_b:
            raise StoreError(f"{a} is in incident {of_a} and {b} in incident {of_b};"
                             " unlink one first (incidents are never merged silently)")
        if of_a and of_a == of_b:
            incident = get_incident(db, of_a)
            return {"incident": incident, "added": [], "created": False}
        if of_a or of_b:
            incident = get_incident(db, of_a or of_b)
            check_incident_editable(db, incident, actor)
            _check_version(incident, expected_version)
            added = [b if of_a else a]
            created = False
        else:
            people.require(db, actor, "annotate", "linking events")
            incident = {"id": new_id(), "status": "draft", "version": 1, "picks": "{}",
                        "notes": None, "created_by": actor, "created_at": now,
                        "updated_by": actor, "updated_at": now, "approved_hash": None}
            db["incidents"].insert(incident)
            history.record(db, actor=actor, action="create", entity="incident",
                           entity_id=incident["id"], after=incident, at=now)
            incident = get_incident(db, incident["id"])
            added = [a, b]
            created = True
        for event_id in added:
            db["incident_members"].insert({"event_id": event_id, "incident_id": incident["id"],
                                           "linked_by": actor, "linked_at": now})
        decision = _decision(db, "link", a, b, incident["id"], actor, now)
        after = _bump(db, incident, actor, now) if not created else incident
        history.record(db, actor=actor, action="link", entity="incident", entity_id=incident["id"],
                       before={"members": None}, after={"decision": decision, "added": added,
                                                        "version": after["version"]}, at=now)
    return {"incident": after, "added": added, "created": created}


def add_to_incident(db: sqlite_utils.Database, incident_id: str, event_id: str, actor: str,
                    expected_version: int | None = None, reason: str | None = None) -> dict:
    """Put an event (back) into an existing incident, even an empty one (undo of unlink)."""
    with transaction(db):
        incident = get_incident(db, incident_id)
        check_incident_editable(db, incident, actor)
        _check_version(incident, expected_version)
        _event_row(db, event_id)
        current = incident_of(db, event_id)
        if current == incident_id:
            return incident
        if current:
            raise StoreError(f"{event_id} is in incident {current} already; unlink it first")
        now = utc_now()
        db["incident_members"].insert({"event_id": event_id, "incident_id": incident_id,
                                       "linked_by": actor, "linked_at": now})
        decision = _decision(db, "link", event_id, None, incident_id, actor, now, reason)
        after = _bump(db, incident, actor, now)
        history.record(db, actor=actor, action="link", entity="incident", entity_id=incident_id,
                       after={"decision": decision, "added": [event_id], "version": after["version"]},
                       at=now)
    return after


def unlink(db: sqlite_utils.Database, event_id: str, actor: str,
           expected_version: int | None = None, reason: str | None = None) -> dict:
    """Take an event out of its incident; returns the incident after."""
    with transaction(db):
        incident_id = incident_of(db, event_id)
        if incident_id is None:
            raise StoreError(f"event {event_id} is in no incident")
        incident = get_incident(db, incident_id)
        check_incident_editable(db, incident, actor)
        _check_version(incident, expected_version)
        now = utc_now()
        db.execute("DELETE FROM incident_members WHERE event_id = ?", [event_id])
        decision = _decision(db, "unlink", event_id, None, incident_id, actor, now, reason)
        after = _bump(db, incident, actor, now)
        history.record(db, actor=actor, action="unlink", entity="incident", entity_id=incident_id,
                       before={"event_id": event_id}, after={"decision": decision,
                                                             "version": after["version"]}, at=now)
    return after


def leave_before_delete(db: sqlite_utils.Database, event_id: str, actor: str) -> str | None:
    """An event about to be deleted leaves its incident first, as an unlink with its reason
    (recorded, the incident's version moves on); returns the incident's id, or None.

    Refused like any unlink while the incident is approved, rejected, or (for an annotator)
    submitted: deleting a member would change what was reviewed."""
    incident_id = incident_of(db, event_id)
    if incident_id is None:
        return None
    incident = get_incident(db, incident_id)
    try:
        check_incident_editable(db, incident, actor)
    except StoreError as refused:
        raise type(refused)(f"event {event_id} is in incident {incident_id}: {refused}") from None
    unlink(db, event_id, actor, reason="event deleted")
    return incident_id


def rejoin_after_restore(db: sqlite_utils.Database, event_id: str, incident_id: str,
                         actor: str) -> str:
    """Put a restored event back into the incident it left when it was deleted; returns the
    one line that says so, or why not (the incident is read-only now, or the event is in
    another incident already)."""
    short = incident_id[:8]
    try:
        was_empty = not member_ids(db, incident_id)
        add_to_incident(db, incident_id, event_id, actor, reason="event restored")
    except StoreError as refused:
        return f"not put back in incident {short}: {refused}; link it again there once it may change"
    left = len(member_ids(db, incident_id))
    was = " (it was empty)" if was_empty else ""
    return f"back in incident {short}{was}: {left} event{'s' if left != 1 else ''}"


def pair_key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def not_the_same(db: sqlite_utils.Database, a: str, b: str, actor: str,
                 reason: str | None = None, retract: bool = False) -> dict:
    """Record (or with `retract`, take back) "a and b are not the same incident".

    a and b are document ids or event ids: whatever the candidate named."""
    if a == b:
        raise StoreError("a report is always the same as itself")
    people.require(db, actor, "annotate", "deciding candidates")
    first, second = pair_key(a, b)
    with transaction(db):
        now = utc_now()
        decision = _decision(db, "retract_not_same" if retract else "not_same", first, second,
                             None, actor, now, reason)
        history.record(db, actor=actor, action=decision["kind"], entity="link_decision",
                       entity_id=decision["id"], after=decision, at=now)
    return decision


def rejected_pairs(db: sqlite_utils.Database) -> set[frozenset[str]]:
    """Pairs a coder said are not the same (and did not take back): never proposed again."""
    latest: dict[tuple[str, str], str] = {}
    for kind, a, b in db.execute(
            "SELECT kind, a, b FROM link_decisions WHERE kind IN ('not_same', 'retract_not_same')"
            " ORDER BY at, rowid"):
        latest[(a, b)] = kind
    return {frozenset(pair) for pair, kind in latest.items() if kind == "not_same"}


def decisions_for(db: sqlite_utils.Database, incident_id: str) -> list[dict]:
    return list(db.query("SELECT * FROM link_decisions WHERE incident_id = ? ORDER BY at, rowid",
                         [incident_id]))


def coerce_pick(field: str, value):
    if field not in PICKABLE:
        raise StoreError(f"{field} is not an incident field (one of {', '.join(PICKABLE)})")
    if value is None or value == "":
        return None
    if field in INTEGER_PICKS:
        try:
            number = int(str(value).strip())
        except ValueError:
            raise StoreError(f"{field} must be a whole number, not {value!r}") from None
        if number < 0:
            raise StoreError(f"{field} cannot be negative")
        return number
    return str(value)


def pick(db: sqlite_utils.Database, incident_id: str, field: str, value, actor: str,
         expected_version: int | None = None, from_event: str | None = None) -> dict:
    """An editor's choice of an incident field's value (None clears it), recorded as theirs."""
    value = coerce_pick(field, value)
    with transaction(db):
        incident = get_incident(db, incident_id)
        check_incident_editable(db, incident, actor)
        _check_version(incident, expected_version)
        now = utc_now()
        picks = dict(incident["picks"])
        before = picks.get(field)
        if value is None:
            picks.pop(field, None)
        else:
            picks[field] = {"value": value, "by": actor, "at": now, "from_event": from_event}
        after = _bump(db, incident, actor, now, picks=picks)
        history.record(db, actor=actor, action="pick", entity="incident", entity_id=incident_id,
                       before={"field": field, "pick": before},
                       after={"field": field, "pick": picks.get(field), "version": after["version"]},
                       at=now)
    return after
