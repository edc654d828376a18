"""The changes an editor makes to incidents, as typed actions like every other.

Linking reports of one incident, taking one out, "not the same", picking a
reconciled value and reviewing: each runs through `store.annotate.gateway`
(`Session.apply`) and returns its inverse, as in `store.annotate.actions`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from store.annotate.actions import Action, Outcome, Session
from store.records import incidents as incidents_mod


def _incident_version(s: Session, incident_id: str | None, seen: int | None) -> int | None:
    return s.version_to_write(incident_id, seen, "incidents") if incident_id and seen else seen


@dataclass(frozen=True)
class LinkEvents(Action):
    """Put two events of different articles in one incident (a new one, or the one of either)."""

    said: ClassVar[str] = "linked: one incident"
    document_id: ClassVar[None] = None
    a: str
    b: str
    version: int | None = None  # of the incident one of them is in, as the screen saw it
    incident_id: str | None = None

    def run(self, s: Session) -> Outcome:
        done = incidents_mod.link(s.db, self.a, self.b, s.actor,
                                  _incident_version(s, self.incident_id, self.version))
        incident = done["incident"]
        if not done["added"]:
            return done, None
        if done["created"]:
            return done, UnlinkEvents(tuple(done["added"]), incident["id"], incident["version"])
        return done, UnlinkEvents(tuple(done["added"]), incident["id"], incident["version"])


@dataclass(frozen=True)
class UnlinkEvents(Action):
    """Take events out of their incident (undone by putting them back in the same one)."""

    said: ClassVar[str] = "unlinked"
    document_id: ClassVar[None] = None
    event_ids: tuple[str, ...]
    incident_id: str | None = None
    version: int | None = None

    def run(self, s: Session) -> Outcome:
        incident = None
        seen = _incident_version(s, self.incident_id, self.version)
        taken = []
        for event_id in self.event_ids:
            incident = incidents_mod.unlink(s.db, event_id, s.actor, seen)
            seen = incident["version"]
            taken.append(event_id)
        return {"incident": incident}, RelinkEvents(tuple(taken), incident["id"], incident["version"])


@dataclass(frozen=True)
class RelinkEvents(Action):
    """Put events back into an incident (the undo of unlinking them)."""

    said: ClassVar[str] = "linked again"
    document_id: ClassVar[None] = None
    event_ids: tuple[str, ...]
    incident_id: str
    version: int | None = None

    def run(self, s: Session) -> Outcome:
        seen = _incident_version(s, self.incident_id, self.version)
        incident = None
        for event_id in self.event_ids:
            incident = incidents_mod.add_to_incident(s.db, self.incident_id, event_id, s.actor, seen)
            seen = incident["version"]
        return {"incident": incident}, UnlinkEvents(self.event_ids, self.incident_id, incident["version"])


@dataclass(frozen=True)
class NotTheSame(Action):
    """A coder's "these two reports are not of one incident": never proposed again."""

    said: ClassVar[str] = "not the same: never proposed again"
    document_id: ClassVar[None] = None
    a: str
    b: str
    retract: bool = False

    def run(self, s: Session) -> Outcome:
        decision = incidents_mod.not_the_same(s.db, self.a, self.b, s.actor, retract=self.retract)
        return {"decision": decision}, NotTheSame(self.a, self.b, retract=not self.retract)


@dataclass(frozen=True)
class PickIncidentValue(Action):
    """An editor's choice of an incident field (best fatalities, a date, a place); None clears."""

    said: ClassVar[str] = "value picked"
    document_id: ClassVar[None] = None
    incident_id: str
    field: str
    value: Any
    from_event: str | None = None
    version: int | None = None

    def run(self, s: Session) -> Outcome:
        seen = s.version_to_write(self.incident_id, self.version, "incidents")
        before = incidents_mod.get_incident(s.db, self.incident_id)["picks"].get(self.field)
        incident = incidents_mod.pick(s.db, self.incident_id, self.field, self.value, s.actor, seen,
                                      self.from_event)
        s.lineage.advance(incident["id"], seen, incident["version"])
        undo = PickIncidentValue(self.incident_id, self.field, before["value"] if before else None,
                                 before.get("from_event") if before else None, incident["version"])
        return {"incident": incident}, undo


@dataclass(frozen=True)
class ReviewIncident(Action):
    """submit, approve, reject, return or reopen an incident; not undoable (like Review)."""

    said: ClassVar[str] = "incident review saved"
    document_id: ClassVar[None] = None
    incident_id: str
    decision: str
    reason: str | None = None
    version: int | None = None

    def run(self, s: Session) -> Outcome:
        from store.incidents.store import transition  # store.incidents imports records only

        seen = s.version_to_write(self.incident_id, self.version, "incidents")
        incident = transition(s.db, self.decision, self.incident_id, s.actor, self.reason, seen)
        s.lineage.advance(incident["id"], seen, incident["version"])
        return {"incident": incident}, None
