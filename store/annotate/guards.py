"""The checks `Session.apply` makes around every action, inside its transaction.

Before an action runs: the actor's role, and the status of every event whose
proof the action would change (its evidence spans, the spans its claims rest
on, the claims themselves). Approved and rejected events are read-only for
everyone until an editor reopens them with a reason; a submitted one only an
editor may touch. Undo and redo apply an inverse action, so they meet the same
checks as the change they take back.

After it ran: every event and claim whose proof moved gets a new version (an
`update` history entry by the actor), unless the action already gave it one.
So `approve --version N` fails on evidence the editor never saw, and four eyes
sees who moved the evidence (`store.review.workflow.changed_since_submission`).
"""

from __future__ import annotations

import json

import sqlite_utils

from store.annotate import actions as act
from store.db.connection import utc_now
from store.errors import StoreError
from store.records import events as events_mod
from store.records import history, people

#: Actions that write nothing and need no role.
READ_ONLY = (act.Reload,)


def _events_of_span(db: sqlite_utils.Database, span_id: str) -> set[str]:
    """Events whose proof includes the span: as evidence, or through a claim resting on it."""
    ids = {r[0] for r in db.execute(
        "SELECT event_id FROM event_evidence WHERE span_id = ?", [span_id])}
    ids |= {r[0] for r in db.execute(
        "SELECT event_id FROM claims WHERE event_id IS NOT NULL AND"
        " (speaker_span_id = ?1 OR cue_span_id = ?1 OR content_span_id = ?1)", [span_id])}
    return ids


def _claim_event(db: sqlite_utils.Database, claim_id: str) -> str | None:
    row = db.execute("SELECT event_id FROM claims WHERE id = ?", [claim_id]).fetchone()
    return row[0] if row else None


def events_at_stake(db: sqlite_utils.Database, action: act.Action) -> set[str]:
    """The events whose content or proof `action` would change, before it runs."""
    ids: set[str] = set()
    if isinstance(action, (act.LabelSpan, act.CreateClaim)) and action.event_id:
        ids.add(action.event_id)
    elif isinstance(action, (act.RemoveSpan, act.PlaceOrphan, act.UnplaceOrphan)):
        ids |= _events_of_span(db, action.span_id)
    elif isinstance(action, act.RestoreSpan):
        removed = action.removed
        ids |= {link["event_id"] for link in removed.get("evidence", [])}
        ids |= {e for ref in removed.get("claims", [])
                if (e := _claim_event(db, ref["claim_id"]))}
    elif isinstance(action, (act.UpdateClaim, act.DiscardClaim, act.SetSpeaker)):
        if (e := _claim_event(db, action.claim_id)):
            ids.add(e)
        if isinstance(action, act.UpdateClaim) and action.changes.get("event_id"):
            ids.add(action.changes["event_id"])
    elif isinstance(action, act.RestoreClaim):
        if action.removed["claim"].get("event_id"):
            ids.add(action.removed["claim"]["event_id"])
    elif isinstance(action, act.DiscardEvent):
        ids.add(action.event_id)
    elif getattr(action, "claim_id", None):  # any other claim edit (its speaker, its cue)
        if (e := _claim_event(db, action.claim_id)):
            ids.add(e)
    for field_back in (getattr(action, "field_back", None),):
        if field_back is not None:
            ids.add(field_back.event_id)
    return {i for i in ids if i != act.NEW_EVENT}


def check_before(db: sqlite_utils.Database, actor: str, action: act.Action) -> None:
    """Refuse the action (PermissionDenied or StoreError, one line) before anything is written."""
    if isinstance(action, READ_ONLY):
        return
    people.require(db, actor, "annotate", "changing anything")
    for event_id in sorted(events_at_stake(db, action)):
        row = list(db.query("SELECT * FROM events WHERE id = ?", [event_id]))
        if row:
            events_mod.check_editable(db, row[0], actor)
    if isinstance(action, act.DiscardEvent):
        event = events_mod.get_event(db, action.event_id)
        if event["created_by"] != actor and not people.can(db, actor, "review"):
            raise StoreError(f"this event was started by {event['created_by']}; "
                             "only they or an editor may remove it")
    if isinstance(action, act.RestoreEvent):
        event = action.removed["event"]
        if event.get("status") != "draft":
            raise StoreError("only a draft event can be put back")
        if event.get("created_by") != actor and not people.can(db, actor, "review"):
            raise StoreError(f"this event was started by {event.get('created_by')}; "
                             "only they or an editor may put it back")
    if isinstance(action, act.SetDocumentMetadata):
        approved = db.execute(
            "SELECT COUNT(*) FROM events WHERE document_id = ? AND status = 'approved'",
            [action.document_id]).fetchone()[0]
        if approved and not people.can(db, actor, "review"):
            people.require(db, actor, "review",
                           "correcting a document with approved events")


def _touched_by(db: sqlite_utils.Database, first_seq: int) -> tuple[dict[str, set], set, set]:
    """From the history entries this transaction wrote: events and claims whose proof moved,
    and the ones that already got a version of their own."""
    moved: dict[str, set] = {"event": set(), "claim": set()}
    bumped_events: set[str] = set()
    bumped_claims: set[str] = set()
    for action, entity, entity_id, before, after in db.execute(
            "SELECT action, entity, entity_id, before, after FROM history WHERE seq >= ?",
            [first_seq]):
        before = json.loads(before) if before else {}
        after = json.loads(after) if after else {}
        if entity == "event":
            if action in ("link", "unlink"):
                moved["event"].add(entity_id)
            elif action in ("delete",):
                bumped_events.add(entity_id)  # gone: nothing to bump
            else:
                bumped_events.add(entity_id)
        elif entity == "claim":
            bumped_claims.add(entity_id)
            for state in (before, after):
                if state.get("event_id"):
                    moved["event"].add(state["event_id"])
        elif entity == "span":
            removed = before if action == "delete" else after
            for link in (removed or {}).get("evidence", []) or []:
                moved["event"].add(link["event_id"])
            for ref in (removed or {}).get("claims", []) or []:
                moved["claim"].add(ref["claim_id"])
            if action in ("place", "unplace"):
                moved["event"] |= _events_of_span(db, entity_id)
                moved["claim"] |= {r[0] for r in db.execute(
                    "SELECT id FROM claims WHERE speaker_span_id = ?1 OR cue_span_id = ?1"
                    " OR content_span_id = ?1", [entity_id])}
    for claim_id in moved["claim"]:
        if (e := _claim_event(db, claim_id)):
            moved["event"].add(e)
    moved["event"] -= bumped_events
    moved["claim"] -= bumped_claims
    return moved, bumped_events, bumped_claims


def bump_after(db: sqlite_utils.Database, actor: str, first_seq: int, lineage) -> None:
    """Give every event and claim whose proof this action moved a new version."""
    moved, _, _ = _touched_by(db, first_seq)
    for table, entity in (("events", "event"), ("claims", "claim")):
        for record_id in sorted(moved[entity]):
            rows = list(db.query(f"SELECT * FROM {table} WHERE id = ?", [record_id]))
            if not rows:
                continue
            before = rows[0]
            changes = {"version": before["version"] + 1, "updated_by": actor,
                       "updated_at": utc_now()}
            db[table].update(record_id, changes)
            after = dict(before, **changes)
            history.record(db, actor=actor, action="update", entity=entity,
                           entity_id=record_id, before=before, after=after)
            lineage.advance(record_id, before["version"], after["version"])


def next_seq(db: sqlite_utils.Database) -> int:
    row = db.execute("SELECT COALESCE(MAX(seq), 0) FROM history").fetchone()
    return row[0] + 1
