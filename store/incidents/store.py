"""An incident as read from the database, reconciled; and its review (four eyes).

`incident_view(db, id)` gives the incident row, its state ("empty" when every
event of it was deleted), its member events with their claims, its sources,
`reconcile()` over the members and the editor's picks laid over it: `fields`
says, per field, the value, where it came from ("picked by X" or
"reconciled") and the events and claims it rests on.

Review follows the events' status machine (store.review.workflow): submit,
approve, reject, return, reopen. Four eyes: nobody approves an incident they
created, submitted, or linked, unlinked or picked a value of since it was last
reopened. Approval is refused for an empty incident.
"""

from __future__ import annotations

import hashlib

import sqlite_utils

from store.db.connection import transaction, utc_now
from store.errors import ConflictError, StoreError
from store.incidents.reconcile import reconcile
from store.records import history, people
from store.records import incidents as records
from store.records.events import get_event
from store.review.workflow import TRANSITIONS, FourEyesError

CLAIM_TOPICS = ("casualties", "own casualties", "victim status", "responsibility",
                "target identity", "occurrence", "location", "timing", "other")
WORK_ACTIONS = ("create", "link", "unlink", "pick")


def claims_of(db: sqlite_utils.Database, event_id: str) -> list[dict]:
    """The event's claims with the words of their speaker, cue and content."""
    out = []
    for claim in db.query("SELECT * FROM claims WHERE event_id = ? ORDER BY created_at, rowid", [event_id]):
        words = {}
        for part in ("speaker", "cue", "content"):
            span_id = claim[f"{part}_span_id"]
            row = db.execute('SELECT quote, start, "end" FROM spans WHERE id = ?', [span_id]).fetchone() \
                if span_id else None
            words[part] = row[0] if row else None
            words[f"{part}_at"] = [row[1], row[2]] if row else None
        out.append({**claim, **words})
    return out


def event_with_claims(db: sqlite_utils.Database, event_id: str) -> dict:
    event = get_event(db, event_id)
    doc = db.execute("SELECT outlet, title, published, url FROM documents WHERE id = ?",
                     [event["document_id"]]).fetchone()
    event["outlet"], event["title"], event["published"], event["url"] = doc or (None,) * 4
    event["claims"] = claims_of(db, event_id)
    return event


def _apply_picks(result: dict, picks: dict) -> dict:
    fields = {}
    place = (result["place"]["value"] or {})
    reconciled = {
        "date_start": (result["date"]["start"], result["date"]),
        "date_end": (result["date"]["end"], result["date"]),
        "country": (place.get("country"), result["place"]),
        "admin1": (place.get("admin1"), result["place"]),
        "admin2": (place.get("admin2"), result["place"]),
        "location": (place.get("location"), result["place"]),
        "event_type": (result["event_type"]["value"], result["event_type"]),
        "sub_event_type": (result["sub_event_type"]["value"], result["sub_event_type"]),
        "actor1": (result["actor1"]["value"], result["actor1"]),
        "actor2": (result["actor2"]["value"], result["actor2"]),
        "fatalities_low": (result["fatalities"]["low"], result["fatalities"]),
        "fatalities_best": (result["fatalities"]["best"], result["fatalities"]),
        "fatalities_high": (result["fatalities"]["high"], result["fatalities"]),
    }
    for name, (value, part) in reconciled.items():
        entry = {"value": value, "source": "reconciled", "agree": part.get("agree", True),
                 "events": part.get("events", []), "claims": part.get("claims", [])}
        if name in picks:
            chosen = picks[name]
            entry.update(value=chosen["value"], source=f"picked by {chosen['by']}",
                         picked_by=chosen["by"], from_event=chosen.get("from_event"),
                         reconciled=value)
        fields[name] = entry
    if "fatalities_best" not in picks:
        fields["fatalities_best"]["suggested"] = result["fatalities"]["suggested_best"]
    return fields


def incident_view(db: sqlite_utils.Database, incident_id: str) -> dict:
    incident = records.get_incident(db, incident_id)
    events = [event_with_claims(db, e) for e in records.member_ids(db, incident_id)]
    result = reconcile([{**e, "claims": [{**c, "speaker": c["speaker"]} for c in e["claims"]]}
                        for e in events])
    return {
        "incident": incident, "state": records.state(db, incident), "events": events,
        "reconciled": result, "fields": _apply_picks(result, incident["picks"]),
        "decisions": records.decisions_for(db, incident_id),
        "empty_note": "no events left: each was unlinked or deleted; link events to it or leave it"
        if not events else None,
    }


# --- review ------------------------------------------------------------------------------


def _last(db, incident_id: str, action: str) -> tuple[int, str | None]:
    row = db.execute("SELECT seq, actor FROM history WHERE entity = 'incident' AND entity_id = ?"
                     " AND action = ? ORDER BY seq DESC LIMIT 1", [incident_id, action]).fetchone()
    return (row[0], row[1]) if row else (0, None)


def four_eyes_problem(db: sqlite_utils.Database, incident: dict, login: str) -> str | None:
    """Why `login` may not approve the incident, or None."""
    if incident["created_by"] == login:
        return f"{login} created this incident; another editor must approve it"
    _, submitter = _last(db, incident["id"], "submit")
    if submitter == login:
        return f"{login} submitted this incident; another editor must approve it"
    since, _ = _last(db, incident["id"], "reopen")
    placeholders = ", ".join("?" for _ in WORK_ACTIONS)
    did = db.execute(f"SELECT action FROM history WHERE entity = 'incident' AND entity_id = ?"
                     f" AND seq > ? AND actor = ? AND action IN ({placeholders}) LIMIT 1",
                     [incident["id"], since, login, *WORK_ACTIONS]).fetchone()
    if did:
        words = {"link": "linked events of", "unlink": "unlinked an event of",
                 "pick": "picked a value of", "create": "created"}[did[0]]
        return f"{login} {words} this incident; another editor must approve it"
    return None


def approved_hash(db: sqlite_utils.Database, incident_id: str) -> str:
    view = incident_view(db, incident_id)
    state = {"incident": {k: v for k, v in view["incident"].items() if k != "approved_hash"},
             "members": [[e["id"], e["version"]] for e in view["events"]]}
    return hashlib.sha256(history.canonical_json(state).encode("utf-8", "surrogatepass")).hexdigest()


def transition(db: sqlite_utils.Database, action: str, incident_id: str, actor: str,
               reason: str | None = None, expected_version: int | None = None) -> dict:
    """submit / approve / reject / return / reopen an incident, like an event."""
    t = TRANSITIONS.get(action)
    if t is None:
        raise StoreError(f"unknown review action: {action}")
    if t.needs_reason and (reason is None or not reason.strip()):
        raise StoreError(f"to {t.words} an incident, give {t.needs_reason}")
    with transaction(db):
        before = records.get_incident(db, incident_id)
        if expected_version is not None and before["version"] != expected_version:
            raise ConflictError(f"incident was changed by {before['updated_by']} at "
                                f"{before['updated_at']} (version {before['version']}, you had "
                                f"{expected_version})", before)
        people.require(db, actor, t.permission, f"to {t.words} incidents")
        if before["status"] not in t.sources:
            raise StoreError(f"cannot {t.words} an incident that is {before['status'].replace('_', ' ')}")
        if action in ("submit", "approve") and not records.member_ids(db, incident_id):
            raise StoreError("this incident is empty (its events were unlinked or deleted);"
                             f" there is nothing to {t.words}")
        if action == "approve":
            problem = four_eyes_problem(db, before, actor)
            if problem:
                raise FourEyesError(problem)
        now = utc_now()
        changes = {"status": t.target, "version": before["version"] + 1, "updated_by": actor,
                   "updated_at": now, "approved_hash": None}
        db["incidents"].update(incident_id, changes)
        if action == "approve":
            db["incidents"].update(incident_id, {"approved_hash": approved_hash(db, incident_id)})
        after = records.get_incident(db, incident_id)
        history.record(db, actor=actor, action=action, entity="incident", entity_id=incident_id,
                       before={k: before[k] for k in ("status", "version")},
                       after={"status": after["status"], "version": after["version"],
                              "reason": reason.strip() if reason else None}, at=now)
    return after


# --- the review queue ----------------------------------------------------------------------


def approval_problem(db: sqlite_utils.Database, incident_id: str, login: str) -> str | None:
    """Why `login` cannot approve the incident now (role, status, empty, four eyes), or None.
    For screens that say so before the key is pressed; `transition` checks it all again."""
    try:
        incident = records.get_incident(db, incident_id)
        people.require(db, login, "review", "to approve incidents")
    except StoreError as exc:
        return str(exc)
    if incident["status"] != "submitted":
        return f"this incident is {incident['status'].replace('_', ' ')} (only submitted ones are approved)"
    if not records.member_ids(db, incident_id):
        return "this incident is empty (its events were unlinked or deleted)"
    return four_eyes_problem(db, incident, login)


def review_rows(db: sqlite_utils.Database) -> list[dict]:
    """Submitted incidents as rows of the review queue (beside the events), oldest first."""
    rows = []
    for incident in db.query("SELECT * FROM incidents WHERE status = 'submitted' ORDER BY created_at, rowid"):
        view = incident_view(db, incident["id"])
        seq, by = _last(db, incident["id"], "submit")
        at = db.execute("SELECT at FROM history WHERE seq = ?", [seq]).fetchone()
        fields = view["fields"]
        n = view["reconciled"]["number_of_sources"]
        rows.append({
            "kind": "incident", "id": incident["id"], "version": incident["version"],
            "status": incident["status"], "created_by": incident["created_by"],
            "created_at": incident["created_at"], "submitted_by": by,
            "submitted_at": at[0] if at else incident["updated_at"],
            "event_type": fields["event_type"]["value"], "location": fields["location"]["value"],
            "date": fields["date_start"]["value"], "document_id": "",
            "document_title": f"incident · {n} source{'s' if n != 1 else ''}",
            "number_of_sources": n,
        })
    return rows


def incident_detail(db: sqlite_utils.Database, incident_id: str, login: str) -> dict:
    """What the review screen shows for one incident: the reconciled view, why `login` could
    not approve it (or None), and its history."""
    from store.review.queue import event_detail  # the events' review detail, per member

    view = incident_view(db, incident_id)
    return {**view, "approval_problem": approval_problem(db, incident_id, login),
            "evidence": {e["id"]: event_detail(db, e["id"], login)["evidence"] for e in view["events"]},
            "history": history.entries_for(db, "incident", incident_id)}
