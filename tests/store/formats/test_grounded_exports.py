"""What grounding fills reaches the ACLED and UCDP rows: dates, precisions, counts, country codes."""

from __future__ import annotations

import csv
import io

from store.annotate import actions as act
from store.annotate.gateway import Session
from store.cli.main import main
from store.db.connection import open_db
from store.records import events, people
from store.review import workflow as review
from tests.support.workstation import add_text

TEXT = "Between 7 and 8 February clashes near Aleppo killed about 20 to 30 fighters."


def _csv(db_path, fmt):
    out, err = io.StringIO(), io.StringIO()
    assert main(["--db", str(db_path), "export", "--format", fmt], login="alice", out=out,
                err=err) == 0, err.getvalue()
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_a_grounded_two_day_range_and_a_range_of_deaths_reach_both_exports(db_path):
    db = open_db(db_path)
    people.ensure_user(db, "alice")
    doc = add_text(db, TEXT, title="t", published="2022-02-10")
    s = Session(db, "alice")
    ev = s.perform(act.CreateEvent(doc)).result["event"]
    for quote, label in (("7 and 8 February", "Date"), ("about 20 to 30", "Killed")):
        i = TEXT.index(quote)
        current = events.get_event(db, ev["id"])
        s.perform(act.LabelSpan(doc, i, i + len(quote), label, ev["id"], current["version"]))
    current = events.get_event(db, ev["id"])
    s.perform(act.UpdateEvent(doc, ev["id"], {"event_type": "Battles", "sub_event_type": "Armed clash",
                                              "location": "Aleppo", "country": "Syria"},
                              current["version"]))
    people.grant(db, "alice", "erin", "editor")
    review.submit(db, ev["id"], "alice")
    review.approve(db, ev["id"], "erin")
    db.close()
    (acled,) = _csv(db_path, "acled")
    (ucdp,) = _csv(db_path, "ucdp")
    assert (acled["event_date"], acled["time_precision"], acled["fatalities"]) == ("2022-02-07", "2", "20")
    assert (acled["iso"], acled["region"]) == ("760", "Middle East")
    assert (ucdp["date_start"], ucdp["date_end"], ucdp["date_prec"]) == ("2022-02-07", "2022-02-08", "2")
    assert (ucdp["low"], ucdp["best"], ucdp["high"]) == ("20", "", "30")
