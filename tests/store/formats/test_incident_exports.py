"""Incidents in the exports: one UCDP/ACLED row per approved incident, links in the JSON."""

from __future__ import annotations

import csv
import io
import json

from store.formats import get
from store.incidents.store import transition
from store.records import events, incidents, people
from store.records.documents import list_documents
from store.review import workflow


def _approved(db, doc, **fields):
    event = events.create_event(db, doc, "alice")
    event = events.update_event(db, event["id"], event["version"],
                                {"event_type": "Battles", "location": "Khusham", **fields}, "alice")
    workflow.submit(db, event["id"], "alice")
    return workflow.approve(db, event["id"], "bob")


def _table(db, fmt):
    out = io.StringIO()
    get(fmt).write(db, out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def _setup(db):
    people.grant(db, "alice", "bob", "editor")
    people.grant(db, "alice", "carol", "editor")
    docs = {d["title"][:6]: d["id"] for d in list_documents(db)}
    syria, us = docs["Syria "], docs["US Coa"]
    a = _approved(db, syria, date_start="2018-02-07", date_end="2018-02-08", admin1="Deir ez-Zor",
                  fatalities_low=101, country="Syria")
    b = _approved(db, us, date_start="2018-02-07", admin1="Deir ez-Zor", fatalities_low=24,
                  country="Syria")
    lone = _approved(db, docs["Target"], date_start="2021-11-03", admin1="Aleppo", location="Jarabulus")
    incident = incidents.link(db, a["id"], b["id"], "alice")["incident"]
    incidents.pick(db, incident["id"], "fatalities_best", 100, "alice")
    return incident, a, b, lone


def test_ucdp_gives_one_row_per_approved_incident_in_geds_49_columns(imported_seeds):
    db = imported_seeds
    incident, a, b, lone = _setup(db)
    before = _table(db, "ucdp")
    assert {r["id"] for r in before} == {a["id"], b["id"], lone["id"]}  # not approved yet: own rows
    transition(db, "submit", incident["id"], "alice")
    transition(db, "approve", incident["id"], "carol")
    rows = _table(db, "ucdp")
    assert list(rows[0])[:49][:5] == ["id", "relid", "year", "active_year", "code_status"]
    assert len(list(rows[0])) == 50 and list(rows[0])[48] == "gwnob"
    by_id = {r["id"]: r for r in rows}
    assert set(by_id) == {incident["id"], lone["id"]}
    row = by_id[incident["id"]]
    assert (row["low"], row["best"], row["high"]) == ("24", "100", "101")
    assert row["number_of_sources"] == "2" and row["date_prec"] == "2"
    assert (row["date_start"], row["date_end"]) == ("2018-02-07", "2018-02-08")
    assert by_id[lone["id"]]["number_of_sources"] == "1"
    evidence = json.loads(row["evidence"])
    assert set(evidence["events"]) == {a["id"], b["id"]}
    assert evidence["fields"]["fatalities_best"]["source"] == "picked by alice"


def test_acled_incident_row_lists_every_source_and_the_disagreement(imported_seeds):
    db = imported_seeds
    incident, a, b, lone = _setup(db)
    transition(db, "submit", incident["id"], "alice")
    transition(db, "approve", incident["id"], "carol")
    row = next(r for r in _table(db, "acled") if r["event_id_cnty"] == incident["id"])
    assert row["fatalities"] == "24"
    assert "fatalities" in row["notes"] and "101" in row["notes"] and "24" in row["notes"]
    assert len(row["source"].split("; ")) == 2


def test_json_export_carries_incidents_and_link_decisions(imported_seeds):
    db = imported_seeds
    incident, a, b, _ = _setup(db)
    out = io.StringIO()
    get("json").write(db, out)
    data = json.loads(out.getvalue())
    (record,) = data["incidents"]
    assert record["id"] == incident["id"] and sorted(record["members"]) == sorted([a["id"], b["id"]])
    assert record["fields"]["fatalities_low"]["value"] == 24
    assert [d["kind"] for d in data["link_decisions"]] == ["link"]
