"""ACLED CSV export (`--format acled`): approved events in ACLED's columns, plus evidence.

Columns are ACLED's, in ACLED's order (domain.md §3), then `evidence`: a JSON
object field -> [{"start", "end", "quote", "anchor"}] with offsets in the unit
of `--offsets`, so every value in the row can be traced to its words.

Derived columns, and why:
- `disorder_type` from event_type: Protests and Riots are "Demonstrations",
  "Excessive force against protesters" is "Political violence; Demonstrations",
  Strategic developments keep their name, the rest is "Political violence".
- `inter1`/`inter2` are ACLED's actor-type codes (1 State forces ... 8
  External/Other forces) from actor1_kind/actor2_kind; `interaction` is the two
  codes, smaller first (10 × code when there is no actor 2).
- `fatalities` is the lowest credible figure (fatalities_low, else best), as
  ACLED's rule says; the dispute belongs in `notes`.
- `source` is the outlet (else title) of the event's document; `source_scale` is
  left empty; `iso` and `region` come from the country (store.formats.grounded_columns).
"""

from __future__ import annotations

import datetime as _dt
import json
from typing import IO

import sqlite_utils

from store.formats import Exporter, grounded_columns, register
from store.formats.evidence import Texts, event_evidence
from store.formats.incident_rows import acled_incident_row, write_incident_table

COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)
EXTRA_COLUMNS = ("evidence",)

#: ACLED actor-type codes.
INTER_CODES = {
    "State forces": 1, "Rebel group": 2, "Rebel groups": 2, "Political militia": 3,
    "Political militias": 3, "Identity militia": 4, "Identity militias": 4, "Rioters": 5,
    "Protesters": 6, "Civilians": 7, "External/Other forces": 8,
}


def disorder_type(event_type: str | None, sub_event_type: str | None) -> str:
    if not event_type:
        return ""
    if sub_event_type == "Excessive force against protesters":
        return "Political violence; Demonstrations"
    if event_type in ("Protests", "Riots"):
        return "Demonstrations"
    if event_type == "Strategic developments":
        return "Strategic developments"
    return "Political violence"


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    if inter1 is None:
        return None
    if inter2 is None:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def _timestamp(iso: str | None) -> int | None:
    try:
        return int(_dt.datetime.fromisoformat(iso).timestamp()) if iso else None
    except ValueError:
        return None


def _blank(value):
    return "" if value is None else value


def acled_row(db: sqlite_utils.Database, texts: Texts, event: dict) -> dict:
    date = event["date_start"] or ""  # an ISO date only; the quoted words stay in the evidence column
    inter1 = INTER_CODES.get(event["actor1_kind"] or "")
    inter2 = INTER_CODES.get(event["actor2_kind"] or "")
    doc = db.execute("SELECT outlet, title FROM documents WHERE id = ?", [event["document_id"]]).fetchone()
    fatalities = event["fatalities_low"] if event["fatalities_low"] is not None else event["fatalities_best"]
    row = {
        "event_id_cnty": event["id"], "event_date": date, "year": date[:4] if date[:4].isdigit() else "",
        "time_precision": grounded_columns.acled_precision(event),
        "disorder_type": disorder_type(event["event_type"], event["sub_event_type"]),
        "event_type": event["event_type"], "sub_event_type": event["sub_event_type"],
        "actor1": event["actor1"], "assoc_actor_1": event["assoc_actor_1"], "inter1": inter1,
        "actor2": event["actor2"], "assoc_actor_2": event["assoc_actor_2"], "inter2": inter2,
        "interaction": interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if event["civilian_targeting"] else "",
        **grounded_columns.country_columns(event), "country": event["country"], "admin1": event["admin1"],
        "admin2": event["admin2"], "admin3": event["admin3"], "location": event["location"],
        "latitude": event["latitude"], "longitude": event["longitude"],
        "geo_precision": event["geo_precision"],
        "source": (doc[0] or doc[1]) if doc else "", "source_scale": "", "notes": event["notes"],
        "fatalities": fatalities, "tags": f"grading={event['grading']}" if event["grading"] else "",
        "timestamp": _timestamp(event["updated_at"]),
        "evidence": json.dumps(event_evidence(db, texts, event["id"]), ensure_ascii=False),
    }
    return {k: _blank(v) for k, v in row.items()}


def write(db: sqlite_utils.Database, out: IO[str], offsets: str = "codepoints", warn=None) -> None:
    write_incident_table(db, out, offsets, name="acled", columns=COLUMNS + EXTRA_COLUMNS,
                         make_row=acled_row, make_incident_row=acled_incident_row, warn=warn)


register(Exporter("acled", "CSV of approved events in ACLED's columns, with evidence", "stream",
                  write, options=("offsets", "warn")))
