"""`eventdesk verify` for incidents: their history replayed against the live tables.

Every change to an incident is a history entry (store/records/incidents.py,
store/incidents/store.py): `create` (the whole row), `link` (the decision and the
events added), `unlink` (the event taken out), `pick` (a field's pick or its
clearing), the review transitions (status and version), and "not the same"
decisions as `link_decision` entries. Replaying them in order gives each
incident's status, version, picks, who changed it last and when, its members,
and every `link_decisions` row; these checks compare that with the live tables
and name each difference, as store/verify/tamper.py does for events:

- `incident-replay`: an incident row, a membership or a link decision added,
  changed or deleted behind the app's back (an event deleted takes its membership
  with it, which the replay follows);
- `incident-review`: a transition the status machine does not allow from the
  status the history had reached, and an approval by someone four eyes exclude
  (who created or submitted it, or linked, unlinked or picked since it was last
  reopened);
- `incident-approved`: an approved incident whose row or members (at the versions
  they had when it was approved) no longer hash to its `approved_hash`.

Each check takes the database and returns one line per problem.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Callable

import sqlite_utils

from store.records import history
from store.review.workflow import TRANSITIONS
from store.verify.tamper import _shown

#: incident columns the history determines (approved_hash has its own check)
COLUMNS = ("status", "version", "picks", "notes", "created_by", "created_at", "updated_by",
           "updated_at")
WORK = ("create", "link", "unlink", "pick")


@dataclass
class Incident:
    row: dict
    members: dict[str, tuple[str, str]] = field(default_factory=dict)  # event -> (by, at), in order
    workers: set[str] = field(default_factory=set)  # who created / linked / picked since reopening
    submitter: str | None = None
    approved_members: list | None = None  # [[event id, version]] when last approved


@dataclass
class Replayed:
    incidents: dict[str, Incident] = field(default_factory=dict)
    decisions: dict[str, dict] = field(default_factory=dict)
    review_problems: list[str] = field(default_factory=list)


def _load(text):
    try:
        return json.loads(text) if text else None
    except ValueError:
        return None


def replay(db: sqlite_utils.Database) -> Replayed:
    state = Replayed()
    versions: dict[str, int] = {}  # event id -> its version as the history tells it
    for seq, at, actor, action, entity, entity_id, before, after in db.execute(
            "SELECT seq, at, actor, action, entity, entity_id, before, after FROM history"
            " WHERE entity IN ('incident', 'link_decision', 'event') ORDER BY seq"):
        before, after = _load(before) or {}, _load(after) or {}
        if entity == "event":
            if action == "delete":  # the membership row goes with the event (ON DELETE CASCADE)
                for incident in state.incidents.values():
                    incident.members.pop(entity_id, None)
            elif action == "restore":
                versions[entity_id] = (after.get("event") or {}).get("version", versions.get(entity_id))
            elif isinstance(after.get("version"), int):
                versions[entity_id] = after["version"]
            continue
        if entity == "link_decision":
            state.decisions[entity_id] = after
            continue
        if action == "create":
            row = {k: after.get(k) for k in COLUMNS}
            row["picks"] = _load(row["picks"]) if isinstance(row["picks"], str) else (row["picks"] or {})
            state.incidents[entity_id] = Incident(row, workers={actor})
            continue
        incident = state.incidents.get(entity_id)
        if incident is None:
            state.review_problems.append(f"incident {entity_id}: history entry #{seq} ({action}) "
                                         "comes before the incident was created")
            continue
        row = incident.row
        if action in ("link", "unlink"):
            decision = after.get("decision") or {}
            if decision.get("id"):
                state.decisions[decision["id"]] = decision
            if action == "link":
                for event_id in after.get("added") or []:
                    incident.members[event_id] = (actor, at)
            else:
                incident.members.pop(before.get("event_id"), None)
        elif action == "pick":
            picks = dict(row["picks"] or {})
            if after.get("pick") is None:
                picks.pop(after.get("field"), None)
            else:
                picks[after.get("field")] = after["pick"]
            row["picks"] = picks
        elif action in TRANSITIONS:
            _transition(state, incident, entity_id, seq, actor, action, before, after, versions)
        if action in WORK:
            incident.workers.add(actor)
        if isinstance(after.get("version"), int):
            row["version"] = after["version"]
        row["updated_by"], row["updated_at"] = actor, at
    return state


def _transition(state, incident, incident_id, seq, actor, action, before, after, versions) -> None:
    t = TRANSITIONS[action]
    row = incident.row
    if row["status"] not in t.sources:
        state.review_problems.append(
            f"incident {incident_id}: #{seq} {action} from {_shown(row['status'])}, which the status "
            "machine does not allow")
    if action == "approve":
        excluded = incident.workers | {incident.submitter, row["created_by"]}
        if actor in excluded:
            state.review_problems.append(
                f"incident {incident_id}: #{seq} approved by {_shown(actor)}, who created, submitted "
                "or changed it (four eyes)")
        incident.approved_members = [[e, versions.get(e)] for e in incident.members]
    if action == "submit":
        incident.submitter = actor
    if action == "reopen":
        incident.workers = set()
        incident.submitter = None
    row["status"] = after.get("status", t.target)


def check_replay(db: sqlite_utils.Database) -> list[str]:
    """Live incidents, memberships and link decisions against the history, field by field."""
    state = replay(db)
    problems = []
    live = {r["id"]: r for r in db.query("SELECT * FROM incidents ORDER BY rowid")}
    for incident_id, row in live.items():
        replayed = state.incidents.get(incident_id)
        if replayed is None:
            problems.append(f"incident {incident_id}: exists but the history never recorded it "
                            "(added behind the app's back)")
            continue
        for column in COLUMNS:
            value = _load(row[column]) if column == "picks" else row[column]
            if value != replayed.row[column]:
                problems.append(f"incident {incident_id}: {column} is {_shown(row[column])}, the "
                                f"history says {_shown(_dumped(replayed.row[column]))}")
    for incident_id in state.incidents.keys() - live.keys():
        problems.append(f"incident {incident_id}: deleted behind the app's back (the history has "
                        "no deletion)")
    members = {r["event_id"]: r for r in db.query("SELECT * FROM incident_members ORDER BY rowid")}
    expected = {e: (i, by, at) for i, inc in state.incidents.items() for e, (by, at) in inc.members.items()}
    for event_id, row in members.items():
        want = expected.get(event_id)
        if want is None:
            problems.append(f"incident {row['incident_id']}: event {event_id} was linked behind the "
                            "app's back")
        elif want != (row["incident_id"], row["linked_by"], row["linked_at"]):
            problems.append(f"incident {row['incident_id']}: event {event_id}'s membership differs "
                            f"from the history (incident {want[0]}, linked by {_shown(want[1])})")
    for event_id in expected.keys() - members.keys():
        problems.append(f"incident {expected[event_id][0]}: event {event_id} was unlinked behind "
                        "the app's back")
    decisions = {r["id"]: r for r in db.query("SELECT * FROM link_decisions ORDER BY rowid")}
    for decision_id, row in decisions.items():
        want = state.decisions.get(decision_id)
        if want is None:
            problems.append(f"link decision {decision_id}: exists but the history never recorded it")
            continue
        for column, value in row.items():
            if column in want and want[column] != value:
                problems.append(f"link decision {decision_id}: {column} is {_shown(value)}, the "
                                f"history says {_shown(want[column])}")
    for decision_id in state.decisions.keys() - decisions.keys():
        problems.append(f"link decision {decision_id}: deleted behind the app's back")
    return problems


def _dumped(value):
    return json.dumps(value, sort_keys=True) if isinstance(value, dict) else value


def check_review(db: sqlite_utils.Database) -> list[str]:
    """Transitions the status machine refuses and approvals four eyes exclude, from the history."""
    return replay(db).review_problems


def check_approved(db: sqlite_utils.Database) -> list[str]:
    """Each approved incident still hashes to its approved_hash (row, and members at approval)."""
    state = replay(db)
    problems = []
    for row in db.query("SELECT * FROM incidents WHERE status = 'approved' ORDER BY rowid"):
        if not row["approved_hash"]:
            problems.append(f"incident {row['id']}: approved but has no approved hash "
                            "(not approved through the app)")
            continue
        replayed = state.incidents.get(row["id"])
        members = replayed.approved_members if replayed else None
        incident = {k: v for k, v in row.items() if k != "approved_hash"}
        incident["picks"] = _load(incident["picks"]) or {}
        digest = hashlib.sha256(history.canonical_json({"incident": incident, "members": members or []})
                                .encode("utf-8", "surrogatepass")).hexdigest()
        if digest != row["approved_hash"]:
            problems.append(f"incident {row['id']}: its approved state changed (its row or its "
                            "members no longer match approved_hash)")
    return problems


#: (name, check) pairs that store/verify/checks.py runs with the others.
VERIFY_CHECKS: tuple[tuple[str, Callable[[sqlite_utils.Database], list[str]]], ...] = (
    ("incident-replay", check_replay),
    ("incident-review", check_review),
    ("incident-approved", check_approved),
)
