"""Pilot tests: submitted incidents in the review queue, reviewed like events (four eyes)."""

import asyncio

import pytest

from store.db.connection import open_db
from store.incidents.store import transition
from store.records import events, incidents, people, spans
from store.records.documents import list_documents, update_metadata
from tui.app import EventDeskApp
from tui.screens.incidents import IncidentScreen
from tui.screens.reason import ReasonScreen
from tui.screens.review import ReviewScreen

pytestmark = pytest.mark.pilot


@pytest.fixture
def world(seeded_file):
    """alice linked two reports of the Khusham strikes and submitted the incident; one event
    of hers waits too; bob and carol are editors."""
    path, _ = seeded_file
    db = open_db(path)
    people.ensure_user(db, "alice")
    for login in ("bob", "carol"):
        people.ensure_user(db, login)
        people.grant(db, "alice", login, "editor")
    docs = {d["title"][:6]: d["id"] for d in list_documents(db)}
    made = []
    for title, low, outlet in (("Syria ", 101, "SOHR"), ("Publis", 24, "Reuters")):
        doc = docs[title]
        update_metadata(db, doc, {"outlet": outlet}, "alice")
        text = db.execute("SELECT text FROM documents WHERE id = ?", [doc]).fetchone()[0]
        start = text.index("Khusham")
        span = spans.add_span(db, doc, start, start + 7, "Location", "alice")
        event = events.create_event(db, doc, "alice", location="Khusham", fatalities_low=low,
                                    date_start="2018-02-07", event_type="Battles")
        events.add_evidence(db, event["id"], "location", span["id"], "alice")
        made.append(event)
    incident = incidents.link(db, made[0]["id"], made[1]["id"], "alice")["incident"]
    transition(db, "submit", incident["id"], "alice")
    db.close()
    return path, incident["id"], made


def status_of(path, incident_id):
    db = open_db(path)
    try:
        return incidents.get_incident(db, incident_id)["status"]
    finally:
        db.close()


def notes(app):
    return [str(n.message) for n in app._notifications]


async def settle(pilot, until, tries=200):
    for _ in range(tries):
        await pilot.pause()
        if until():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the screen never reached the expected state")


async def open_incident_row(pilot, incident_id):
    await pilot.press("R")
    await settle(pilot, lambda: isinstance(pilot.app.screen, ReviewScreen) and pilot.app.screen.shown)
    screen = pilot.app.screen
    row = [r["id"] for r in screen.shown].index(incident_id)
    screen.table.move_cursor(row=row)
    await settle(pilot, lambda: screen.detail is not None and "incident" in screen.detail
                 and screen.detail["incident"]["id"] == incident_id)
    return screen


async def test_the_queue_shows_the_incident_with_its_sources_and_bob_approves_it(world):
    path, incident_id, (a, b) = world
    app = EventDeskApp(path, "bob")
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_incident_row(pilot, incident_id)
        row = next(r for r in screen.shown if r["id"] == incident_id)
        assert row["kind"] == "incident" and row["document_title"] == "incident · 2 sources"
        detail = "\n".join(str(s.render()) for s in screen.query("Static"))
        assert "source 1" in detail and "source 2" in detail and "Khusham" in detail
        assert "fatalities_low" in detail and "conflict: fatalities: at least 101" in detail
        assert "you may approve this incident" in str(screen.query_one("#detail-problem").render())
        await pilot.press("a")
        await settle(pilot, lambda: status_of(path, incident_id) == "approved"
                     and incident_id not in [r["id"] for r in screen.rows])
        assert "incident approved" in notes(app)


async def test_alice_is_refused_approving_the_incident_she_linked(world):
    path, incident_id, _ = world
    app = EventDeskApp(path, "alice")  # an admin: the role allows it, four eyes does not
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_incident_row(pilot, incident_id)
        assert "alice created this incident" in str(screen.query_one("#detail-problem").render())
        await pilot.press("a")
        await settle(pilot, lambda: any("another editor" in n for n in notes(app)))
        assert "alice created this incident; another editor must approve it" in notes(app)
        assert status_of(path, incident_id) == "submitted"


async def test_bob_sends_the_incident_back_with_a_comment(world):
    path, incident_id, _ = world
    app = EventDeskApp(path, "bob")
    async with app.run_test(size=(160, 50)) as pilot:
        await open_incident_row(pilot, incident_id)
        await pilot.press("b")
        await settle(pilot, lambda: isinstance(app.screen, ReasonScreen))
        for ch in "recount":
            await pilot.press(ch)
        await pilot.press("enter")
        await settle(pilot, lambda: status_of(path, incident_id) == "needs_revision")
    db = open_db(path)
    (after,) = db.execute("SELECT after FROM history WHERE entity = 'incident' AND action = 'return'"
                          ).fetchone()
    db.close()
    assert '"reason":"recount"' in after


async def test_an_approved_incident_is_read_only_until_reopened(world):
    path, incident_id, _ = world
    db = open_db(path)
    transition(db, "approve", incident_id, "carol")
    db.close()
    app = EventDeskApp(path, "bob")
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        app.push_screen(IncidentScreen(incident_id))
        await settle(pilot, lambda: isinstance(app.screen, IncidentScreen) and app.screen.view)
        screen = app.screen
        assert "read-only until an editor reopens it" in str(screen.query_one("#incident-head").render())
        await pilot.press("b")  # pick the suggested best: refused
        await settle(pilot, lambda: any("read-only" in n for n in notes(app)))
        assert incidents_picks(path, incident_id) == {}
        await pilot.press("o")
        await settle(pilot, lambda: isinstance(app.screen, ReasonScreen))
        for ch in "third source":
            await pilot.press(ch)
        await pilot.press("enter")
        await settle(pilot, lambda: status_of(path, incident_id) == "needs_revision")
        await settle(pilot, lambda: app.screen.view and app.screen.view["incident"]["status"] == "needs_revision")
        await pilot.press("b")
        await settle(pilot, lambda: incidents_picks(path, incident_id) != {})
        assert incidents_picks(path, incident_id)["fatalities_best"]["by"] == "bob"


def incidents_picks(path, incident_id):
    db = open_db(path)
    try:
        return incidents.get_incident(db, incident_id)["picks"]
    finally:
        db.close()


async def test_a_submitted_incident_whose_events_were_all_deleted_says_so_and_cannot_be_approved(world):
    path, incident_id, made = world
    db = open_db(path)
    for event in made:  # an editor takes both drafts back
        events.discard_event(db, event["id"], events.get_event(db, event["id"])["version"], "bob")
    db.close()
    app = EventDeskApp(path, "bob")
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_incident_row(pilot, incident_id)
        assert "this incident is empty" in str(screen.query_one("#detail-problem").render())
        assert "no sources" in str(screen.query_one("#detail-evidence").render())
        await pilot.press("a")
        await settle(pilot, lambda: any("empty" in n for n in notes(app)))
        assert status_of(path, incident_id) == "submitted"
        await pilot.press("c")  # the incident view of an empty incident
        await settle(pilot, lambda: isinstance(app.screen, IncidentScreen) and app.screen.view)
        assert "no events left" in str(app.screen.query_one("#incident-head").render())
