"""UCDP GED CSV export (`--format ucdp`): approved events in UCDP GED's columns, plus evidence.

UCDP keeps deaths as low / best / high and dates as an interval with a
precision; our events hold the same (fatalities_low/best/high, date_start /
date_end).  Mappings, and why:
- `date_prec` from the interval date_start..date_end (a two-day range is 2, a
  week 3, a month 4, within a year 5), else from ACLED's time_precision: 1 day -> 1,
  2 week -> 3, 3 month -> 4;
- `where_prec` from geo_precision: 1 town -> 1, 2 near a town -> 2 (within 25 km),
  3 larger region -> 4 (first-order admin area);
- `type_of_violence`: 3 (one-sided) for Violence against civilians, 1 (state-based)
  for Battles / Explosions with State forces on a side, else 2 (non-state);
  empty for other event types (UCDP codes only organised violence);
- `deaths_a`, `deaths_b`, `deaths_civilians`, `deaths_unknown` stay empty: our
  records keep totals, not the split.
`evidence` is the same JSON as in the ACLED export.
"""

from __future__ import annotations

import json
from typing import IO

import sqlite_utils

from store.formats import Exporter, grounded_columns, register
from store.formats.evidence import Texts, event_evidence
from store.formats.incident_rows import GED_COLUMNS, ucdp_incident_row, write_incident_table

COLUMNS = GED_COLUMNS  # all 49, in GED's order; incidents: store/formats/incident_rows.py
EXTRA_COLUMNS = ("evidence",)

DATE_PREC = {1: 1, 2: 3, 3: 4}
WHERE_PREC = {1: 1, 2: 2, 3: 4}


def type_of_violence(event: dict) -> int | None:
    etype = event["event_type"]
    if etype == "Violence against civilians":
        return 3
    if etype in ("Battles", "Explosions/Remote violence"):
        if "State forces" in (event["actor1_kind"], event["actor2_kind"]):
            return 1
        return 2
    return None


def ucdp_row(db: sqlite_utils.Database, texts: Texts, event: dict) -> dict:
    doc = db.execute("SELECT outlet, title, url, published FROM documents WHERE id = ?",
                     [event["document_id"]]).fetchone() or (None, None, None, None)
    start = event["date_start"] or ""  # an ISO date only; the quoted words stay in the evidence column
    row = {
        "id": event["id"], "year": start[:4] if start[:4].isdigit() else "",
        "type_of_violence": type_of_violence(event),
        "side_a": event["actor1"], "side_b": event["actor2"],
        "source_article": doc[2] or doc[1], "source_office": doc[0], "source_date": doc[3],
        "source_headline": doc[1],
        "where_prec": WHERE_PREC.get(event["geo_precision"]), "where_description": event["location"],
        "adm_1": event["admin1"], "adm_2": event["admin2"],
        "latitude": event["latitude"], "longitude": event["longitude"], "country": event["country"],
        "date_prec": grounded_columns.ucdp_precision(event, DATE_PREC),
        "date_start": start, "date_end": event["date_end"] or start,
        "deaths_a": None, "deaths_b": None, "deaths_civilians": None, "deaths_unknown": None,
        "best": event["fatalities_best"], "high": event["fatalities_high"], "low": event["fatalities_low"],
        "evidence": json.dumps(event_evidence(db, texts, event["id"]), ensure_ascii=False),
    }
    return {k: "" if v is None else v for k, v in row.items()}


def write(db: sqlite_utils.Database, out: IO[str], offsets: str = "codepoints", warn=None) -> None:
    write_incident_table(db, out, offsets, name="ucdp", columns=COLUMNS + EXTRA_COLUMNS,
                         make_row=ucdp_row, make_incident_row=ucdp_incident_row, warn=warn)


register(Exporter("ucdp", "CSV of approved events in UCDP GED's columns, with evidence", "stream",
                  write, options=("offsets", "warn")))
