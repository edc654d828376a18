"""Incidents in the W3C Web Annotation export: the links between reports, with their evidence.

After the annotations of every document (spans, claims, evidence links: store/formats/w3c.py)
the collection holds:

- one annotation per incident with events (`urn:uuid:<incident id>`), motivation `linking`,
  its creator and times; the targets are the member events' evidence-link annotations (an
  event with no positioned evidence is targeted as `urn:uuid:<event id>`), the bodies say
  "incident" (tagging), its state (classifying), each member event (`urn:uuid:<event id>`)
  and, as JSON (describing), its reconciled fields with the events and claims each rests
  on, where each value came from ("reconciled" or "picked by X"), the sources' disagreements
  and the number of sources;
- one annotation per link decision (`urn:uuid:<decision id>`) with the decision's author as
  creator and its time as `created`: a link is motivation `linking` targeting the annotations
  of both events, body the incident; an unlink is `editing` targeting the event taken out;
  "not the same" (and its retraction) is `assessing`, targeting the two reports (events'
  annotations, or a document when the pair was of articles).

An empty incident (every event deleted or unlinked) has no annotation of its own, since
an annotation needs a target; its decisions are still there.
"""

from __future__ import annotations

import json
from typing import Iterator

from store.formats.w3c_values import CONTEXT, creator, link_id, urn
from store.incidents.store import incident_view
from store.records import incidents as records

#: motivation and the words of each kind of link decision
DECISIONS = {
    "link": ("linking", "link: the same incident"),
    "unlink": ("editing", "unlink: taken out of the incident"),
    "not_same": ("assessing", "not the same incident"),
    "retract_not_same": ("assessing", "retracted: not the same incident"),
}


def _body(value: str, purpose: str, fmt: str = "text/plain") -> dict:
    return {"type": "TextualBody", "value": value, "purpose": purpose, "format": fmt}


def event_targets(writer, event_id: str) -> list:
    """The ids of the event's evidence-link annotations in this export, else the event's urn."""
    ids = []
    for link in writer.db.query(
            "SELECT x.event_id, x.field, x.span_id, s.anchor, s.start FROM event_evidence x"
            " JOIN spans s ON s.id = x.span_id WHERE x.event_id = ? ORDER BY x.created_at, x.rowid",
            [event_id]):
        if link["anchor"] != "orphaned" and link["start"] is not None:
            ids.append(link_id(link))
    return ids or [urn(event_id)]


def report_targets(writer, ident: str) -> list:
    """A candidate's side: an event (its annotations) or a document (its source)."""
    if writer.db.execute("SELECT 1 FROM events WHERE id = ?", [ident]).fetchone():
        return event_targets(writer, ident)
    if writer.db.execute("SELECT 1 FROM documents WHERE id = ?", [ident]).fetchone():
        return [writer.source(ident)]
    return [urn(ident)]  # an event deleted since


def incident_annotation(writer, view: dict) -> dict | None:
    incident = view["incident"]
    if not view["events"]:
        return None
    targets = [t for event in view["events"] for t in event_targets(writer, event["id"])]
    described = {
        "state": view["state"],
        "number_of_sources": view["reconciled"]["number_of_sources"],
        "fields": {name: {k: f.get(k) for k in ("value", "source", "events", "claims")}
                   for name, f in view["fields"].items()},
        "conflicts": view["reconciled"]["conflicts"],
    }
    return {
        "@context": CONTEXT, "id": urn(incident["id"]), "type": "Annotation",
        "motivation": "linking", "creator": creator(incident["created_by"]),
        "created": incident["created_at"], "modified": incident["updated_at"],
        "body": [_body("incident", "tagging"), _body(view["state"], "classifying"),
                 *(urn(event["id"]) for event in view["events"]),
                 _body(json.dumps(described, ensure_ascii=False), "describing", "application/json")],
        "target": targets,
    }


def decision_annotation(writer, decision: dict) -> dict:
    motivation, words = DECISIONS.get(decision["kind"], ("assessing", decision["kind"]))
    sides = [decision["a"]] + ([decision["b"]] if decision["b"] else [])
    targets = [t for side in sides for t in report_targets(writer, side)]
    bodies: list = [_body(words, "classifying")]
    if decision["incident_id"]:
        bodies.append(urn(decision["incident_id"]))
    if decision["reason"]:
        bodies.append(_body(decision["reason"], "commenting"))
    return {
        "@context": CONTEXT, "id": urn(decision["id"]), "type": "Annotation",
        "motivation": motivation, "creator": creator(decision["author"]),
        "created": decision["at"],
        "body": bodies, "target": targets if len(targets) > 1 else targets[0],
    }


def incident_annotations(writer) -> Iterator[dict]:
    for row in records.list_incidents(writer.db):
        annotation = incident_annotation(writer, incident_view(writer.db, row["id"]))
        if annotation:
            yield annotation
    for decision in writer.db.query("SELECT * FROM link_decisions ORDER BY at, rowid"):
        yield decision_annotation(writer, decision)
