"""Incidents in the database: links, "not the same", picks, four eyes, the CLI, the seeds."""

from __future__ import annotations

import json
import sqlite3

import pytest

from store.annotate.gateway import Session
from store.annotate.incident_actions import LinkEvents, NotTheSame, PickIncidentValue, ReviewIncident
from store.db.connection import open_db
from store.errors import ConflictError, PermissionDenied, StoreError
from store.incidents import from_db
from store.incidents.store import incident_view
from store.records import events, incidents, people
from store.records.documents import list_documents, update_metadata
from tests.support.incident_db import by_prefix, run_cli


def _docs(db):
    return {d["title"][:8]: d["id"] for d in list_documents(db)}


def _ids(db):
    return sorted(d["id"] for d in list_documents(db))


_by_prefix = by_prefix


def _coded(db, doc, actor="alice", **fields):
    event = events.create_event(db, doc, actor)
    return events.update_event(db, event["id"], event["version"], fields, actor)


@pytest.fixture
def team(imported_seeds):
    db = imported_seeds
    people.grant(db, "alice", "bob", "editor")
    people.grant(db, "alice", "carol", "editor")
    return db


_run = run_cli


# -- candidates from the database ----------------------------------------------------------


def test_on_the_uncoded_seeds_the_likely_pairs_are_exactly_the_two_incidents(team, db_path):
    seeds = _by_prefix(team)
    # 001 says only "Thursday": its coder sets the article date, as a user would.
    update_metadata(team, seeds["001"], {"published": "2022-02-03"}, "alice")
    status, out, _ = _run(db_path, "incidents", "suggest", "--json")
    assert status == 0
    pairs = [json.loads(line) for line in out.splitlines()]
    assert all(set(p) == {"a", "b", "score", "likely", "why"} for p in pairs)
    likely = {frozenset((p["a"], p["b"])) for p in pairs if p["likely"]}
    assert likely == {frozenset((seeds["000"], seeds["001"])), frozenset((seeds["003"], seeds["004"]))}


def test_not_the_same_is_never_proposed_again_and_can_be_taken_back(team):
    seeds = _by_prefix(team)
    pair = frozenset((seeds["003"], seeds["004"]))
    assert pair in {frozenset((c.a, c.b)) for c in from_db.suggest(team)}
    applied = Session(team, "alice").apply(NotTheSame(seeds["004"], seeds["003"]))
    assert pair not in {frozenset((c.a, c.b)) for c in from_db.suggest(team)}
    Session(team, "alice").apply(applied.inverse)
    assert pair in {frozenset((c.a, c.b)) for c in from_db.suggest(team)}


def test_event_pairs_use_the_coded_fields(team, db_path):
    seeds = _by_prefix(team)
    a = _coded(team, seeds["000"], date_start="2022-02-03", admin1="Idlib", location="Atme")
    b = _coded(team, seeds["001"], date_start="2022-02-03", admin1="Idlib", location="Atma")
    _coded(team, seeds["003"], date_start="2018-02-07", admin1="Deir ez-Zor", location="Khusham")
    status, out, _ = _run(db_path, "incidents", "suggest", "--events", "--json", "--likely")
    assert [frozenset((p["a"], p["b"])) for p in map(json.loads, out.splitlines())] == \
        [frozenset((a["id"], b["id"]))]


# -- links -----------------------------------------------------------------------------------


def test_linking_twice_from_two_terminals_makes_one_incident(team, db_path):
    seeds = _by_prefix(team)
    a, b = _coded(team, seeds["000"]), _coded(team, seeds["001"])
    other = open_db(db_path)
    try:
        first = Session(team, "alice").apply(LinkEvents(a["id"], b["id"])).result
        second = Session(other, "bob").apply(LinkEvents(b["id"], a["id"])).result
    finally:
        other.close()
    assert first["created"] and not second["added"]
    assert second["incident"]["id"] == first["incident"]["id"]
    assert team.execute("SELECT count(*) FROM incidents").fetchone()[0] == 1


def test_an_event_is_in_at_most_one_incident_even_behind_the_apps_back(team):
    seeds = _by_prefix(team)
    a, b, c = (_coded(team, seeds[k]) for k in ("000", "001", "003"))
    incident = incidents.link(team, a["id"], b["id"], "alice")["incident"]
    with pytest.raises(sqlite3.IntegrityError):
        team.execute("INSERT INTO incident_members VALUES (?, ?, 'x', 'now')", [a["id"], incident["id"]])
    other = incidents.link(team, c["id"], _coded(team, seeds["004"])["id"], "alice")["incident"]
    with pytest.raises(StoreError, match="never merged silently"):
        incidents.link(team, a["id"], c["id"], "alice")
    assert incidents.member_ids(team, other["id"]) and len(incidents.member_ids(team, incident["id"])) == 2


def test_a_stale_screen_cannot_add_to_an_incident_changed_meanwhile(team):
    seeds = _by_prefix(team)
    a, b, c = (_coded(team, seeds[k]) for k in ("000", "001", "002"))
    incident = incidents.link(team, a["id"], b["id"], "alice")["incident"]
    incidents.pick(team, incident["id"], "fatalities_best", 13, "bob", incident["version"])
    with pytest.raises(ConflictError):
        incidents.link(team, c["id"], a["id"], "alice", expected_version=incident["version"])
    assert incidents.incident_of(team, c["id"]) is None


def test_unlink_is_undone_into_the_same_incident(team):
    seeds = _by_prefix(team)
    a, b = _coded(team, seeds["000"]), _coded(team, seeds["001"])
    session = Session(team, "alice")
    linked = session.perform(LinkEvents(a["id"], b["id"])).result["incident"]
    session.undo()
    assert incidents.member_ids(team, linked["id"]) == []
    session.redo()
    assert sorted(incidents.member_ids(team, linked["id"])) == sorted([a["id"], b["id"]])


def test_an_incident_whose_events_are_all_deleted_says_it_is_empty(team, db_path):
    seeds = _by_prefix(team)
    a, b = _coded(team, seeds["000"]), _coded(team, seeds["001"])
    incident = incidents.link(team, a["id"], b["id"], "alice")["incident"]
    for event in (a, b):
        events.discard_event(team, event["id"], events.get_event(team, event["id"])["version"], "alice")
    view = incident_view(team, incident["id"])
    assert view["state"] == "empty" and "deleted" in view["empty_note"]
    assert view["events"] == [] and view["fields"]["fatalities_low"]["value"] is None
    status, out, _ = _run(db_path, "incidents", "show", incident["id"][:8])
    assert status == 0 and "empty" in out
    with pytest.raises(StoreError, match="empty"):
        Session(team, "alice").apply(ReviewIncident(incident["id"], "submit"))


# -- reconciled fields, picks and four eyes ----------------------------------------------------


def _khusham(team):
    seeds = _by_prefix(team)
    a = _coded(team, seeds["003"], date_start="2018-02-07", date_end="2018-02-08", admin1="Deir ez-Zor",
               location="Khusham", fatalities_low=101, event_type="Battles")
    b = _coded(team, seeds["004"], date_start="2018-02-07", admin1="Deir ez-Zor", location="Khusham",
               fatalities_low=24, event_type="Battles")
    return incidents.link(team, a["id"], b["id"], "alice")["incident"], a, b


def test_reconciled_fatalities_are_low_high_and_the_editors_best(team):
    incident, a, b = _khusham(team)
    view = incident_view(team, incident["id"])
    assert view["fields"]["fatalities_low"]["value"] == 24
    assert view["fields"]["fatalities_high"]["value"] == 101
    assert view["fields"]["fatalities_best"]["value"] is None
    assert view["reconciled"]["number_of_sources"] == 2
    Session(team, "bob").apply(PickIncidentValue(incident["id"], "fatalities_best", "100", b["id"]))
    best = incident_view(team, incident["id"])["fields"]["fatalities_best"]
    assert best["value"] == 100 and best["source"] == "picked by bob"


def test_bad_picks_are_one_line_errors_and_change_nothing(team, db_path):
    incident, _, _ = _khusham(team)
    status, _, err = _run(db_path, "incidents", "pick", incident["id"], "fatalities_best", "many")
    assert status != 0 and "whole number" in err and "Traceback" not in err
    assert incidents.get_incident(team, incident["id"])["picks"] == {}


def test_four_eyes_the_editor_who_picked_cannot_approve_and_approved_is_read_only(team):
    incident, a, b = _khusham(team)
    Session(team, "bob").apply(PickIncidentValue(incident["id"], "fatalities_best", 100))
    Session(team, "alice").apply(ReviewIncident(incident["id"], "submit"))
    with pytest.raises(PermissionDenied, match="picked"):
        Session(team, "bob").apply(ReviewIncident(incident["id"], "approve"))
    Session(team, "carol").apply(ReviewIncident(incident["id"], "approve"))
    with pytest.raises(StoreError, match="read-only"):
        Session(team, "bob").apply(PickIncidentValue(incident["id"], "fatalities_best", 24))
    with pytest.raises(StoreError, match="read-only"):
        incidents.unlink(team, a["id"], "bob")
    Session(team, "carol").apply(ReviewIncident(incident["id"], "reopen", "recount"))
    Session(team, "bob").apply(PickIncidentValue(incident["id"], "fatalities_best", 24))
    assert incident_view(team, incident["id"])["fields"]["fatalities_best"]["value"] == 24


def test_cli_link_show_unlink(team, db_path):
    seeds = _by_prefix(team)
    a = _coded(team, seeds["000"], date_start="2022-02-03", fatalities_low=13)
    b = _coded(team, seeds["001"], date_start="2022-02-03", fatalities_low=13)
    status, out, _ = _run(db_path, "incidents", "link", seeds["000"][:8], b["id"][:8])
    assert status == 0 and out.startswith("new incident")
    status, out, _ = _run(db_path, "incidents", "link", a["id"], b["id"], login="bob")
    assert status == 0 and out.startswith("already linked")
    status, out, _ = _run(db_path, "incidents", "show")
    incident_id = out.split()[0]
    status, out, _ = _run(db_path, "incidents", "show", incident_id)
    assert "sources (2)" in out and "fatalities_low   13" in out
    status, out, _ = _run(db_path, "incidents", "unlink", a["id"])
    assert status == 0 and "1 events left" in out
    status, _, err = _run(db_path, "incidents", "link", a["id"], "nosuchid")
    assert status != 0 and "no event" in err


def test_review_list_shows_a_submitted_incident_and_why_its_linker_cannot_approve(team, db_path):
    incident, _, _ = _khusham(team)
    Session(team, "alice").apply(ReviewIncident(incident["id"], "submit"))
    status, out, _ = _run(db_path, "review", "--list")
    (line,) = [line for line in out.splitlines() if line.startswith(incident["id"])]
    assert status == 0 and "incident: Battles" in line and "incident · 2 sources" in line
    assert "(you cannot approve: alice created this incident" in line
    status, out, _ = _run(db_path, "review", "--list", login="bob")
    assert incident["id"] in out and "you cannot approve" not in out
    status, out, _ = _run(db_path, "review", "--list", "--annotator", "bob")
    assert incident["id"] not in out


def test_an_article_with_no_date_and_no_place_is_named_on_stderr_and_proposed_with_nothing(team, db_path):
    from tests.support.workstation import add_text

    lost = add_text(team, "Something happened somewhere, witnesses said.", title="lost")
    status, out, err = _run(db_path, "incidents", "suggest", "--json")
    assert status == 0 and "Traceback" not in err
    assert err.strip() == f"1 article has no date and no place: compared with nothing; link by hand ({lost})"
    assert all(lost not in (p["a"], p["b"]) for p in map(json.loads, out.splitlines()))


def test_suggest_and_show_write_nothing(team, db_path):
    before = team.execute("SELECT count(*) FROM history").fetchone()[0]
    for argv in (("incidents", "suggest", "--json"), ("incidents", "show")):
        status, _, _ = _run(db_path, *argv, login="newcomer")
        assert status == 0
    assert team.execute("SELECT count(*) FROM history").fetchone()[0] == before
    assert team.execute("SELECT count(*) FROM users WHERE login = 'newcomer'").fetchone()[0] == 0
