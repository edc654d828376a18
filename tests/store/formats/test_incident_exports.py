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


def _approved(db, doc, evidence=None, **fields):
    event = events.create_event(db, doc, "alice")
    event = events.update_event(db, event["id"], event["version"],
                                {"event_type": "Battles", "location": "Khusham", **fields}, "alice")
    if evidence:
        _with_evidence(db, event, *evidence)
    workflow.submit(db, event["id"], "alice")
    return workflow.approve(db, event["id"], "bob")


def _table(db, fmt):
    out = io.StringIO()
    get(fmt).write(db, out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def _setup(db, evidence=None):
    people.grant(db, "alice", "bob", "editor")
    people.grant(db, "alice", "carol", "editor")
    docs = {d["title"][:6]: d["id"] for d in list_documents(db)}
    syria, us = docs["Syria "], docs["US Coa"]
    a = _approved(db, syria, evidence, date_start="2018-02-07", date_end="2018-02-08", admin1="Deir ez-Zor",
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
    evidence = record["evidence"]
    assert set(evidence["events"]) == {a["id"], b["id"]}
    assert evidence["fields"]["fatalities_best"]["source"] == "picked by alice"
    (link,) = evidence["links"]
    assert link["kind"] == "link" and link["author"] == "alice" and link["at"]


def _with_evidence(db, event, field, quote):
    """Label `quote` in the event's article and link it as evidence for `field`."""
    from store.records import spans

    text = db.execute("SELECT text FROM documents WHERE id = ?", [event["document_id"]]).fetchone()[0]
    start = text.index(quote)
    span = spans.add_span(db, event["document_id"], start, start + len(quote), "Location", "alice")
    events.add_evidence(db, event["id"], field, span["id"], "alice")
    return span


def _w3c(db):
    out = io.StringIO()
    get("w3c").write(db, out)
    return json.loads(out.getvalue())["first"]["items"]


def test_json_incident_evidence_holds_each_members_quotes_at_their_offsets(imported_seeds):
    db = imported_seeds
    incident, a, b, _ = _setup(db, ("location", "Deir"))
    span = db.execute("SELECT id FROM spans WHERE quote = 'Deir'").fetchone()
    out = io.StringIO()
    get("json").write(db, out)
    (record,) = json.loads(out.getvalue())["incidents"]
    (quoted,) = record["evidence"]["events"][a["id"]]["evidence"]["location"]
    text = db.execute("SELECT text FROM documents WHERE id = ?", [a["document_id"]]).fetchone()[0]
    assert quoted["span_id"] == span[0] and text[quoted["start"]:quoted["end"]] == quoted["quote"] == "Deir"
    assert record["evidence"]["events"][b["id"]]["evidence"] == {}


def test_w3c_incident_is_a_linking_annotation_over_its_members_annotations(imported_seeds):
    from tests.support.w3c_musts import failed_musts

    db = imported_seeds
    incident, a, b, _ = _setup(db, ("location", "Deir"))
    other = _approved(db, _docs_by_title(db)["Exclus"], date_start="2022-02-03")
    incidents.not_the_same(db, a["id"], other["id"], "bob", reason="another raid")
    items = _w3c(db)
    by_id = {item["id"]: item for item in items}
    whole = by_id[f"urn:uuid:{incident['id']}"]
    assert whole["motivation"] == "linking" and whole["creator"]["nickname"] == "alice"
    evidence_links = [i["id"] for i in items if i["motivation"] == "linking"
                      and f"urn:uuid:{a['id']}" in i["body"] and i["id"] != whole["id"]]
    # a's evidence link annotation, and b (no evidence) by its own urn
    assert whole["target"] == [*evidence_links, f"urn:uuid:{b['id']}"]
    assert {f"urn:uuid:{a['id']}", f"urn:uuid:{b['id']}"} <= {x for x in whole["body"] if isinstance(x, str)}
    described = json.loads(next(x["value"] for x in whole["body"]
                                if isinstance(x, dict) and x["format"] == "application/json"))
    assert described["fields"]["fatalities_best"] == {
        "value": 100, "source": "picked by alice", "events": described["fields"]["fatalities_best"]["events"],
        "claims": []}
    assert described["number_of_sources"] == 2
    decisions = [i for i in items if i["type"] == "Annotation"
                 and any(isinstance(x, dict) and x["purpose"] == "classifying"
                         and x["value"].startswith(("link:", "not the same")) for x in i["body"])]
    link, not_same = decisions
    assert link["motivation"] == "linking" and link["creator"]["nickname"] == "alice"
    assert f"urn:uuid:{incident['id']}" in link["body"] and link["created"]
    assert set(link["target"]) == {*evidence_links, f"urn:uuid:{b['id']}"}
    assert not_same["motivation"] == "assessing" and not_same["creator"]["nickname"] == "bob"
    assert {"type": "TextualBody", "value": "another raid", "purpose": "commenting",
            "format": "text/plain"} in not_same["body"]
    for annotation in (whole, link, not_same):
        assert failed_musts(annotation) == [], annotation["id"]


def test_w3c_leaves_out_an_empty_incident_but_keeps_its_decisions(imported_seeds):
    db = imported_seeds
    people.grant(db, "alice", "bob", "editor")
    docs = _docs_by_title(db)
    a = events.create_event(db, docs["Syria "], "alice")
    b = events.create_event(db, docs["US Coa"], "alice")
    incident = incidents.link(db, a["id"], b["id"], "alice")["incident"]
    for event in (a, b):
        events.discard_event(db, event["id"], events.get_event(db, event["id"])["version"], "alice")
    items = _w3c(db)
    assert f"urn:uuid:{incident['id']}" not in {i["id"] for i in items}
    (link,) = [i for i in items if i["motivation"] == "linking"]
    assert set(link["target"]) == {f"urn:uuid:{a['id']}", f"urn:uuid:{b['id']}"}


def _docs_by_title(db):
    return {d["title"][:6]: d["id"] for d in list_documents(db)}
