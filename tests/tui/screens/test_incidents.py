"""Pilot tests of the incidents screens: two reports side by side, link, not the same, picks."""

import pytest

from store.db.connection import open_db
from store.records import claims, events, incidents, people, spans
from store.records.documents import list_documents
from tui.app import EventDeskApp
from tui.screens.incidents import IncidentScreen, IncidentsScreen

pytestmark = pytest.mark.pilot


def _event(db, doc, quote, **fields):
    text = db.execute("SELECT text FROM documents WHERE id = ?", [doc]).fetchone()[0]
    start = text.index(quote)
    span = spans.add_span(db, doc, start, start + len(quote), "Location", "alice")
    event = events.create_event(db, doc, "alice")
    event = events.update_event(db, event["id"], event["version"], fields, "alice")
    events.add_evidence(db, event["id"], "location", span["id"], "alice")
    return event, span


@pytest.fixture
def khusham(seeded_file):
    path, _ = seeded_file
    db = open_db(path)
    people.ensure_user(db, "alice")
    docs = {d["title"][:6]: d["id"] for d in list_documents(db)}
    a, span = _event(db, docs["Syria "], "Deir al-Zour", location="Deir al-Zour", fatalities_low=101,
                     date_start="2018-02-07", admin1="Deir ez-Zor")
    b, b_span = _event(db, docs["Publis"], "Khusham", location="Khusham", fatalities_low=24,
                       date_start="2018-02-07", admin1="Deir ez-Zor")
    claims.create_claim(db, docs["Publis"], "alice", event_id=b["id"], topic="casualties",
                        polarity="denies", content_span_id=b_span["id"])
    db.close()
    return path, a, b


async def _open(pilot, app):
    await pilot.pause()
    await pilot.press("I")
    for _ in range(40):
        await pilot.pause(0.05)
        if isinstance(app.screen, IncidentsScreen) and app.screen.shown:
            return app.screen
    raise AssertionError("the incidents screen showed no pair")


async def test_two_reports_side_by_side_with_differences_marked_then_linked(khusham):
    path, a, b = khusham
    app = EventDeskApp(path, "alice")
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await _open(pilot, app)
        left = str(screen.query_one("#side-a-text").render())
        assert "Deir al-Zour" in left and "≠" in left
        assert "location" in screen.shown["differs"] and "fatalities_low" in screen.shown["differs"]
        assert "casualties" in str(screen.query_one("#pair-claims").render())
        await pilot.press("l")
        for _ in range(40):
            await pilot.pause(0.05)
            db = open_db(path)
            linked = incidents.incident_of(db, a["id"])
            db.close()
            if linked:
                break
        assert linked
        db = open_db(path)
        assert incidents.incident_of(db, b["id"]) == linked
        db.close()


async def test_the_incident_view_lists_every_source_and_picks_best_with_one_key(khusham):
    path, a, b = khusham
    db = open_db(path)
    incident = incidents.link(db, a["id"], b["id"], "alice")["incident"]
    db.close()
    app = EventDeskApp(path, "alice")
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        app.push_screen(IncidentScreen(incident["id"]))
        for _ in range(40):
            await pilot.pause(0.05)
            if isinstance(app.screen, IncidentScreen) and app.screen.view:
                break
        screen = app.screen
        sources = str(screen.query_one("#incident-sources").render())
        assert "Syria conflict" in sources and "Published: Mon" in sources
        await pilot.press("b")
        for _ in range(40):
            await pilot.pause(0.05)
            db = open_db(path)
            picks = incidents.get_incident(db, incident["id"])["picks"]
            db.close()
            if picks:
                break
        assert picks["fatalities_best"]["value"] in (24, 101) and picks["fatalities_best"]["by"] == "alice"


async def test_not_the_same_moves_on_and_the_pair_is_not_proposed_again(khusham):
    path, a, b = khusham
    app = EventDeskApp(path, "alice")
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await _open(pilot, app)
        first = (screen.shown["a"]["key"], screen.shown["b"]["key"])
        await pilot.press("x")
        for _ in range(40):
            await pilot.pause(0.05)
            db = open_db(path)
            rejected = incidents.rejected_pairs(db)
            db.close()
            if rejected:
                break
        assert rejected == {frozenset(first)}
        for _ in range(20):
            await pilot.pause(0.05)
        assert all(frozenset((c["a"], c["b"])) != frozenset(first) for c in screen.candidates)
