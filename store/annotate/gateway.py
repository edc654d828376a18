"""The one function every change goes through: `Session.apply(action)`.

An action (see `store.annotate.actions`) is applied in one transaction and
answered with its result and the action that undoes it. Undo and redo are
actions too: they apply the inverse, which is checked and recorded like any
other change, so nothing is ever rolled back behind the history's back.

Versions: an event or claim is edited at the version the person last *saw*.
`VersionLineage` remembers which versions this session produced itself, so a
quick series of edits based on the same screen state chains correctly, while a
change by anyone else breaks the chain and surfaces as `ConflictError`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from store.annotate import grounding, guards
from store.annotate.actions import NEW_EVENT, Action, FieldBack, Redo, Undo
from store.annotate.state import document_state
from store.db.connection import transaction
from store.errors import StoreError
from store.records import events as events_mod
from store.records import values as values_mod


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

    def snapshot(self) -> dict:
        return {k: (set(v[0]), v[1]) for k, v in self._chains.items()}

    def restore(self, saved: dict) -> None:
        self._chains = saved


@dataclass
class Applied:
    """What applying an action did: its result, the action that undoes it, the fresh state."""

    action: Action
    result: Any
    inverse: Action | None
    state: dict | None


class Session:
    """One person's annotation session on one database connection (one thread)."""

    def __init__(self, db: sqlite_utils.Database, actor: str):
        self.db = db
        self.actor = actor
        self.lineage = VersionLineage()
        self.undo_stack: list[Action] = []
        self.redo_stack: list[Action] = []
        self.created_events: dict[str, str] = {}  # document id -> event created last
        #: (grounded fields' earlier values, their provenance) of the last fill_field.
        self.last_grounding: tuple = ((), ())

    def perform(self, action: Action) -> Applied:
        """Apply a person's action; a new one is remembered for undo and clears the redo stack."""
        if isinstance(action, Undo):
            return self._step(self.undo_stack, self.redo_stack, "undo")
        if isinstance(action, Redo):
            return self._step(self.redo_stack, self.undo_stack, "redo")
        applied = self.apply(action)
        if applied.inverse is not None:
            self.undo_stack.append(applied.inverse)
            self.redo_stack.clear()
        return applied

    def undo(self) -> Applied:
        return self.perform(Undo())

    def redo(self) -> Applied:
        return self.perform(Redo())

    def _step(self, source: list[Action], target: list[Action], what: str) -> Applied:
        if not source:
            raise StoreError(f"nothing to {what}")
        applied = self.apply(source[-1])
        source.pop()  # only once it applied: a refused undo stays on the stack
        if applied.inverse is not None:
            target.append(applied.inverse)
        return applied

    def apply(self, action: Action) -> Applied:
        """Apply one action in one transaction; on failure nothing of it is written."""
        if getattr(action, "event_id", None) == NEW_EVENT:
            created = self.created_events.get(action.document_id)
            if created is None:
                raise StoreError("no new event to add this to; press e first")
            # The event did not exist when the screen sent this, so it had no version to show.
            stale = {"version": None} if hasattr(action, "version") else {}
            action = dataclasses.replace(action, event_id=created, **stale)
        saved = self.lineage.snapshot()
        try:
            with transaction(self.db):
                # Role, status and four eyes first, then the write, then a new version for
                # every record whose proof moved: one transaction, so a refusal writes nothing.
                guards.check_before(self.db, self.actor, action)
                first_seq = guards.next_seq(self.db)
                result, inverse = action.run(self)
                guards.bump_after(self.db, self.actor, first_seq, self.lineage)
        except BaseException:
            self.lineage.restore(saved)  # versions from a rolled-back write never existed
            raise
        document_id = action.document_id
        state = document_state(self.db, document_id) if document_id else None
        return Applied(action, result, inverse, state)

    # --- helpers the actions share ---------------------------------------------------------

    def version_to_write(self, record_id: str, seen: int | None, table: str) -> int:
        """The version to write against: what the screen showed, chained through this
        session's own writes (or the stored one when the action names none)."""
        if seen is None:
            row = self.db.execute(f"SELECT version FROM {table} WHERE id = ?", [record_id]).fetchone()
            if row is None:
                raise StoreError(f"no {table[:-1]} with id {record_id}")
            seen = row[0]
        return self.lineage.resolve(record_id, seen)

    def update_event(self, event_id: str, version: int, changes: dict) -> dict:
        after = events_mod.update_event(self.db, event_id, version, changes, self.actor)
        self.lineage.advance(event_id, version, after["version"])
        return after

    def update_event_reading_kinds(self, event_id: str, version: int,
                                   changes: dict) -> tuple[dict, dict, tuple]:
        """`update_event`, and when `changes` give the event a country its actors'
        kinds were not read for, those kinds read again (store.annotate.grounding.kinds_regrounded).  Returns the
        event, the kind fields that changed with it, and their provenance before."""
        again = [(evidence, span, grounded) for evidence, span, grounded in
                 grounding.kinds_regrounded(self.db, event_id, changes.get("country"))
                 if not set(grounding.KIND_FIELDS[evidence]) & set(changes)]
        kinds = grounding.kind_changes(again)
        event = self.update_event(event_id, version, {**kinds, **changes})
        return event, kinds, grounding.fill_regrounded(self, event_id, again)

    def fill_field(self, event_id: str | None, seen: int | None,
                   span: dict) -> tuple[str | None, Any, dict | None, list]:
        """Fill the active event's field for the span's label.

        Returns (field, previous value, event after, evidence unlinked).  A span
        that says the same as the value adds a second proof; one that changes the
        value replaces the old proof, which no longer supports it.
        """
        field_name = events_mod.LABEL_TO_FIELD.get(span["label"]) if event_id else None
        self.last_grounding = ((), ())
        if not field_name:
            return None, None, None, []
        version = self.version_to_write(event_id, seen, "events")
        before = events_mod.get_event(self.db, event_id)
        previous = before[field_name]
        grounded = grounding.ground_for(self.db, span, field_name, before)
        extra = dict(grounded.changes) if grounded else {}
        country = extra.get("country")
        again = grounding.kinds_regrounded(self.db, event_id, country)
        extra = {**grounding.kind_changes(again), **extra}
        unlinked = []
        if previous != span["quote"]:
            unlinked = events_mod.evidence_for(self.db, event_id).get(field_name, [])
            for old in unlinked:
                events_mod.remove_evidence(self.db, event_id, field_name, old, self.actor)
        after = events_mod.set_field_from_span(
            self.db, event_id, version, field_name, span["id"], self.actor, extra)
        provenance = grounding.fill_grounded(self, event_id, span, field_name, grounded)
        provenance += grounding.fill_regrounded(self, event_id, again)
        self.last_grounding = (tuple((k, before[k]) for k in extra), provenance)
        self.lineage.advance(event_id, version, after["version"])
        return field_name, previous, after, unlinked

    def set_field_back(self, back: FieldBack) -> tuple[dict, FieldBack]:
        """Give the field its earlier value again and swap the evidence links named;
        returns the event and the FieldBack that redoes it."""
        version = self.version_to_write(back.event_id, back.version, "events")
        stored = events_mod.get_event(self.db, back.event_id)
        current = stored[back.field]
        provenance = values_mod.snapshot(self.db, back.event_id, [f for f, _ in back.provenance])
        event = self.update_event(back.event_id, version,
                                  {back.field: back.value, **dict(back.grounded)})
        if back.provenance:
            values_mod.restore(self.db, back.event_id, back.provenance, self.actor)
        for span_id in back.unlink:
            events_mod.remove_evidence(self.db, back.event_id, back.field, span_id, self.actor)
        for span_id in back.relink:
            if self.db.execute("SELECT 1 FROM spans WHERE id = ?", [span_id]).fetchone():
                events_mod.add_evidence(self.db, back.event_id, back.field, span_id, self.actor)
        forward = FieldBack(back.event_id, event["version"], back.field, current,
                            relink=back.unlink, unlink=back.relink,
                            grounded=tuple((k, stored[k]) for k, _ in back.grounded),
                            provenance=provenance)
        return event, forward
