"""W3C export with values: each evidence link says what its quote proves, still W3C-valid."""

from __future__ import annotations

import io
import json

from store.cli.main import main
from store.db.connection import open_db
from store.records import events, people, spans
from store.records.documents import add_document, sha256_text
from tests.support.w3c_musts import failed_musts

TEXT = "On 3 February 2022 an airstrike on Atme killed at least 13 people and injured about 20."


def _span(db, doc, quote, label):
    i = TEXT.index(quote)
    return spans.add_span(db, doc, i, i + len(quote), label, "alice")


def test_evidence_links_carry_iso_dates_coordinates_gazetteer_and_ranges(db_path):
    db = open_db(db_path)
    people.ensure_user(db, "alice")
    doc = add_document(db, text=TEXT, bytes_sha256=sha256_text(TEXT), encoding="utf-8", actor="alice").id
    ev = events.create_event(
        db, doc, "alice", event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
        date_start="2022-02-03", date_end="2022-02-04", location="Atme", admin1="Idlib", country="Syria",
        latitude=36.1866, longitude=36.6592, gazetteer_id="GeoNames:170063",
        fatalities_low=13, fatalities_best=13, injured_best=20, actor1="US forces",
        actor1_kind="External/Other forces")
    for field, quote, label in (("date", "3 February 2022", "Date"), ("location", "Atme", "Location"),
                                ("killed", "at least 13 people", "Killed"), ("injured", "about 20", "Injured"),
                                ("trigger", "airstrike", "Trigger")):
        events.add_evidence(db, ev["id"], field, _span(db, doc, quote, label)["id"], "alice")
    db.close()
    out, err = io.StringIO(), io.StringIO()
    assert main(["--db", str(db_path), "export", "--format", "w3c"], login="alice", out=out, err=err) == 0
    items = json.loads(out.getvalue())["first"]["items"]
    links = {}
    for a in items:
        assert failed_musts(a) == [], a["id"]
        if a["motivation"] == "linking":
            field = a["body"][1]["value"]
            quote = a["target"]["selector"][1]["exact"]
            values = [b if isinstance(b, str) else b["value"] for b in a["body"][2:]]
            links[field] = (quote, values)
    assert links["date"] == ("3 February 2022", ["2022-02-03/2022-02-04"])
    assert links["location"] == ("Atme", ["Atme, Idlib, Syria", "geo:36.1866,36.6592",
                                          "https://sws.geonames.org/170063/"])
    assert json.loads(links["killed"][1][0]) == {"low": 13, "best": 13, "high": None}
    assert links["killed"][0] == "at least 13 people"
    assert json.loads(links["injured"][1][0]) == {"low": None, "best": 20, "high": None}
    assert links["trigger"] == ("airstrike", ["Explosions/Remote violence / Air/drone strike"])
