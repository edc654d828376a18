"""W3C Web Annotation export (`--format w3c`): JSON-LD, one annotation per span, claim and
event evidence link.

The output is an `AnnotationCollection` whose first page holds every
annotation; each annotation carries its own `@context` so it can be taken out
and used alone.  Targets are `SpecificResource`s on the document (its URL, else
`urn:uuid:<document id>`) with two alternative selectors:
`TextPositionSelector {start, end}` (code points by default, or the unit of
`--offsets`) and `TextQuoteSelector {exact, prefix, suffix}` with 32 characters
of context each side.

- a span: motivation `tagging`, body a TextualBody with the label (purpose tagging);
- a claim: motivation `describing`, targets its speaker / cue / content spans,
  bodies: "claim" (tagging), its polarity, certainty and topic (describing), and
  the event it is about as `urn:uuid:<event id>`;
- an evidence link: motivation `linking`, target the span, bodies the event
  (`urn:uuid:<event id>`), the field name (purpose classifying) and the value the
  span proves (ISO dates, coordinates and gazetteer id, low/best/high numbers:
  store/formats/w3c_values.py);
- an incident, and each link decision (link, unlink, not the same) with its
  author and time: store/formats/w3c_incidents.py.

Orphaned spans (no position after a revision) are left out; so are claims
with no positioned span.
"""

from __future__ import annotations

import json
import re
from typing import IO

import sqlite_utils

from store.db.connection import utc_now
from store.formats import Exporter, register
from store.formats.evidence import Texts, span_by_id
from store.formats.progress import tracked
from store.formats.w3c_incidents import incident_annotations
from store.formats.w3c_values import CONTEXT, link_id, value_bodies
from store.formats.w3c_values import creator as _creator
from store.formats.w3c_values import urn as _urn
from store.records.spans import CONTEXT_CHARS


def _is_plain_uri(url: str | None) -> bool:
    """A URL usable as the target's `source` as it is: absolute, ASCII, nothing to escape.
    Anything else (an IRI, a typo) gives way to the document's urn, never a rewritten URL."""
    if not url or not url.isascii() or any(c.isspace() or c in '<>"{}|\\^`' or ord(c) < 32
                                           for c in url):
        return False
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]+", url))


class W3CWriter:
    def __init__(self, db: sqlite_utils.Database, offsets: str = "codepoints"):
        self.db = db
        self.texts = Texts(db, offsets)
        self._sources: dict[str, str] = {}
        self.skipped = 0
        self._event: dict | None = None

    def event(self, event_id: str) -> dict:
        if self._event is None or self._event["id"] != event_id:
            rows = list(self.db.query("SELECT * FROM events WHERE id = ?", [event_id]))
            self._event = rows[0] if rows else {"id": event_id}
        return self._event

    def source(self, document_id: str) -> str:
        if document_id not in self._sources:
            row = self.db.execute("SELECT url FROM documents WHERE id = ?", [document_id]).fetchone()
            url = row[0] if row else None
            self._sources[document_id] = url if _is_plain_uri(url) else _urn(document_id)
        return self._sources[document_id]

    def target(self, span: dict) -> dict | None:
        pos = self.texts.position(span)
        if pos is None:
            return None
        text = self.texts.text(span["document_id"])
        start, end = span["start"], span["end"]
        return {
            "type": "SpecificResource",
            "source": self.source(span["document_id"]),
            "selector": [
                {"type": "TextPositionSelector", "start": pos[0], "end": pos[1]},
                {"type": "TextQuoteSelector", "exact": span["quote"],
                 "prefix": text[max(0, start - CONTEXT_CHARS):start],
                 "suffix": text[end:end + CONTEXT_CHARS]},
            ],
        }

    def span_annotation(self, span: dict) -> dict | None:
        target = self.target(span)
        if target is None:
            self.skipped += 1
            return None
        return {
            "@context": CONTEXT, "id": _urn(span["id"]), "type": "Annotation",
            "motivation": "tagging", "creator": _creator(span["author"]), "created": span["created_at"],
            "body": {"type": "TextualBody", "value": span["label"], "purpose": "tagging",
                     "format": "text/plain"},
            "target": target,
        }

    def claim_annotation(self, claim: dict) -> dict | None:
        targets = []
        roles = []
        for role in ("speaker", "cue", "content"):
            span = span_by_id(self.db, claim[f"{role}_span_id"])
            t = self.target(span) if span else None
            if t is not None:
                targets.append(t)
                roles.append(role)
        if not targets:
            self.skipped += 1
            return None
        described = f"{claim['polarity']}; certainty {claim['certainty']}"
        if claim["topic"]:
            described += f"; topic {claim['topic']}"
        described += f"; targets: {', '.join(roles)}"
        bodies: list = [
            {"type": "TextualBody", "value": "claim", "purpose": "tagging"},
            {"type": "TextualBody", "value": described, "purpose": "describing"},
        ]
        if claim["event_id"]:
            bodies.append(_urn(claim["event_id"]))
        return {
            "@context": CONTEXT, "id": _urn(claim["id"]), "type": "Annotation",
            "motivation": "describing", "creator": _creator(claim["created_by"]),
            "created": claim["created_at"], "modified": claim["updated_at"],
            "body": bodies, "target": targets if len(targets) > 1 else targets[0],
        }

    def link_annotation(self, link: dict, span: dict) -> dict | None:
        target = self.target(span)
        if target is None:
            self.skipped += 1
            return None
        return {
            "@context": CONTEXT, "id": link_id(link), "type": "Annotation",
            "motivation": "linking", "creator": _creator(link["created_by"]),
            "created": link["created_at"],
            "body": [_urn(link["event_id"]),
                     {"type": "TextualBody", "value": link["field"], "purpose": "classifying"},
                     *value_bodies(self.event(link["event_id"]), link["field"])],
            "target": target,
        }

    def annotations(self):
        """Every annotation, document by document."""
        docs = [r[0] for r in self.db.execute("SELECT id FROM documents ORDER BY rowid")]
        for doc in tracked(docs, len(docs), "w3c"):
            for span in self.db.query(
                    'SELECT * FROM spans WHERE document_id = ? ORDER BY start, "end", rowid', [doc]):
                a = self.span_annotation(span)
                if a:
                    yield a
            for claim in self.db.query(
                    "SELECT * FROM claims WHERE document_id = ? ORDER BY created_at, rowid", [doc]):
                a = self.claim_annotation(claim)
                if a:
                    yield a
            for link in self.db.query(
                    "SELECT x.* FROM event_evidence x JOIN events e ON e.id = x.event_id "
                    "WHERE e.document_id = ? ORDER BY x.created_at, x.rowid", [doc]):
                span = span_by_id(self.db, link["span_id"])
                a = self.link_annotation(link, span) if span else None
                if a:
                    yield a
        # Incidents and the decisions that made them, after every annotation they point at.
        yield from incident_annotations(self)


def write(db: sqlite_utils.Database, out: IO[str], offsets: str = "codepoints", warn=None) -> None:
    """The collection as JSON-LD, streamed one annotation at a time."""
    writer = W3CWriter(db, offsets)
    out.write("{\n")
    out.write(f'"@context": {json.dumps(CONTEXT)},\n"type": "AnnotationCollection",\n'
              f'"label": "eventdesk export",\n"generated": {json.dumps(utc_now())},\n'
              f'"offsetUnit": {json.dumps(offsets)},\n'
              '"first": {"type": "AnnotationPage", "startIndex": 0, "items": [')
    first = True
    for annotation in writer.annotations():
        out.write("\n" if first else ",\n")
        out.write(json.dumps(annotation, ensure_ascii=False))
        first = False
    out.write("\n]}\n}\n")
    if writer.skipped and warn:
        warn(f"{writer.skipped} annotations left out: their spans are orphaned (no position); "
             "see `eventdesk orphans DOCUMENT_ID`")


register(Exporter("w3c", "W3C Web Annotation JSON-LD (spans, claims, evidence links)", "stream",
                  write, options=("offsets", "warn")))
