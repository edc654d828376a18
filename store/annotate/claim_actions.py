"""A claim's speaker and cue set, or changed, from selected words: actions with their inverses.

`SetClaimSpan(role="speaker_span_id" | "cue_span_id")` labels the words (Speaker, Cue),
makes them the claim's span in that role and, when the claim already had one there that
nothing else rests on (no other claim, no event evidence), removes the old span: a
changed speaker leaves no stray Speaker mark.  Undo (`UnsetClaimSpan`) puts the old span
and role back and removes the new words; redo (`ResetClaimSpan`) does it again.
Versions are checked as every claim edit is (`Session.version_to_write`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from store.annotate.actions import Action, Outcome, Session
from store.errors import StoreError
from store.records import claims as claims_mod
from store.records import spans as spans_mod

#: The label each role's words get.
ROLE_LABELS = {"speaker_span_id": "Speaker", "cue_span_id": "Cue"}
ROLE_NAMES = {"speaker_span_id": "speaker", "cue_span_id": "cue"}


def _check_role(role: str) -> None:
    if role not in ROLE_LABELS:
        raise StoreError(f"a claim's words are set as speaker or cue, not {role}")


def _write_role(s: Session, claim_id: str, seen: int | None, role: str,
                span_id: str | None) -> dict:
    version = s.version_to_write(claim_id, seen, "claims")
    claim = claims_mod.update_claim(s.db, claim_id, version, {role: span_id}, s.actor)
    s.lineage.advance(claim_id, version, claim["version"])
    return claim


def _droppable(s: Session, span_id: str | None, claim_id: str, role: str) -> bool:
    """The old span may go with the change: it is that role's words and nothing else uses it."""
    if not span_id:
        return False
    row = s.db.execute("SELECT label FROM spans WHERE id = ?", [span_id]).fetchone()
    if row is None or row[0] != ROLE_LABELS[role]:
        return False
    if s.db.execute("SELECT 1 FROM event_evidence WHERE span_id = ?", [span_id]).fetchone():
        return False
    others = s.db.execute(
        "SELECT 1 FROM claims WHERE id != ?1 AND (speaker_span_id = ?2 OR cue_span_id = ?2"
        " OR content_span_id = ?2)", [claim_id, span_id]).fetchone()
    return others is None


@dataclass(frozen=True)
class SetClaimSpan(Action):
    """Make text[start:end] the claim's speaker or cue (labelled Speaker or Cue)."""

    changes_spans: ClassVar[bool] = True
    document_id: str
    claim_id: str
    role: str
    start: int
    end: int
    version: int | None = None

    @property
    def said(self) -> str:  # type: ignore[override]
        return f"{ROLE_NAMES.get(self.role, self.role)} set"

    def run(self, s: Session) -> Outcome:
        _check_role(self.role)
        previous = claims_mod.get_claim(s.db, self.claim_id)[self.role]
        span = spans_mod.add_span(s.db, self.document_id, self.start, self.end,
                                  ROLE_LABELS[self.role], s.actor)
        claim = _write_role(s, self.claim_id, self.version, self.role, span["id"])
        dropped = None
        if _droppable(s, previous, self.claim_id, self.role):
            dropped = spans_mod.delete_span(s.db, previous, s.actor)
        return ({"claim": claim, "span": span, "replaced": previous},
                UnsetClaimSpan(self.document_id, self.claim_id, self.role, span["id"],
                               previous, dropped, claim["version"]))


@dataclass(frozen=True)
class UnsetClaimSpan(Action):
    """Undo of `SetClaimSpan`: the earlier span (put back if it was removed) in the role,
    the new words removed."""

    changes_spans: ClassVar[bool] = True
    document_id: str
    claim_id: str
    role: str
    span_id: str
    previous_id: str | None = None
    dropped: dict | None = None
    version: int | None = None

    @property
    def said(self) -> str:  # type: ignore[override]
        return f"{ROLE_NAMES.get(self.role, self.role)} put back"

    def run(self, s: Session) -> Outcome:
        _check_role(self.role)
        if self.dropped:
            spans_mod.restore_span(s.db, self.dropped, s.actor)
        claim = _write_role(s, self.claim_id, self.version, self.role, self.previous_id)
        removed = spans_mod.delete_span(s.db, self.span_id, s.actor)
        return ({"claim": claim, "removed": removed},
                ResetClaimSpan(self.document_id, self.claim_id, self.role, removed,
                               self.previous_id, self.dropped is not None, claim["version"]))


@dataclass(frozen=True)
class ResetClaimSpan(Action):
    """Redo of `SetClaimSpan`: the same words (same span id) back in the role."""

    changes_spans: ClassVar[bool] = True
    document_id: str
    claim_id: str
    role: str
    removed: dict
    previous_id: str | None = None
    drop_previous: bool = False
    version: int | None = None

    @property
    def said(self) -> str:  # type: ignore[override]
        return f"{ROLE_NAMES.get(self.role, self.role)} set again"

    def run(self, s: Session) -> Outcome:
        _check_role(self.role)
        span = spans_mod.restore_span(s.db, dict(self.removed, claims=[]), s.actor)
        claim = _write_role(s, self.claim_id, self.version, self.role, span["id"])
        dropped = None
        if self.drop_previous and self.previous_id:
            dropped = spans_mod.delete_span(s.db, self.previous_id, s.actor)
        return ({"claim": claim, "span": span},
                UnsetClaimSpan(self.document_id, self.claim_id, self.role, span["id"],
                               self.previous_id, dropped, claim["version"]))
