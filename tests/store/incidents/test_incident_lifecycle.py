"""Incidents as events come and go: a deleted event leaves its incident and comes back into it,
an incident whose events are all gone says so, and two terminals racing make one link."""

from __future__ import annotations

import threading

import pytest

from store.annotate.actions import CreateEvent, DiscardEvent
from store.annotate.gateway import Session
from store.annotate.incident_actions import LinkEvents, ReviewIncident
from store.db.connection import open_db
from store.errors import StoreError
from store.incidents.store import incident_view
from store.records import events, incidents, people
from tests.support.incident_db import by_prefix as _by_prefix
from tests.support.incident_db import run_cli as _run


@pytest.fixture
def team(imported_seeds):
    db = imported_seeds
    people.grant(db, "alice", "bob", "editor")
    people.grant(db, "alice", "carol", "editor")
    return db


def _new_events(session, seeds, *keys):
    return [session.perform(CreateEvent(seeds[k])).result["event"] for k in keys]


def _decisions(db, incident_id):
    return [(d["kind"], d["reason"]) for d in incidents.decisions_for(db, incident_id)]


def test_a_deleted_event_leaves_its_incident_and_undo_puts_it_back(team):
    seeds = _by_prefix(team)
    alice = Session(team, "alice")
    a, b = _new_events(alice, seeds, "000", "001")
    incident = alice.perform(LinkEvents(a["id"], b["id"])).result["incident"]
    removed = alice.perform(DiscardEvent(seeds["000"], a["id"]))
    assert removed.result["note"] == f"taken out of incident {incident['id'][:8]}"
    assert incidents.member_ids(team, incident["id"]) == [b["id"]]
    restored = alice.undo()
    assert restored.result["note"] == f"back in incident {incident['id'][:8]}: 2 events"
    assert sorted(incidents.member_ids(team, incident["id"])) == sorted([a["id"], b["id"]])
    assert _decisions(team, incident["id"]) == [("link", None), ("unlink", "event deleted"),
                                                ("link", "event restored")]
    assert team.execute("SELECT count(*) FROM incidents").fetchone()[0] == 1


def test_all_events_deleted_then_one_restored_fills_the_same_incident_again(team, db_path):
    seeds = _by_prefix(team)
    alice = Session(team, "alice")
    a, b = _new_events(alice, seeds, "000", "001")
    incident = alice.perform(LinkEvents(a["id"], b["id"])).result["incident"]
    alice.perform(DiscardEvent(seeds["000"], a["id"]))
    alice.perform(DiscardEvent(seeds["001"], b["id"]))
    view = incident_view(team, incident["id"])
    assert view["state"] == "empty" and view["events"] == []
    status, out, _ = _run(db_path, "incidents", "show", incident["id"])
    assert status == 0 and "empty" in out
    back = alice.undo()
    assert back.result["note"] == f"back in incident {incident['id'][:8]} (it was empty): 1 event"
    assert incident_view(team, incident["id"])["state"] == "draft"
    assert team.execute("SELECT count(*) FROM incidents").fetchone()[0] == 1


def test_a_member_of_an_approved_incident_cannot_be_deleted_and_one_restored_later_says_why_not(team):
    seeds = _by_prefix(team)
    alice = Session(team, "alice")
    a, b, c = _new_events(alice, seeds, "003", "004", "002")
    incident = alice.perform(LinkEvents(a["id"], b["id"])).result["incident"]
    alice.perform(LinkEvents(a["id"], c["id"]))
    alice.perform(DiscardEvent(seeds["002"], c["id"]))
    alice.perform(ReviewIncident(incident["id"], "submit"))
    Session(team, "bob").apply(ReviewIncident(incident["id"], "approve"))
    with pytest.raises(StoreError, match="approved and read-only"):
        alice.apply(DiscardEvent(seeds["003"], a["id"]))
    assert events.get_event(team, a["id"])  # still there, still linked
    back = alice.undo()  # c comes back, but the approved incident stays as approved
    assert back.result["note"].startswith(f"not put back in incident {incident['id'][:8]}: ")
    assert "read-only" in back.result["note"]
    assert incidents.incident_of(team, c["id"]) is None
    assert sorted(incidents.member_ids(team, incident["id"])) == sorted([a["id"], b["id"]])


def _race(db_path, jobs):
    """Run each (login, action) on its own connection at the same moment; results or errors."""
    barrier = threading.Barrier(len(jobs))
    out: list = [None] * len(jobs)

    def run(i, login, action):
        db = open_db(db_path)
        try:
            barrier.wait()
            out[i] = Session(db, login).apply(action).result
        except StoreError as exc:
            out[i] = exc
        finally:
            db.close()

    threads = [threading.Thread(target=run, args=(i, *job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def test_two_terminals_linking_the_same_pair_at_once_make_one_incident_and_one_link(team, db_path):
    seeds = _by_prefix(team)
    a, b = _new_events(Session(team, "alice"), seeds, "000", "001")
    for _ in range(3):
        results = _race(db_path, [("alice", LinkEvents(a["id"], b["id"])),
                                  ("bob", LinkEvents(b["id"], a["id"]))])
        assert not any(isinstance(r, Exception) for r in results), results
        ids = {r["incident"]["id"] for r in results}
        assert len(ids) == 1
    assert team.execute("SELECT count(*) FROM incidents").fetchone()[0] == 1
    assert [k for k, _ in _decisions(team, ids.pop())] == ["link"]


def test_two_terminals_bridging_two_incidents_at_once_are_both_refused(team, db_path):
    seeds = _by_prefix(team)
    a, b, c, d = _new_events(Session(team, "alice"), seeds, "000", "001", "003", "004")
    first, second = _race(db_path, [("alice", LinkEvents(a["id"], b["id"])),
                                    ("bob", LinkEvents(c["id"], d["id"]))])
    assert first["created"] and second["created"]
    results = _race(db_path, [("alice", LinkEvents(b["id"], c["id"])),
                              ("bob", LinkEvents(d["id"], a["id"]))])
    assert all(isinstance(r, StoreError) and "never merged silently" in str(r) for r in results)
    assert sorted(incidents.member_ids(team, first["incident"]["id"])) == sorted([a["id"], b["id"]])
    assert sorted(incidents.member_ids(team, second["incident"]["id"])) == sorted([c["id"], d["id"]])


def test_a_hundred_reports_of_one_incident_are_one_incident_with_a_hundred_sources(team, db_path):
    import csv
    import io
    import time

    from store.formats import get
    from store.incidents.store import transition
    from tests.support.workstation import add_text

    made = []
    for i in range(100):
        doc = add_text(team, f"Report {i}: a raid on Atme, Idlib, killed {10 + i % 7} people.",
                       title=f"report {i}", outlet=f"outlet {i}", published="2022-02-03")
        event = events.create_event(team, doc, "alice", date_start="2022-02-03", location="Atme",
                                    admin1="Idlib", fatalities_low=10 + i % 7, event_type="Battles")
        made.append(event["id"])
    session = Session(team, "alice")
    started = time.perf_counter()
    for other in made[1:]:
        session.apply(LinkEvents(made[0], other))
    session.apply(LinkEvents(made[50], made[99]))  # already in it: nothing to do
    assert time.perf_counter() - started < 30
    (incident_id,) = [r[0] for r in team.execute("SELECT id FROM incidents")]
    view = incident_view(team, incident_id)
    assert len(view["events"]) == 100 and view["reconciled"]["number_of_sources"] == 100
    assert (view["fields"]["fatalities_low"]["value"], view["fields"]["fatalities_high"]["value"]) == (10, 16)
    transition(team, "submit", incident_id, "alice")
    transition(team, "approve", incident_id, "bob")
    out = io.StringIO()
    get("ucdp").write(team, out)
    (row,) = [r for r in csv.DictReader(io.StringIO(out.getvalue())) if r["id"] == incident_id]
    assert row["number_of_sources"] == "100" and len(row["source_office"].split("; ")) == 100
    status, text, _ = _run(db_path, "incidents", "show", incident_id)
    assert status == 0 and "sources (100)" in text


def test_the_events_of_an_approved_incident_stay_as_approved_until_it_is_reopened(team):
    seeds = _by_prefix(team)
    alice = Session(team, "alice")
    a, b = _new_events(alice, seeds, "003", "004")
    incident = alice.perform(LinkEvents(a["id"], b["id"])).result["incident"]
    alice.perform(ReviewIncident(incident["id"], "submit"))
    Session(team, "bob").apply(ReviewIncident(incident["id"], "approve"))
    with pytest.raises(StoreError, match="approved and read-only; an editor must reopen the incident"):
        events.update_event(team, a["id"], events.get_event(team, a["id"])["version"],
                            {"fatalities_low": 3}, "alice")
    Session(team, "carol").apply(ReviewIncident(incident["id"], "reopen", "recount"))
    events.update_event(team, a["id"], events.get_event(team, a["id"])["version"],
                        {"fatalities_low": 3}, "alice")
    assert incident_view(team, incident["id"])["fields"]["fatalities_low"]["value"] == 3
