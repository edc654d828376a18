"""The values an evidence link proves, as W3C Web Annotation bodies (used by store/formats/w3c.py).

An evidence link annotation (motivation `linking`, target the span) carries, beside the
event and the field name, the event's value for that field:

- date: `date_start`, or the ISO 8601 interval `date_start/date_end` when they differ
  (a TextualBody, purpose `describing`);
- location: the place's name (with admin1, country), a `geo:LAT,LON` URI (RFC 5870) when
  it has coordinates, and its gazetteer id as an IRI (GeoNames ids as
  `https://sws.geonames.org/ID/`, others as `urn:eventdesk:gazetteer:ID`);
- killed / injured: `{"low", "best", "high"}` as JSON (format `application/json`);
- actor1 / actor2: the name and its kind; trigger: event type and sub-event type.

A field with no value yet adds nothing: the quote is linked, what it proves is not set.

The ids every W3C annotation uses (records as `urn:uuid:`, people as `urn:eventdesk:user:`,
evidence links by a name-based UUID, stable across exports) are here too, so that
store/formats/w3c.py and store/formats/w3c_incidents.py share them.
"""

from __future__ import annotations

import json
import re
import uuid
from urllib.parse import quote as _pct

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
_NS = uuid.UUID("5b0e5a53-5c3f-4a8e-9f5e-7e1d2c3b4a59")  # ids of evidence links, stable across exports


def urn(ident: str) -> str:
    try:
        return f"urn:uuid:{uuid.UUID(ident)}"
    except ValueError:
        return f"urn:eventdesk:{_pct(ident, safe='')}"


def creator(login: str) -> dict:
    return {"id": f"urn:eventdesk:user:{_pct(login, safe='')}", "type": "Person", "nickname": login}


def link_id(link: dict) -> str:
    """The id of an evidence link's annotation (an `event_evidence` row)."""
    name = f"{link['event_id']}|{link['field']}|{link['span_id']}"
    return f"urn:uuid:{uuid.uuid5(_NS, name)}"


def _text(value: str, fmt: str = "text/plain") -> dict:
    return {"type": "TextualBody", "value": value, "purpose": "describing", "format": fmt}


def gazetteer_iri(gazetteer_id: str) -> str:
    m = re.fullmatch(r"(?:geonames:)?(\d+)", gazetteer_id.strip(), re.I)
    if m:
        return f"https://sws.geonames.org/{m.group(1)}/"
    return f"urn:eventdesk:gazetteer:{_pct(gazetteer_id.strip(), safe='')}"


def _range(event: dict, prefix: str) -> dict | None:
    values = {k: event.get(f"{prefix}_{k}") for k in ("low", "best", "high")}
    if all(v is None for v in values.values()):
        return None
    return _text(json.dumps(values), "application/json")


def value_bodies(event: dict, field: str) -> list:
    """The bodies giving `event`'s value for the evidence field `field` (may be empty)."""
    out: list = []
    if field == "date":
        start, end = event.get("date_start"), event.get("date_end")
        if start:
            out.append(_text(start if not end or end == start else f"{start}/{end}"))
    elif field == "location":
        name = ", ".join(p for p in (event.get("location"), event.get("admin1"), event.get("country")) if p)
        if name:
            out.append(_text(name))
        lat, lon = event.get("latitude"), event.get("longitude")
        if lat is not None and lon is not None:
            out.append(f"geo:{lat:g},{lon:g}")
        if event.get("gazetteer_id"):
            out.append(gazetteer_iri(event["gazetteer_id"]))
    elif field in ("killed", "injured"):
        body = _range(event, "fatalities" if field == "killed" else "injured")
        if body:
            out.append(body)
    elif field in ("actor1", "actor2"):
        name, kind = event.get(field), event.get(f"{field}_kind")
        if name:
            out.append(_text(f"{name} ({kind})" if kind else name))
    elif field == "trigger":
        kind = " / ".join(p for p in (event.get("event_type"), event.get("sub_event_type")) if p)
        if kind:
            out.append(_text(kind))
    return out
