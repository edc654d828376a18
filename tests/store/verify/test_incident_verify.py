"""`eventdesk verify` replays incidents: links, unlinks, "not the same", picks and reviews."""

from __future__ import annotations

import sqlite3

import pytest

from store.annotate.actions import CreateEvent, DiscardEvent
from store.annotate.gateway import Session
from store.annotate.incident_actions import (
    LinkEvents,
    NotTheSame,
    PickIncidentValue,
    ReviewIncident,
    UnlinkEvents,
)
from store.records import events, history, incidents, people
from store.verify import checks as verify
from tests.support.incident_db import by_prefix, run_cli


def found(db):
    return [str(v) for v in verify.verify(db).violations]


@pytest.fixture
def world(imported_seeds, db_path):
    """An incident taken through its whole life by the app, and a raw sqlite3 connection."""
    db = imported_seeds
    people.grant(db, "alice", "bob", "editor")
    people.grant(db, "alice", "carol", "editor")
    seeds = by_prefix(db)
    alice, bob, carol = Session(db, "alice"), Session(db, "bob"), Session(db, "carol")
    a, b, c, d = (alice.perform(CreateEvent(seeds[k])).result["event"] for k in ("003", "004", "002", "000"))
    incident = alice.perform(LinkEvents(a["id"], b["id"])).result["incident"]
    alice.perform(LinkEvents(b["id"], c["id"]))
    alice.perform(UnlinkEvents((c["id"],)))
    alice.undo()  # c back in
    alice.perform(DiscardEvent(seeds["002"], c["id"]))  # leaves the incident first
    alice.undo()  # and comes back into it
    alice.perform(NotTheSame(a["id"], d["id"]))
    alice.perform(NotTheSame(seeds["000"], seeds["001"]))
    alice.undo()  # retracted
    bob.perform(PickIncidentValue(incident["id"], "fatalities_best", 100, b["id"]))
    bob.perform(PickIncidentValue(incident["id"], "location", "Khusham"))
    bob.undo()  # the location pick cleared
    alice.perform(ReviewIncident(incident["id"], "submit"))
    carol.perform(ReviewIncident(incident["id"], "return", "check the toll"))
    alice.perform(ReviewIncident(incident["id"], "submit"))
    carol.perform(ReviewIncident(incident["id"], "approve"))
    carol.perform(ReviewIncident(incident["id"], "reopen", "a third source"))
    bob.perform(PickIncidentValue(incident["id"], "fatalities_best", 24))
    alice.perform(ReviewIncident(incident["id"], "submit"))
    carol.perform(ReviewIncident(incident["id"], "approve"))
    # an event deleted outside the actions: its membership goes with it (cascade)
    e, f = (alice.perform(CreateEvent(seeds[k])).result["event"] for k in ("000", "001"))
    empty = incidents.link(db, e["id"], f["id"], "alice")["incident"]
    events.discard_event(db, e["id"], events.get_event(db, e["id"])["version"], "alice")
    raw = sqlite3.connect(str(db_path), isolation_level=None)
    yield dict(db=db, raw=raw, incident=incident, a=a, b=b, c=c, d=d, empty=empty, f=f,
               db_path=db_path)
    raw.close()


def test_an_incidents_whole_life_through_the_app_verifies(world):
    assert found(world["db"]) == []
    status, out, _ = run_cli(world["db_path"], "verify")
    assert status == 0 and out.startswith("ok:")


def test_a_status_changed_behind_the_apps_back_is_named(world):
    iid = world["empty"]["id"]
    world["raw"].execute("UPDATE incidents SET status = 'approved' WHERE id = ?", [iid])
    problems = found(world["db"])
    assert f"incident-replay: incident {iid}: status is 'approved', the history says 'draft'" in problems
    assert f"incident-approved: incident {iid}: approved but has no approved hash " \
           "(not approved through the app)" in problems


def test_an_approved_incidents_pick_edited_is_caught_by_replay_and_hash(world):
    iid = world["incident"]["id"]
    world["raw"].execute("""UPDATE incidents SET picks = json_set(picks, '$.fatalities_best.value', 3)
                            WHERE id = ?""", [iid])
    problems = found(world["db"])
    assert any(p.startswith(f"incident-replay: incident {iid}: picks is ") for p in problems)
    assert any(p.startswith(f"incident-approved: incident {iid}: its approved state changed") for p in problems)


def test_members_added_or_removed_behind_the_apps_back_are_named(world):
    iid, d, b = world["incident"]["id"], world["d"]["id"], world["b"]["id"]
    world["raw"].execute("INSERT INTO incident_members VALUES (?, ?, 'mallory', '2026-01-01')", [d, iid])
    world["raw"].execute("DELETE FROM incident_members WHERE event_id = ?", [b])
    problems = found(world["db"])
    assert f"incident-replay: incident {iid}: event {d} was linked behind the app's back" in problems
    assert f"incident-replay: incident {iid}: event {b} was unlinked behind the app's back" in problems


def test_a_not_the_same_decision_deleted_or_reworded_is_named(world):
    db, raw = world["db"], world["raw"]
    (gone,) = [r[0] for r in db.execute(
        "SELECT id FROM link_decisions WHERE kind = 'not_same' AND (a = ? OR b = ?)",
        [world["d"]["id"], world["d"]["id"]])]
    raw.execute("DELETE FROM link_decisions WHERE id = ?", [gone])
    raw.execute("UPDATE link_decisions SET author = 'mallory' WHERE kind = 'unlink'"
                " AND rowid = (SELECT min(rowid) FROM link_decisions WHERE kind = 'unlink')")
    problems = found(db)
    assert f"incident-replay: link decision {gone}: deleted behind the app's back" in problems
    assert any("author is 'mallory', the history says 'alice'" in p for p in problems)


def test_an_approval_the_history_shows_four_eyes_excluded_is_named(world):
    db, iid = world["db"], world["empty"]["id"]
    # Someone with the library but not the app: an approval by the incident's own creator.
    with db.conn:
        history.record(db, actor="alice", action="submit", entity="incident", entity_id=iid,
                       before={"status": "draft"}, after={"status": "submitted", "version": 3})
        history.record(db, actor="alice", action="approve", entity="incident", entity_id=iid,
                       before={"status": "submitted"}, after={"status": "approved", "version": 4})
        history.record(db, actor="alice", action="approve", entity="incident", entity_id=iid,
                       before={"status": "approved"}, after={"status": "approved", "version": 5})
    problems = [p for p in found(db) if p.startswith("incident-review")]
    assert any(f"incident {iid}: #" in p and "approved by 'alice', who created" in p for p in problems)
    assert any("approve from 'approved', which the status machine does not allow" in p for p in problems)
