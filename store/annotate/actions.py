"""Every change a person can make, as one small frozen dataclass with its inverse.

An action says *what* to change and against which version the person saw it;
`run(gateway)` does it inside the gateway's transaction and returns
`(result, inverse)`, where the inverse is another action that takes it back
(None when a change is not undone by the person who made it: a submission, an
editor's decision). Undoing is applying the inverse, so undo and redo are
ordinary, committed, history-recorded actions checked like any other.

`said` is the few words the status line shows once the action is saved;
`changes_spans` tells a screen whether the document's spans must be redrawn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from store.errors import StoreError
from store.records import claims as claims_mod
from store.records import documents as documents_mod
from store.records import events as events_mod
from store.records import incidents as incidents_mod
from store.records import spans as spans_mod
from store.records import stale
from store.records import values as values_mod
from store.review import workflow as review
from store.revisions import revise as revisions


class Session(Protocol):
    """What an action may use of the gateway applying it (`store.annotate.gateway.Session`)."""

    db: Any
    actor: str
    lineage: Any
    created_events: dict[str, str]
    last_grounding: tuple

    def version_to_write(self, record_id: str, seen: int | None, table: str) -> int: ...

    def update_event(self, event_id: str, version: int, changes: dict) -> dict: ...

    def update_event_reading_kinds(self, event_id: str, version: int,
                                   changes: dict) -> tuple[dict, dict, tuple]: ...

    def fill_field(self, event_id: str | None, seen: int | None, span: dict) -> tuple: ...

    def set_field_back(self, back: FieldBack) -> tuple[dict, FieldBack]: ...

#: Stands for "the event this session created last on this document" in an action
#: queued right after `CreateEvent`, before the screen has learnt the new id.
NEW_EVENT = "@new"

Outcome = tuple[Any, "Action | None"]


@dataclass(frozen=True)
class Action:
    """The base of every action. Each has a `document_id`: the document whose state the
    screen gets back once it is applied (None for undo and redo, which take theirs
    from the action they apply)."""

    said: ClassVar[str] = "saved"
    changes_spans: ClassVar[bool] = False

    def run(self, s: Session) -> Outcome:  # pragma: no cover - every subclass defines it
        raise NotImplementedError


@dataclass(frozen=True)
class FieldBack:
    """What undoing a span's effect on an event field puts back: the field's earlier
    value and which evidence links to swap."""

    event_id: str
    version: int | None
    field: str
    value: Any
    relink: tuple[str, ...] = ()
    unlink: tuple[str, ...] = ()
    #: The grounded fields the span filled, with their earlier values and provenance rows.
    grounded: tuple[tuple[str, Any], ...] = ()
    provenance: tuple = ()


# --- spans -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LabelSpan(Action):
    """Label the words start..end; with an active event, fill the label's field from them."""

    said: ClassVar[str] = "span labelled"
    changes_spans: ClassVar[bool] = True
    document_id: str
    start: int
    end: int
    label: str
    event_id: str | None = None
    version: int | None = None

    def run(self, s: Session) -> Outcome:
        span = spans_mod.add_span(s.db, self.document_id, self.start, self.end, self.label, s.actor)
        field_name, previous, event, unlinked = s.fill_field(self.event_id, self.version, span)
        return ({"span": span, "field": field_name, "event": event},
                RemoveSpan(self.document_id, span["id"],
                           field_back(s, field_name, previous, event, unlinked)))


def field_back(s: Session, field_name: str | None, previous, event: dict | None,
               unlinked: list) -> FieldBack | None:
    """What undoing a span's fill of `field_name` puts back: the field's value, its
    evidence, and every grounded value the span filled with where each came from."""
    if not field_name:
        return None
    return FieldBack(event["id"], event["version"], field_name, previous, tuple(unlinked),
                     grounded=s.last_grounding[0], provenance=s.last_grounding[1])


@dataclass(frozen=True)
class RemoveSpan(Action):
    """Remove a span (and, as an undo, give the field it filled its earlier value)."""

    said: ClassVar[str] = "span removed"
    changes_spans: ClassVar[bool] = True
    document_id: str
    span_id: str
    field_back: FieldBack | None = None

    def run(self, s: Session) -> Outcome:
        claim = s.db.execute("SELECT id, version FROM claims WHERE content_span_id = ?",
                             [self.span_id]).fetchone()
        if claim is not None:
            # A claim without its words would be empty: the claim goes with them.
            result, inverse = DiscardClaim(self.document_id, claim[0], claim[1]).run(s)
            return dict(result, claim_removed=True), inverse
        removed = spans_mod.delete_span(s.db, self.span_id, s.actor)
        event, forward = s.set_field_back(self.field_back) if self.field_back else (None, None)
        marked = () if self.field_back else _mark_unbacked(s, removed)
        return ({"removed": removed, "event": event, "stale": [m["field"] for m in marked]},
                RestoreSpan(self.document_id, removed, forward, tuple(marked)))


def _mark_unbacked(s: Session, removed: dict) -> list[dict]:
    """A person removed words that proved a field: the value stays (it may still be
    right) but is marked stale, never shown as backed, until they confirm or change it."""
    quote = removed["span"]["quote"]
    marks = []
    for link in removed["evidence"]:
        event_id, field_name = link["event_id"], link["field"]
        if field_name not in events_mod.EVENT_FIELDS:
            continue
        status, value = s.db.execute(f'SELECT status, "{field_name}" FROM events WHERE id = ?',
                                     [event_id]).fetchone()
        still_backed = s.db.execute("SELECT 1 FROM event_evidence WHERE event_id = ? AND field = ?",
                                    [event_id, field_name]).fetchone()
        if value in (None, "") or still_backed or status not in events_mod.EDITABLE_STATUSES:
            continue
        marks.append(stale.mark(s.db, event_id, field_name,
                                f"its evidence {quote!r} was removed", None, s.actor))
    return marks


@dataclass(frozen=True)
class RestoreSpan(Action):
    """Put back a removed span, with its attributes and notes (and take off the stale
    marks its removal made)."""

    said: ClassVar[str] = "span restored"
    changes_spans: ClassVar[bool] = True
    document_id: str
    removed: dict
    field_back: FieldBack | None = None
    stale_marks: tuple[dict, ...] = ()

    def run(self, s: Session) -> Outcome:
        span = spans_mod.restore_span(s.db, self.removed, s.actor)
        event, forward = s.set_field_back(self.field_back) if self.field_back else (None, None)
        for mark in self.stale_marks:
            stale.clear(s.db, mark["event_id"], mark["field"], s.actor)
        return {"span": span, "event": event}, RemoveSpan(self.document_id, span["id"], forward)


@dataclass(frozen=True)
class PlaceOrphan(Action):
    """A person puts a span a revision lost onto the words they selected.

    The fields that span backed take their value from the new words (as a label
    would), and their stale marks come off: a person has looked at the words.
    """

    said: ClassVar[str] = "lost span placed"
    changes_spans: ClassVar[bool] = True
    document_id: str
    span_id: str
    start: int
    end: int

    def run(self, s: Session) -> Outcome:
        orphaned = spans_mod.get_span(s.db, self.span_id)
        span = revisions.place_orphan(s.db, self.span_id, self.start, self.end, s.actor)
        backs, cleared, fields = [], [], []
        for event_id, field_name, status in s.db.execute(
                "SELECT e.id, l.field, e.status FROM event_evidence l JOIN events e ON e.id = l.event_id"
                " WHERE l.span_id = ? ORDER BY l.rowid", [self.span_id]).fetchall():
            if status not in events_mod.EDITABLE_STATUSES:
                continue
            if events_mod.LABEL_TO_FIELD.get(span["label"]) == field_name:
                filled, previous, event, unlinked = s.fill_field(event_id, None, span)
                backs.append(FieldBack(event["id"], event["version"], filled, previous,
                                       tuple(unlinked)))
                fields.append(filled)
            mark = stale.clear(s.db, event_id, field_name, s.actor)
            if mark is not None:
                cleared.append(mark)
        return ({"span": span, "fields": fields},
                UnplaceOrphan(self.document_id, self.span_id, orphaned, tuple(backs), tuple(cleared)))


@dataclass(frozen=True)
class UnplaceOrphan(Action):
    """Take a placed orphan back to having no words (the undo of placing it), with the
    values and stale marks it had."""

    said: ClassVar[str] = "span lost again"
    changes_spans: ClassVar[bool] = True
    document_id: str
    span_id: str
    orphaned: dict
    field_backs: tuple[FieldBack, ...] = ()
    stale_marks: tuple[dict, ...] = ()

    def run(self, s: Session) -> Outcome:
        placed = spans_mod.get_span(s.db, self.span_id)
        for back in self.field_backs:
            s.set_field_back(back)
        span = revisions.orphan_again(s.db, self.span_id, self.orphaned, s.actor)
        for mark in self.stale_marks:
            stale.restore(s.db, mark, s.actor)
        return {"span": span}, PlaceOrphan(self.document_id, self.span_id, placed["start"], placed["end"])


# --- events ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CreateEvent(Action):
    """Start a new draft event on the document."""

    said: ClassVar[str] = "new event"
    document_id: str

    def run(self, s: Session) -> Outcome:
        event = events_mod.create_event(s.db, self.document_id, s.actor)
        s.lineage.advance(event["id"], event["version"], event["version"])
        s.created_events[self.document_id] = event["id"]
        return {"event": event}, DiscardEvent(self.document_id, event["id"], event["version"])


@dataclass(frozen=True)
class DiscardEvent(Action):
    """Delete a draft event (the undo of creating it)."""

    said: ClassVar[str] = "event removed"
    document_id: str
    event_id: str
    version: int | None = None

    def run(self, s: Session) -> Outcome:
        version = s.version_to_write(self.event_id, self.version, "events")
        # A member of an incident leaves it first (an unlink on the record), and comes back
        # with RestoreEvent.
        incident_id = incidents_mod.leave_before_delete(s.db, self.event_id, s.actor)
        removed = events_mod.discard_event(s.db, self.event_id, version, s.actor)
        result = {"removed": removed, "incident_id": incident_id}
        if incident_id:
            result["note"] = f"taken out of incident {incident_id[:8]}"
        return result, RestoreEvent(self.document_id, removed, incident_id)


@dataclass(frozen=True)
class RestoreEvent(Action):
    """Put back a discarded event with its evidence and claim links."""

    said: ClassVar[str] = "event restored"
    document_id: str
    removed: dict
    incident_id: str | None = None  # the incident it left when it was deleted

    def run(self, s: Session) -> Outcome:
        event = events_mod.restore_event(s.db, self.removed, s.actor)
        s.lineage.advance(event["id"], event["version"], event["version"])
        result = {"event": event}
        if self.incident_id:
            result["note"] = incidents_mod.rejoin_after_restore(s.db, event["id"], self.incident_id,
                                                                s.actor)
        return result, DiscardEvent(self.document_id, event["id"], event["version"])


@dataclass(frozen=True)
class UpdateEvent(Action):
    """Set event fields (typed in the form, picked, or put back by an undo)."""

    said: ClassVar[str] = "event updated"
    document_id: str
    event_id: str
    changes: dict = field(default_factory=dict)
    version: int | None = None
    #: Provenance rows to put back (an undo); else a grounded value typed over becomes `typed`.
    provenance: tuple | None = None
    stale_marks: tuple[dict, ...] = ()  # marks an undo puts back

    def run(self, s: Session) -> Outcome:
        version = s.version_to_write(self.event_id, self.version, "events")
        before = events_mod.get_event(s.db, self.event_id)
        if self.provenance is not None:  # an undo puts back exactly what was; nothing is read
            event, kinds, kinds_saved = s.update_event(self.event_id, version, self.changes), {}, ()
        else:  # a country typed or picked lets the actors' kinds be read for it
            event, kinds, kinds_saved = s.update_event_reading_kinds(
                self.event_id, version, self.changes)
        undo_changes = {k: before[k] for k in {**self.changes, **kinds}}
        saved = values_mod.snapshot(s.db, self.event_id, self.changes) + kinds_saved
        if self.provenance is not None:
            values_mod.restore(s.db, self.event_id, self.provenance, s.actor)
        else:
            values_mod.mark_typed(s.db, self.event_id, self.changes, s.actor)
        # A person who changes a stale value has dealt with it: the mark comes off.
        cleared = tuple(mark for f in self.changes
                        if (mark := stale.clear(s.db, self.event_id, f, s.actor)) is not None)
        for mark in self.stale_marks:
            stale.restore(s.db, mark, s.actor)
        return {"event": event}, UpdateEvent(self.document_id, self.event_id, undo_changes,
                                             event["version"], provenance=saved, stale_marks=cleared)


@dataclass(frozen=True)
class Submit(Action):
    """Submit the event for review; not undoable (the review owns what follows)."""

    said: ClassVar[str] = "submitted for review"
    document_id: str
    event_id: str
    version: int | None = None

    def run(self, s: Session) -> Outcome:
        version = s.version_to_write(self.event_id, self.version, "events")
        event = review.submit(s.db, self.event_id, s.actor, expected_version=version)
        s.lineage.advance(event["id"], version, event["version"])
        return {"event": event}, None


REVIEW_DECISIONS = ("approve", "reject", "return", "reopen")


@dataclass(frozen=True)
class Review(Action):
    """An editor's transition (approve, reject, return, reopen); not undoable: a decision
    is taken back by another transition, with its own reason."""

    document_id: str | None
    event_id: str
    decision: str
    reason: str | None = None
    version: int | None = None

    @property
    def said(self) -> str:  # type: ignore[override]
        return {"approve": "event approved", "reject": "event rejected",
                "return": "sent back to the annotator", "reopen": "event reopened"}.get(
                    self.decision, "review saved")

    def run(self, s: Session) -> Outcome:
        if self.decision not in REVIEW_DECISIONS:
            raise StoreError(f"unknown review action: {self.decision}")
        version = s.version_to_write(self.event_id, self.version, "events")
        if self.decision == "approve":
            event = review.approve(s.db, self.event_id, s.actor, version)
        elif self.decision == "reject":
            event = review.reject(s.db, self.event_id, s.actor, self.reason, version)
        elif self.decision == "return":
            event = review.return_for_revision(s.db, self.event_id, s.actor, self.reason, version)
        else:
            event = review.reopen(s.db, self.event_id, s.actor, self.reason, version)
        s.lineage.advance(event["id"], version, event["version"])
        return {"event": event}, None


# --- claims ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CreateClaim(Action):
    """A claim whose content is the selected words, attached to the active event if any."""

    said: ClassVar[str] = "claim created (8 on a selection sets its speaker)"
    changes_spans: ClassVar[bool] = True
    document_id: str
    start: int
    end: int
    event_id: str | None = None

    def run(self, s: Session) -> Outcome:
        span = spans_mod.add_span(s.db, self.document_id, self.start, self.end, "Claim", s.actor)
        claim = claims_mod.create_claim(s.db, self.document_id, s.actor,
                                        content_span_id=span["id"], event_id=self.event_id)
        s.lineage.advance(claim["id"], claim["version"], claim["version"])
        return {"claim": claim, "span": span}, DiscardClaim(self.document_id, claim["id"],
                                                            claim["version"])


@dataclass(frozen=True)
class DiscardClaim(Action):
    """Delete a claim and its content span (the undo of creating it)."""

    said: ClassVar[str] = "claim removed"
    changes_spans: ClassVar[bool] = True
    document_id: str
    claim_id: str
    version: int | None = None

    def run(self, s: Session) -> Outcome:
        version = s.version_to_write(self.claim_id, self.version, "claims")
        removed = claims_mod.discard_claim(s.db, self.claim_id, version, s.actor)
        return {"removed": removed}, RestoreClaim(self.document_id, removed)


@dataclass(frozen=True)
class RestoreClaim(Action):
    """Put back a discarded claim, content span first."""

    said: ClassVar[str] = "claim restored"
    changes_spans: ClassVar[bool] = True
    document_id: str
    removed: dict

    def run(self, s: Session) -> Outcome:
        claim = claims_mod.restore_claim(s.db, self.removed, s.actor)
        s.lineage.advance(claim["id"], claim["version"], claim["version"])
        return {"claim": claim}, DiscardClaim(self.document_id, claim["id"], claim["version"])


@dataclass(frozen=True)
class UpdateClaim(Action):
    """Change a claim's topic, polarity, certainty, event or span roles."""

    said: ClassVar[str] = "claim updated"
    document_id: str
    claim_id: str
    changes: dict = field(default_factory=dict)
    version: int | None = None

    def run(self, s: Session) -> Outcome:
        version = s.version_to_write(self.claim_id, self.version, "claims")
        before = claims_mod.get_claim(s.db, self.claim_id)
        claim = claims_mod.update_claim(s.db, self.claim_id, version, self.changes, s.actor)
        s.lineage.advance(claim["id"], version, claim["version"])
        undo_changes = {k: before[k] for k in self.changes}
        return {"claim": claim}, UpdateClaim(self.document_id, claim["id"], undo_changes,
                                             claim["version"])


@dataclass(frozen=True)
class SetSpeaker(Action):
    """Label the speaker's words and make them the claim's speaker (undone by removing the span)."""

    said: ClassVar[str] = "speaker set"
    changes_spans: ClassVar[bool] = True
    document_id: str
    claim_id: str
    start: int
    end: int
    version: int | None = None

    def run(self, s: Session) -> Outcome:
        span = spans_mod.add_span(s.db, self.document_id, self.start, self.end, "Speaker", s.actor)
        version = s.version_to_write(self.claim_id, self.version, "claims")
        claim = claims_mod.update_claim(s.db, self.claim_id, version,
                                        {"speaker_span_id": span["id"]}, s.actor)
        s.lineage.advance(claim["id"], version, claim["version"])
        return {"claim": claim, "span": span}, RemoveSpan(self.document_id, span["id"])


# --- documents -------------------------------------------------------------------------


@dataclass(frozen=True)
class SetDocumentMetadata(Action):
    """Give or correct a document's title, outlet, published date, url or source (never
    its text); undone by putting the earlier values back."""

    said: ClassVar[str] = "document updated"
    document_id: str
    changes: dict = field(default_factory=dict)

    def run(self, s: Session) -> Outcome:
        before = documents_mod.get_document(s.db, self.document_id)
        after = documents_mod.update_metadata(s.db, self.document_id, self.changes, s.actor)
        return {"document": after}, SetDocumentMetadata(
            self.document_id, {k: before[k] for k in self.changes})


# --- the session's own steps -------------------------------------------------------------


@dataclass(frozen=True)
class Reload(Action):
    """Re-read the document (after choosing to keep someone else's change); writes nothing."""

    said: ClassVar[str] = "reloaded the stored version"
    changes_spans: ClassVar[bool] = True
    document_id: str

    def run(self, s: Session) -> Outcome:
        return None, None


@dataclass(frozen=True)
class Undo(Action):
    """Apply the inverse of this session's latest action."""

    said: ClassVar[str] = "undone"
    document_id: ClassVar[None] = None


@dataclass(frozen=True)
class Redo(Action):
    """Apply again what the latest undo took back."""

    said: ClassVar[str] = "redone"
    document_id: ClassVar[None] = None
