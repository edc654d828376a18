"""Annotation actions as data, each applied in one transaction and answered with its inverse.

The workstation's undo/redo is built on this: an action is a small dict
(`{"op": "label", "document_id": …, "start": …, "end": …, "label": …}`);
`Session.apply(action)` commits it and returns the result together with the
action that undoes it.  Applying that inverse returns the redo, and so on, so
every undo and redo is itself an ordinary, committed, history-recorded store
operation — nothing is rolled back behind the history's back.

Versions: an event or claim is edited at the version the person last *saw*.
`VersionLineage` remembers which versions this session produced itself, so a
quick series of edits based on the same screen state chains correctly, while a
change by anyone else breaks the chain and surfaces as `ConflictError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import sqlite_utils

from store.records import claims as claims_mod
from store.records import events as events_mod
from store.records import history, spans as spans_mod
from store.review import workflow as review
from store.revisions import revise as revisions
from store.errors import StoreError
from store.db.connection import transaction
from store.annotate.state import document_state
from store.errors import ConflictError


def discard_event(db: sqlite_utils.Database, event_id: str, expected_version: int, actor: str) -> dict:
    """Delete a draft event (the undo of creating it); returns what `restore_event` needs."""
    with transaction(db):
        event = events_mod.get_event(db, event_id)
        if event["version"] != expected_version:
            raise ConflictError(
                f"event was changed by {event['updated_by']} at {event['updated_at']}", event)
        if event["status"] != "draft":
            raise StoreError(f"this event is {event['status']}; only a draft can be taken back")
        evidence = list(db.query("SELECT * FROM event_evidence WHERE event_id = ?", [event_id]))
        claim_ids = [r[0] for r in db.execute("SELECT id FROM claims WHERE event_id = ?", [event_id])]
        db.execute("UPDATE claims SET event_id = NULL WHERE event_id = ?", [event_id])
        db.execute("DELETE FROM event_evidence WHERE event_id = ?", [event_id])
        db.execute("DELETE FROM events WHERE id = ?", [event_id])
        removed = {"event": event, "evidence": evidence, "claim_ids": claim_ids}
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
        history.record(db, actor=actor, action="restore", entity="event", entity_id=event["id"],
                       after=removed)
    return event


def discard_claim(db: sqlite_utils.Database, claim_id: str, expected_version: int, actor: str) -> dict:
    """Delete a claim and its content span (the undo of creating it)."""
    with transaction(db):
        claim = claims_mod.get_claim(db, claim_id)
        if claim["version"] != expected_version:
            raise ConflictError(
                f"claim was changed by {claim['updated_by']} at {claim['updated_at']}", claim)
        claims_mod.delete_claim(db, claim_id, actor)
        removed_span = None
        if claim["content_span_id"]:
            removed_span = spans_mod.delete_span(db, claim["content_span_id"], actor)
    return {"claim": claim, "content": removed_span}


def restore_claim(db: sqlite_utils.Database, removed: dict, actor: str) -> dict:
    """Put back a claim removed by `discard_claim`, content span first."""
    with transaction(db):
        if removed["content"]:
            spans_mod.restore_span(db, removed["content"], actor)
        db["claims"].insert(removed["claim"])
        history.record(db, actor=actor, action="restore", entity="claim",
                       entity_id=removed["claim"]["id"], after=removed["claim"])
    return removed["claim"]


@dataclass
class VersionLineage:
    """Which versions of each record this session produced from what it was shown."""

    _chains: dict[str, tuple[set[int], int]] = field(default_factory=dict)

    def resolve(self, record_id: str, seen: int) -> int:
        """The version to write against, given the version the screen showed."""
        chain = self._chains.get(record_id)
        if chain and seen in chain[0]:
            return chain[1]
        return seen

    def advance(self, record_id: str, before: int, after: int) -> None:
        chain = self._chains.get(record_id)
        if chain and before in chain[0]:
            chain[0].add(after)
            self._chains[record_id] = (chain[0], after)
        else:
            self._chains[record_id] = ({before, after}, after)


@dataclass
class Applied:
    """What applying an action did: its result, the action that undoes it, the fresh state."""

    action: dict
    result: Any
    inverse: dict
    state: dict | None


#: Stands for "the event this session created last on this document" in an action
#: queued right after `create_event`, before the screen has learnt the new id.
NEW_EVENT = "@new"


class Session:
    """One person's annotation session on one database connection (one thread)."""

    def __init__(self, db: sqlite_utils.Database, actor: str):
        self.db = db
        self.actor = actor
        self.lineage = VersionLineage()
        self.undo_stack: list[dict] = []
        self.redo_stack: list[dict] = []
        self.created_events: dict[str, str] = {}  # document id -> event created last

    def perform(self, action: dict) -> Applied:
        """Apply a new action and remember how to undo it (a new action clears the redo stack)."""
        applied = self.apply(action)
        if applied.inverse:
            self.undo_stack.append(applied.inverse)
            self.redo_stack.clear()
        return applied

    def undo(self) -> Applied:
        """Apply the inverse of the latest action; on failure it stays on the stack."""
        return self._step(self.undo_stack, self.redo_stack, "undo")

    def redo(self) -> Applied:
        return self._step(self.redo_stack, self.undo_stack, "redo")

    def _step(self, source: list[dict], target: list[dict], what: str) -> Applied:
        if not source:
            raise StoreError(f"nothing to {what}")
        applied = self.apply(source[-1])
        source.pop()
        if applied.inverse:
            target.append(applied.inverse)
        return applied

    def apply(self, action: dict) -> Applied:
        if action.get("event_id") == NEW_EVENT:
            created = self.created_events.get(action.get("document_id"))
            if created is None:
                raise StoreError("no new event to add this to; press e first")
            action = dict(action, event_id=created, version=None)
        handler: Callable[[dict], tuple[Any, dict]] = getattr(self, "_op_" + action["op"], None)
        if handler is None:
            raise StoreError(f"unknown action: {action['op']}")
        saved = {k: (set(v[0]), v[1]) for k, v in self.lineage._chains.items()}
        try:
            with transaction(self.db):
                result, inverse = handler(action)
        except BaseException:
            self.lineage._chains = saved  # versions from a rolled-back write never existed
            raise
        document_id = action.get("document_id")
        state = document_state(self.db, document_id) if document_id else None
        return Applied(action, result, inverse, state)

    # Each _op_ returns (result, inverse action).  Inverses carry the document id
    # so the screen gets a fresh state back after an undo as well.

    def _version(self, action: dict, record_id: str, table: str) -> int:
        seen = action.get("version")
        if seen is None:
            row = self.db.execute(f"SELECT version FROM {table} WHERE id = ?", [record_id]).fetchone()
            if row is None:
                raise StoreError(f"no {table[:-1]} with id {record_id}")
            seen = row[0]
        return self.lineage.resolve(record_id, seen)

    def _update_event(self, event_id: str, version: int, changes: dict) -> dict:
        after = events_mod.update_event(self.db, event_id, version, changes, self.actor)
        self.lineage.advance(event_id, version, after["version"])
        return after

    def _fill_field(self, action: dict, span: dict) -> tuple[str | None, Any, dict | None, list]:
        """Fill the active event's field for the span's label.

        Returns (field, previous value, event after, evidence unlinked).  A span
        that says the same as the value adds a second proof; one that changes the
        value replaces the old proof, which no longer supports it.
        """
        event_id = action.get("event_id")
        field_name = events_mod.LABEL_TO_FIELD.get(span["label"]) if event_id else None
        if not field_name:
            return None, None, None, []
        version = self._version(action, event_id, "events")
        previous = events_mod.get_event(self.db, event_id)[field_name]
        unlinked = []
        if previous != span["quote"]:
            unlinked = events_mod.evidence_for(self.db, event_id).get(field_name, [])
            for old in unlinked:
                events_mod.remove_evidence(self.db, event_id, field_name, old, self.actor)
        after = events_mod.set_field_from_span(
            self.db, event_id, version, field_name, span["id"], self.actor)
        self.lineage.advance(event_id, version, after["version"])
        return field_name, previous, after, unlinked

    def _set_field_back(self, a: dict, inverse: dict) -> dict:
        """Give the field `a["value"]` again and swap the evidence links named in `a`."""
        version = self._version(a, a["event_id"], "events")
        current = events_mod.get_event(self.db, a["event_id"])[a["field"]]
        event = self._update_event(a["event_id"], version, {a["field"]: a["value"]})
        for span_id in a.get("unlink", []):
            events_mod.remove_evidence(self.db, a["event_id"], a["field"], span_id, self.actor)
        for span_id in a.get("relink", []):
            if self.db.execute("SELECT 1 FROM spans WHERE id = ?", [span_id]).fetchone():
                events_mod.add_evidence(self.db, a["event_id"], a["field"], span_id, self.actor)
        inverse.update(event_id=a["event_id"], version=event["version"], field=a["field"],
                       value=current, relink=a.get("unlink", []), unlink=a.get("relink", []))
        return event

    def _op_label(self, a: dict):
        span = spans_mod.add_span(self.db, a["document_id"], a["start"], a["end"], a["label"], self.actor)
        field_name, previous, event, unlinked = self._fill_field(a, span)
        inverse = {"op": "remove_span", "document_id": a["document_id"], "span_id": span["id"]}
        if field_name:
            inverse.update(event_id=event["id"], version=event["version"],
                           field=field_name, value=previous, relink=unlinked)
        return {"span": span, "field": field_name, "event": event}, inverse

    def _op_remove_span(self, a: dict):
        removed = spans_mod.delete_span(self.db, a["span_id"], self.actor)
        inverse = {"op": "restore_span", "document_id": a["document_id"], "removed": removed}
        event = self._set_field_back(a, inverse) if a.get("field") else None
        return {"removed": removed, "event": event}, inverse

    def _op_restore_span(self, a: dict):
        span = spans_mod.restore_span(self.db, a["removed"], self.actor)
        inverse = {"op": "remove_span", "document_id": a["document_id"], "span_id": span["id"]}
        event = self._set_field_back(a, inverse) if a.get("field") else None
        return {"span": span, "event": event}, inverse

    def _op_place_orphan(self, a: dict):
        """A person puts a span a revision lost onto the words they selected."""
        orphaned = spans_mod.get_span(self.db, a["span_id"])
        span = revisions.place_orphan(self.db, a["span_id"], a["start"], a["end"], self.actor)
        inverse = {"op": "unplace_orphan", "document_id": a["document_id"],
                   "span_id": a["span_id"], "orphaned": orphaned}
        return {"span": span}, inverse

    def _op_unplace_orphan(self, a: dict):
        placed = spans_mod.get_span(self.db, a["span_id"])
        span = revisions.orphan_again(self.db, a["span_id"], a["orphaned"], self.actor)
        inverse = {"op": "place_orphan", "document_id": a["document_id"], "span_id": a["span_id"],
                   "start": placed["start"], "end": placed["end"]}
        return {"span": span}, inverse

    def _op_create_event(self, a: dict):
        event = events_mod.create_event(self.db, a["document_id"], self.actor)
        self.lineage.advance(event["id"], event["version"], event["version"])
        self.created_events[a["document_id"]] = event["id"]
        inverse = {"op": "discard_event", "document_id": a["document_id"], "event_id": event["id"],
                   "version": event["version"]}
        return {"event": event}, inverse

    def _op_discard_event(self, a: dict):
        version = self._version(a, a["event_id"], "events")
        removed = discard_event(self.db, a["event_id"], version, self.actor)
        return {"removed": removed}, {"op": "restore_event", "document_id": a["document_id"],
                                      "removed": removed}

    def _op_restore_event(self, a: dict):
        event = restore_event(self.db, a["removed"], self.actor)
        self.lineage.advance(event["id"], event["version"], event["version"])
        return {"event": event}, {"op": "discard_event", "document_id": a["document_id"],
                                  "event_id": event["id"], "version": event["version"]}

    def _op_update_event(self, a: dict):
        version = self._version(a, a["event_id"], "events")
        before = events_mod.get_event(self.db, a["event_id"])
        event = self._update_event(a["event_id"], version, a["changes"])
        undo_changes = {k: before[k] for k in a["changes"]}
        return {"event": event}, {"op": "update_event", "document_id": a["document_id"],
                                  "event_id": a["event_id"], "version": event["version"],
                                  "changes": undo_changes}

    def _op_create_claim(self, a: dict):
        span = spans_mod.add_span(self.db, a["document_id"], a["start"], a["end"], "Claim", self.actor)
        claim = claims_mod.create_claim(self.db, a["document_id"], self.actor,
                                        content_span_id=span["id"], event_id=a.get("event_id"))
        self.lineage.advance(claim["id"], claim["version"], claim["version"])
        return {"claim": claim, "span": span}, {
            "op": "discard_claim", "document_id": a["document_id"], "claim_id": claim["id"],
            "version": claim["version"]}

    def _op_discard_claim(self, a: dict):
        version = self._version(a, a["claim_id"], "claims")
        removed = discard_claim(self.db, a["claim_id"], version, self.actor)
        return {"removed": removed}, {"op": "restore_claim", "document_id": a["document_id"],
                                      "removed": removed}

    def _op_restore_claim(self, a: dict):
        claim = restore_claim(self.db, a["removed"], self.actor)
        self.lineage.advance(claim["id"], claim["version"], claim["version"])
        return {"claim": claim}, {"op": "discard_claim", "document_id": a["document_id"],
                                  "claim_id": claim["id"], "version": claim["version"]}

    def _op_update_claim(self, a: dict):
        version = self._version(a, a["claim_id"], "claims")
        before = claims_mod.get_claim(self.db, a["claim_id"])
        claim = claims_mod.update_claim(self.db, a["claim_id"], version, a["changes"], self.actor)
        self.lineage.advance(claim["id"], version, claim["version"])
        undo_changes = {k: before[k] for k in a["changes"]}
        return {"claim": claim}, {"op": "update_claim", "document_id": a["document_id"],
                                  "claim_id": claim["id"], "version": claim["version"],
                                  "changes": undo_changes}

    def _op_set_speaker(self, a: dict):
        """Label the speaker span and make it the claim's speaker (undone by removing the span)."""
        span = spans_mod.add_span(self.db, a["document_id"], a["start"], a["end"], "Speaker", self.actor)
        version = self._version(a, a["claim_id"], "claims")
        claim = claims_mod.update_claim(self.db, a["claim_id"], version,
                                        {"speaker_span_id": span["id"]}, self.actor)
        self.lineage.advance(claim["id"], version, claim["version"])
        return {"claim": claim, "span": span}, {
            "op": "remove_span", "document_id": a["document_id"], "span_id": span["id"]}

    def _op_submit(self, a: dict):
        """Submit the event for review; not undoable (the review owns what follows)."""
        version = self._version(a, a["event_id"], "events")
        event = submit_event(self.db, a["event_id"], version, self.actor)
        self.lineage.advance(event["id"], version, event["version"])
        return {"event": event}, {}

    def _op_review(self, a: dict):
        """A review transition (approve, reject, return, reopen); not undoable: an editor's
        decision is taken back by another transition, with its own reason."""
        version = self._version(a, a["event_id"], "events")
        functions = {
            "approve": lambda: review.approve(self.db, a["event_id"], self.actor, version),
            "reject": lambda: review.reject(self.db, a["event_id"], self.actor, a.get("reason"), version),
            "return": lambda: review.return_for_revision(self.db, a["event_id"], self.actor,
                                                         a.get("reason"), version),
            "reopen": lambda: review.reopen(self.db, a["event_id"], self.actor, a.get("reason"), version),
        }
        if a["action"] not in functions:
            raise StoreError(f"unknown review action: {a['action']}")
        event = functions[a["action"]]()
        self.lineage.advance(event["id"], version, event["version"])
        return {"event": event}, {}

    def _op_state(self, a: dict):
        """Re-read the document (after choosing to keep someone else's change)."""
        return None, {}


def submit_event(db: sqlite_utils.Database, event_id: str, expected_version: int, actor: str) -> dict:
    """Submit an event for review (the status machine lives in store.review.workflow)."""
    return review.submit(db, event_id, actor, expected_version=expected_version)
