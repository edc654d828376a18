"""Incidents in the ACLED and UCDP tables, and in the JSON export.

Which rows a table gets (the decision, documented in the README):
- an **approved** incident with events gives one row: its reconciled fields
  (the editor's picks where made), every source, low/best/high, and in
  `evidence` each member event's evidence by field plus where each field's
  value came from;
- every other approved event, unlinked or in an incident not approved yet,
  gives its own one-source row, as before, so nothing approved is lost from
  a table while its incident waits for review.
An empty incident (its events deleted) gives no row.

UCDP GED's columns, in the order of its published table (GED codebook,
versions 22.1 on: 49 columns). Columns our records cannot fill (UCDP's own
conflict, dyad and actor ids, PRIO-GRID, Gleditsch-Ward codes) stay empty.
"""

from __future__ import annotations

import csv
import json
from typing import IO, Callable, Sequence

import sqlite_utils

from store.formats.evidence import (
    Texts,
    approved_count,
    approved_events,
    event_evidence,
    left_out_line,
    raw_csv_wanted,
    safe_cell,
)
from store.formats.progress import tracked
from store.incidents.store import incident_view
from store.records import incidents as records

GED_COLUMNS = (
    "id", "relid", "year", "active_year", "code_status", "type_of_violence",
    "conflict_dset_id", "conflict_new_id", "conflict_name", "dyad_dset_id", "dyad_new_id",
    "dyad_name", "side_a_dset_id", "side_a_new_id", "side_a", "side_b_dset_id", "side_b_new_id",
    "side_b", "number_of_sources", "source_article", "source_office", "source_date",
    "source_headline", "source_original", "where_prec", "where_coordinates",
    "where_description", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt", "priogrid_gid",
    "country", "country_id", "region", "event_clarity", "date_prec", "date_start", "date_end",
    "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low",
    "gwnoa", "gwnob",
)

Row = Callable[[sqlite_utils.Database, Texts, dict], dict]


def approved_incidents(db: sqlite_utils.Database) -> list[dict]:
    """Approved incidents that still have events, with their views."""
    views = []
    for row in db.query("SELECT id FROM incidents WHERE status = 'approved' ORDER BY created_at, rowid"):
        view = incident_view(db, row["id"])
        if view["events"]:
            views.append(view)
    return views


def _blank(row: dict) -> dict:
    return {k: "" if v is None else v for k, v in row.items()}


def _value(view: dict, name: str):
    return view["fields"][name]["value"]


def incident_evidence(db, texts: Texts, view: dict) -> dict:
    """The links and what each field rests on: member events' evidence, claims, decisions."""
    return {
        "incident": view["incident"]["id"],
        "events": {e["id"]: {"document_id": e["document_id"], "evidence": event_evidence(db, texts, e["id"])}
                   for e in view["events"]},
        "fields": {name: {k: f.get(k) for k in ("value", "source", "events", "claims")}
                   for name, f in view["fields"].items()},
        "conflicts": view["reconciled"]["conflicts"],
        "links": [{k: d[k] for k in ("id", "kind", "a", "b", "author", "at", "reason")}
                  for d in view["decisions"]],
    }


def _joined(values) -> str:
    return "; ".join(str(v) for v in values if v not in (None, ""))


def _date_prec(start: str | None, end: str | None) -> int | None:
    """UCDP date_prec from the interval: 1 one day, 2 two to six days, 3 a week, 4 a month, 5 longer."""
    from store.incidents.reports import day_number

    first, last = day_number(start), day_number(end or start)
    if not first or not last:
        return None
    days = last[1] - first[0] + 1
    return 1 if days <= 1 else 2 if days <= 6 else 3 if days <= 7 else 4 if days <= 31 else 5


def ucdp_incident_row(db, texts: Texts, view: dict, event_row: Row) -> dict:
    rows = [event_row(db, texts, e) for e in view["events"]]
    first = rows[0]
    start, end = _value(view, "date_start"), _value(view, "date_end")
    precs = [r["where_prec"] for r in rows if r.get("where_prec") not in (None, "")]
    row = {column: "" for column in GED_COLUMNS}
    row.update({
        "id": view["incident"]["id"], "year": (start or "")[:4],
        "type_of_violence": first.get("type_of_violence", ""),
        "side_a": _value(view, "actor1"), "side_b": _value(view, "actor2"),
        "number_of_sources": view["reconciled"]["number_of_sources"],
        "source_article": _joined(r.get("source_article") for r in rows),
        "source_office": _joined(r.get("source_office") for r in rows),
        "source_date": _joined(r.get("source_date") for r in rows),
        "source_headline": _joined(r.get("source_headline") for r in rows),
        "where_prec": min(precs) if precs else "",
        "where_description": _value(view, "location"), "adm_1": _value(view, "admin1"),
        "adm_2": _value(view, "admin2"), "country": _value(view, "country"),
        "latitude": (view["reconciled"]["place"]["value"] or {}).get("latitude"),
        "longitude": (view["reconciled"]["place"]["value"] or {}).get("longitude"),
        "date_prec": _date_prec(start, end), "date_start": start, "date_end": end or start,
        "best": _value(view, "fatalities_best"), "high": _value(view, "fatalities_high"),
        "low": _value(view, "fatalities_low"),
        "evidence": json.dumps(incident_evidence(db, texts, view), ensure_ascii=False),
    })
    return _blank(row)


def acled_incident_row(db, texts: Texts, view: dict, event_row: Row) -> dict:
    rows = [event_row(db, texts, e) for e in view["events"]]
    row = dict(rows[0])
    start = _value(view, "date_start") or ""
    disagreement = "; ".join(view["reconciled"]["conflicts"])
    notes = _joined([*(r.get("notes") for r in rows), disagreement and f"Sources disagree: {disagreement}"])
    low = _value(view, "fatalities_low")
    row.update({
        "event_id_cnty": view["incident"]["id"], "event_date": start, "year": start[:4],
        "event_type": _value(view, "event_type"), "sub_event_type": _value(view, "sub_event_type"),
        "actor1": _value(view, "actor1"), "actor2": _value(view, "actor2"),
        "country": _value(view, "country"), "admin1": _value(view, "admin1"),
        "admin2": _value(view, "admin2"), "location": _value(view, "location"),
        "source": _joined(dict.fromkeys(r.get("source") for r in rows)),
        "notes": notes,
        "fatalities": low if low is not None else _value(view, "fatalities_best"),
        "evidence": json.dumps(incident_evidence(db, texts, view), ensure_ascii=False),
    })
    return _blank(row)


def write_incident_table(db: sqlite_utils.Database, out: IO[str], offsets: str, *, name: str,
                         columns: Sequence[str], make_row: Row,
                         make_incident_row: Callable, warn: Callable[[str], None] | None = None) -> None:
    """One row per approved incident, then one per approved event outside them; `warn`
    hears what was left out (events not approved)."""
    texts = Texts(db, offsets)
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore", restval="")
    writer.writeheader()
    views = approved_incidents(db)
    covered = {e["id"] for v in views for e in v["events"]}
    raw = raw_csv_wanted()

    def safe(row: dict) -> dict:  # cells a spreadsheet would run as formulas, made inert
        return row if raw else {k: safe_cell(v) for k, v in row.items()}

    for view in views:
        writer.writerow(safe(make_incident_row(db, texts, view, make_row)))
    # Streamed from SQL, written as read: memory does not grow with the events.
    events = (e for e in approved_events(db) if e["id"] not in covered)
    for event in tracked(events, approved_count(db) - len(covered), name):
        row = make_row(db, texts, event)
        if "number_of_sources" in columns:
            row.setdefault("number_of_sources", 1)
        writer.writerow(safe(row))
    if warn is not None and (line := left_out_line(db)):
        warn(line)


def incident_records(db: sqlite_utils.Database):
    """For the JSON export: every incident, its members, state and reconciled fields, and
    `evidence`: each member event's evidence spans by field (offsets, quote, span id), what
    each reconciled field rests on and the link decisions with their author and time."""
    texts = Texts(db, "codepoints")
    for row in records.list_incidents(db):
        view = incident_view(db, row["id"])
        yield {**view["incident"], "state": view["state"], "members": row["members"],
               "fields": view["fields"], "conflicts": view["reconciled"]["conflicts"],
               "number_of_sources": view["reconciled"]["number_of_sources"],
               "evidence": incident_evidence(db, texts, view)}
