"""The actions on suggestions: accept, accept with another label, reject, accept every one of a kind.

Each is a typed action applied through `Session.apply`, with its inverse, like
every other change. Accepting goes the way labelling goes: a span is added
(the coder its author, `suggested_by` the suggester) and, with an active
event, `Session.fill_field` fills the label's field from it exactly as for
`LabelSpan`. A claim suggestion becomes a claim with its speaker, cue and
content spans. A rejection is remembered for the document and the label's
folded words, so recomputing never offers it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from store.annotate.actions import (
    Action,
    DiscardClaim,
    Outcome,
    RemoveSpan,
    Session,
    field_back,
)
from store.errors import StoreError
from store.records import claims as claims_mod
from store.records import spans as spans_mod
from store.records import suggestions as suggestions_mod

#: A claim suggestion's part label -> the span label it is stored with.
CLAIM_PARTS = {"Speaker": ("Speaker", "speaker_span_id"), "Cue": ("Cue", "cue_span_id"),
               "Content": ("Claim", "content_span_id")}


@dataclass(frozen=True)
class Batch(Action):
    """Several actions as one change: applied in order in one transaction, undone as one."""

    changes_spans: ClassVar[bool] = True
    document_id: str
    actions: tuple = ()
    what: str = "done"

    @property
    def said(self) -> str:  # type: ignore[override]
        return self.what

    def run(self, s: Session) -> Outcome:
        results, inverses = [], []
        for action in self.actions:
            result, inverse = action.run(s)
            results.append(result)
            inverses.append(inverse)
        inverse = None
        if all(i is not None for i in inverses):
            inverse = Batch(self.document_id, tuple(reversed(inverses)), self.what)
        return {"results": results}, inverse


def _suggestion(s: Session, document_id: str, suggestion_id: str) -> dict:
    return suggestions_mod.get_suggestion(s.db, document_id, suggestion_id)


def _accept_claim(s: Session, suggestion: dict, event_id: str | None) -> Outcome:
    """Speaker, cue and content spans, and the claim that links them."""
    document_id = suggestion["document_id"]
    roles, made = {}, []
    for part in suggestion["parts"]:
        label, role = CLAIM_PARTS.get(part["label"], (None, None))
        if label is None or role in roles:
            continue
        span = spans_mod.add_span(s.db, document_id, part["start"], part["end"], label, s.actor,
                                  suggested_by=suggestion["suggester"])
        roles[role] = span["id"]
        made.append(span)
    if "content_span_id" not in roles:
        raise StoreError("this claim suggestion has no content to accept")
    claim = claims_mod.create_claim(s.db, document_id, s.actor, event_id=event_id, **roles)
    s.lineage.advance(claim["id"], claim["version"], claim["version"])
    undo = [RemoveSpan(document_id, span["id"]) for span in made if span["label"] != "Claim"]
    undo.append(DiscardClaim(document_id, claim["id"], claim["version"]))
    return ({"span": next(sp for sp in made if sp["label"] == "Claim"), "claim": claim,
             "field": None, "event": None, "suggestion": suggestion},
            Batch(document_id, tuple(undo), "claim suggestion taken back"))


def _accept(s: Session, suggestion: dict, label: str, event_id: str | None,
            version: int | None) -> Outcome:
    if label == "Claim" and suggestion["label"] == "Claim" and suggestion["parts"]:
        return _accept_claim(s, suggestion, event_id)
    span = spans_mod.add_span(s.db, suggestion["document_id"], suggestion["start"],
                              suggestion["end"], label, s.actor,
                              suggested_by=suggestion["suggester"])
    field_name, previous, event, unlinked = s.fill_field(event_id, version, span)
    # The grounded values come back out with the span: a place accepted and undone
    # leaves no country behind.
    return ({"span": span, "field": field_name, "event": event, "suggestion": suggestion},
            RemoveSpan(suggestion["document_id"], span["id"],
                       field_back(s, field_name, previous, event, unlinked)))


@dataclass(frozen=True)
class AcceptSuggestion(Action):
    """Make the suggestion a span with its label; with an active event, fill the field."""

    said: ClassVar[str] = "suggestion accepted"
    changes_spans: ClassVar[bool] = True
    document_id: str
    suggestion_id: str
    event_id: str | None = None
    version: int | None = None

    def run(self, s: Session) -> Outcome:
        suggestion = _suggestion(s, self.document_id, self.suggestion_id)
        return _accept(s, suggestion, suggestion["label"], self.event_id, self.version)


@dataclass(frozen=True)
class AcceptSuggestionAs(Action):
    """Accept the suggestion's words with another label (a place that is an actor)."""

    said: ClassVar[str] = "suggestion accepted as another label"
    changes_spans: ClassVar[bool] = True
    document_id: str
    suggestion_id: str
    label: str
    event_id: str | None = None
    version: int | None = None

    def run(self, s: Session) -> Outcome:
        suggestion = _suggestion(s, self.document_id, self.suggestion_id)
        if not isinstance(self.label, str) or not self.label.strip():
            raise StoreError("a span needs a label")
        return _accept(s, suggestion, self.label, self.event_id, self.version)


@dataclass(frozen=True)
class RejectSuggestion(Action):
    """Never offer this label on these words in this document again."""

    said: ClassVar[str] = "suggestion rejected"
    changes_spans: ClassVar[bool] = True
    document_id: str
    suggestion_id: str

    def run(self, s: Session) -> Outcome:
        suggestion = _suggestion(s, self.document_id, self.suggestion_id)
        row = suggestions_mod.reject(s.db, self.document_id, suggestion["label"],
                                     suggestion["quote"], s.actor)
        return ({"rejection": row, "suggestion": suggestion},
                UnrejectSuggestion(self.document_id, self.suggestion_id, suggestion["label"],
                                   suggestion["quote"]))


@dataclass(frozen=True)
class UnrejectSuggestion(Action):
    """Offer a rejected suggestion again (the undo of rejecting it)."""

    said: ClassVar[str] = "suggestion offered again"
    changes_spans: ClassVar[bool] = True
    document_id: str
    suggestion_id: str
    label: str
    quote: str

    def run(self, s: Session) -> Outcome:
        suggestions_mod.unreject(s.db, self.document_id, self.label, self.quote, s.actor)
        return {}, RejectSuggestion(self.document_id, self.suggestion_id)


def _of_kind(suggestion: dict, kind: str) -> bool:
    kind = kind.casefold()
    return suggestion["label"].casefold() == kind or suggestion["suggester"].casefold() == kind


@dataclass(frozen=True)
class AcceptAllOfKind(Action):
    """Accept every pending suggestion of one kind (a label, or a suggester's name) in the
    document, as spans; one undo takes them all back. Event fields are not filled (one
    field takes one value); where two overlap, the first in reading order is taken."""

    changes_spans: ClassVar[bool] = True
    document_id: str
    kind: str

    @property
    def said(self) -> str:  # type: ignore[override]
        return f"every {self.kind} suggestion accepted"

    def run(self, s: Session) -> Outcome:
        chosen, reach = [], -1
        for suggestion in suggestions_mod.pending(s.db, self.document_id):
            if _of_kind(suggestion, self.kind) and suggestion["start"] >= reach:
                chosen.append(suggestion)
                reach = suggestion["end"]
        if not chosen:
            raise StoreError(f"no {self.kind} suggestions to accept in this document")
        undo = []
        spans = []
        for suggestion in chosen:
            result, inverse = _accept(s, suggestion, suggestion["label"], None, None)
            undo.append(inverse)
            spans.append(result["span"])
        return ({"spans": spans, "count": len(chosen)},
                Batch(self.document_id, tuple(reversed(undo)),
                      f"{len(chosen)} {self.kind} suggestions taken back"))
