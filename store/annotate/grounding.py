"""Grounding inside the one write path: a labelled span's grounded values, and the
actions that accept them or pick another candidate.

`ground_for(db, span, field)` is what `Session.fill_field` calls: the span's
words against its document's published date (the DCT), its sentence, and the
gazetteer with the editors' places. `AcceptGrounded` records that a person
checked a grounded value; `PickCandidate` fills the place fields from the
candidate the person chose. Both are typed actions with inverses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import ClassVar

from store.annotate.actions import Action, Outcome, Session
from store.errors import StoreError
from store.grounding.from_span import (
    GROUNDED_FIELDS,
    KIND_FIELDS,
    PLACE_FIELDS,
    Grounded,
    ground_span,
    place_changes,
)
from store.records import events as events_mod
from store.records import places as places_mod
from store.records import values as values_mod

CONTEXT_CHARS = 240
#: Flags the form need not repeat: "article date ..." already says it.
SAID_BY_THE_DCT = {"relative_to_dct"}


def ground_for(db, span: dict, field: str, event: dict | None = None) -> Grounded | None:
    """What the span grounds to, for the event field it fills (None: not a grounded field).
    `event` (as it is before the span) gives an actor's kind the event's country."""
    if field not in GROUNDED_FIELDS or span.get("start") is None:
        return None
    row = db.execute("SELECT text, published FROM documents WHERE id = ?",
                     [span["document_id"]]).fetchone()
    if row is None:
        return None
    text, published = row
    start, end = span["start"], span["end"]
    if field == "location":
        gazetteer = places_mod.gazetteer_for(db)
        return ground_span(field, span["quote"], context=text, gazetteer=gazetteer)
    if field in KIND_FIELDS:
        return ground_span(field, span["quote"], country=(event or {}).get("country") or None)
    context = text[max(0, start - CONTEXT_CHARS):end + CONTEXT_CHARS]
    return ground_span(field, span["quote"], dct=(published or None), context=context)


def kinds_regrounded(db, event_id: str, country: str | None) -> list[tuple[str, dict, Grounded]]:
    """The actors whose kind was grounded for another country (or none yet, and so left
    unresolved), grounded again now the event's country is `country`.

    Labelling "Syrian troops" before the place leaves the kind open: at home they are
    State forces, abroad External/Other forces.  Once the location says Syria the
    kind can be read; a kind a person typed or accepted is theirs and stays.
    Returns (evidence field, span, grounded) for each, for `fill_grounded`."""
    if not country:
        return []  # a cleared country tells nothing new; what was read stays
    stored = values_mod.values_for(db, event_id)
    again = []
    for evidence, (kind_field,) in KIND_FIELDS.items():
        row = stored.get(kind_field)
        if (row is None or row["source"] != "grounded" or not row["span_id"]
                or row["detail"].get("country") == country):
            continue
        span = db.execute("SELECT id, document_id, start, end, quote FROM spans WHERE id = ?",
                          [row["span_id"]]).fetchone()
        if span is None:
            continue
        span = dict(zip(("id", "document_id", "start", "end", "quote"), span))
        grounded = ground_for(db, span, evidence, {"country": country})
        if grounded is not None:
            again.append((evidence, span, grounded))
    return again


def kind_changes(again: list[tuple[str, dict, Grounded]]) -> dict:
    """The event fields the re-grounded kinds fill."""
    return {k: v for _, _, grounded in again for k, v in grounded.changes.items()}


def fill_regrounded(s: Session, event_id: str, again) -> tuple:
    """Record the re-grounded kinds' provenance; returns the rows to put back on undo."""
    saved: tuple = ()
    for evidence, span, grounded in again:
        saved += fill_grounded(s, event_id, span, evidence, grounded)
    return saved


def fill_grounded(s: Session, event_id: str, span: dict, field: str, grounded: Grounded | None):
    """Record the provenance of what `grounded` filled; returns the rows to put back on undo."""
    fields = GROUNDED_FIELDS.get(field, ())
    saved = values_mod.snapshot(s.db, event_id, fields)
    if grounded is None:
        return saved
    for name in fields:
        if name in grounded.changes:
            values_mod.put(s.db, event_id, name, source="grounded", actor=s.actor,
                           span_id=span["id"], rule=grounded.rule, detail=grounded.detail)
        else:
            s.db.execute("DELETE FROM event_values WHERE event_id = ? AND field = ?", [event_id, name])
    if not grounded.changes:
        # Unresolved: nothing filled, but the reviewer sees why on the first field.
        values_mod.put(s.db, event_id, fields[0], source="grounded", actor=s.actor,
                       span_id=span["id"], rule=None, detail=grounded.detail)
    return saved


@dataclass(frozen=True)
class AcceptGrounded(Action):
    """A person checked the grounded values of one evidence field and keeps them."""

    said: ClassVar[str] = "grounded value accepted"
    document_id: str
    event_id: str
    field: str
    version: int | None = None

    def run(self, s: Session) -> Outcome:
        fields = GROUNDED_FIELDS.get(self.field)
        if not fields:
            raise StoreError(f"{self.field} has no grounded values")
        stored = values_mod.values_for(s.db, self.event_id)
        mine = [f for f in fields if f in stored and stored[f]["source"] == "grounded"]
        if not mine:
            raise StoreError(f"nothing grounded to accept for {self.field}")
        saved = values_mod.snapshot(s.db, self.event_id, fields)
        event = _accept(s, self.event_id, self.version, stored, mine)
        return {"event": event}, RestoreValues(self.document_id, self.event_id, {}, saved,
                                               event["version"])


def _accept(s: Session, event_id: str, version: int | None, stored: dict, names: list[str]) -> dict:
    """Mark the grounded values `names` as accepted by the acting person, keeping where they
    came from, and bump the event's version: the acceptance is a change of the event."""
    event = s.update_event(event_id, s.version_to_write(event_id, version, "events"), {})
    for name in names:
        row = stored[name]
        values_mod.put(s.db, event_id, name, source="accepted", actor=s.actor,
                       span_id=row["span_id"], rule=row["rule"], detail=row["detail"])
    return event


def to_check(values: dict, event: dict | None) -> list[str]:
    """The evidence fields with grounded values still to check, latest grounded first: a
    row a person has not accepted yet, not unresolved, and filling at least one of the
    event's fields with a value (a count bound left empty has nothing to check)."""
    latest: dict[str, str] = {}
    for evidence, fields in GROUNDED_FIELDS.items():
        for name in fields:
            row = values.get(name)
            if (row and row["source"] == "grounded" and not row["detail"].get("unresolved")
                    and (event is None or event.get(name) is not None)):
                latest[evidence] = max(latest.get(evidence, ""), row["at"])
    return sorted(latest, key=lambda e: latest[e], reverse=True)


@dataclass(frozen=True)
class AcceptAllGrounded(Action):
    """A person checked every grounded value of the event still to check and keeps them all;
    the outcome lists what was accepted (field -> value), for the summary they see."""

    said: ClassVar[str] = "grounded values accepted"
    document_id: str
    event_id: str
    version: int | None = None

    def run(self, s: Session) -> Outcome:
        stored = values_mod.values_for(s.db, self.event_id)
        before = events_mod.get_event(s.db, self.event_id)
        evidence_fields = to_check(stored, before)
        if not evidence_fields:
            raise StoreError("nothing grounded to accept on this event")
        names = [f for e in evidence_fields for f in GROUNDED_FIELDS[e]
                 if f in stored and stored[f]["source"] == "grounded"]
        saved = values_mod.snapshot(s.db, self.event_id, names)
        event = _accept(s, self.event_id, self.version, stored, names)
        accepted = {e: {f: before[f] for f in GROUNDED_FIELDS[e] if f in names and before[f] is not None}
                    for e in sorted(evidence_fields, key=list(GROUNDED_FIELDS).index)}
        return {"event": event, "accepted": accepted}, RestoreValues(
            self.document_id, self.event_id, {}, saved, event["version"])


@dataclass(frozen=True)
class PickCandidate(Action):
    """Fill the place fields from gazetteer candidate `index` (0 is the grounded pick)."""

    said: ClassVar[str] = "place candidate picked"
    document_id: str
    event_id: str
    index: int
    version: int | None = None

    def run(self, s: Session) -> Outcome:
        stored = values_mod.values_for(s.db, self.event_id)
        row = next((stored[f] for f in PLACE_FIELDS if f in stored), None)
        if row is None:
            raise StoreError("this event's place was not grounded; label a Location first")
        offers = row["detail"].get("candidates", []) + row["detail"].get("did_you_mean", [])
        if not 0 <= self.index < len(offers):
            raise StoreError(f"no candidate {self.index + 1}; there are {len(offers)}")
        chosen = offers[self.index]
        changes = place_changes(chosen)
        before = events_mod.get_event(s.db, self.event_id)
        saved = values_mod.snapshot(s.db, self.event_id, PLACE_FIELDS)
        version = s.version_to_write(self.event_id, self.version, "events")
        event, kinds, kinds_saved = s.update_event_reading_kinds(self.event_id, version, changes)
        detail = {**row["detail"], "picked": self.index}
        for name in PLACE_FIELDS:
            values_mod.put(s.db, self.event_id, name, source="picked", actor=s.actor,
                           span_id=row["span_id"], rule="gazetteer", detail=detail)
        undo = {k: before[k] for k in {**changes, **kinds}}
        saved += kinds_saved
        return {"event": event, "picked": chosen}, RestoreValues(
            self.document_id, self.event_id, undo, saved, event["version"])


@dataclass(frozen=True)
class RestoreValues(Action):
    """Give fields their earlier values and provenance (the undo of accepting or picking)."""

    said: ClassVar[str] = "grounded value put back"
    document_id: str
    event_id: str
    changes: dict
    saved: tuple
    version: int | None = None

    def run(self, s: Session) -> Outcome:
        fields = [f for f, _ in self.saved]
        current = values_mod.snapshot(s.db, self.event_id, fields)
        before = events_mod.get_event(s.db, self.event_id)
        version = s.version_to_write(self.event_id, self.version, "events")
        event = s.update_event(self.event_id, version, self.changes)
        values_mod.restore(s.db, self.event_id, self.saved, s.actor)
        redo = {k: before[k] for k in self.changes}
        return {"event": event}, RestoreValues(self.document_id, self.event_id, redo, current,
                                               event["version"])


def describe(row: dict) -> str:
    """One line saying where a grounded value came from, for the form."""
    detail = row.get("detail") or {}
    words = detail.get("words")
    parts = [f"from {json.dumps(words, ensure_ascii=False)[1:-1]!r}" if words else row["source"]]
    if detail.get("dct"):
        parts.append(f"article date {detail['dct']}")
    if detail.get("reason"):  # an actor's kind: which words, and home or abroad
        parts.append(str(detail["reason"]))
    flags = [f for f in detail.get("flags") or () if f not in SAID_BY_THE_DCT]
    if flags:
        parts.append("flagged: " + ", ".join(f.replace("_", " ") for f in flags))
    if detail.get("unresolved"):
        parts.append(f"unresolved: {detail.get('why')}")
    if row["source"] in ("accepted", "picked", "typed"):
        parts.append(f"{row['source']} by {row['by']}")
    return ", ".join(parts)
