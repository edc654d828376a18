"""Two sessions on one event, and saves that fail: shown to the person, never silent."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from store.db.connection import open_db
from store.records.events import evidence_for, get_event, update_event
from store.records.people import ensure_user
from store.records.spans import list_spans
from tests.support.workstation import settle
from tui.app import EventDeskApp
from tui.screens.annotate import AnnotateScreen
from tui.screens.conflict import ConflictScreen

pytestmark = pytest.mark.pilot


async def start_event(pilot) -> AnnotateScreen:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("e")
    await settle(pilot)
    return pilot.app.screen


def bob_sets_location(path, event_id: str, value: str) -> dict:
    """Another person's session, in another connection, saving first."""
    db = open_db(path)
    ensure_user(db, "bob")  # every writer needs an account (store.records.people.require)
    event = get_event(db, event_id)
    return update_event(db, event_id, event["version"], {"location": value}, "bob")


@pytest.mark.parametrize("choice", ["k", "o"])
async def test_conflict_on_form_field_shows_both_values_and_lets_choose(seeded_file, choice):
    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await start_event(pilot)
        event_id = screen.event_id
        bob_sets_location(path, event_id, "Atme")
        screen.query_one("#f-location", Input).focus()
        await pilot.press(*"Idlib", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        box = app.screen.query_one("#conflict-table")
        drawn = "\n".join(box.render_line(y).text for y in range(box.size.height))
        assert "Idlib" in drawn and "Atme" in drawn and "theirs (bob)" in drawn
        table = app.screen.mine, app.screen.theirs["location"]
        assert table == ({"location": "Idlib"}, "Atme")
        assert get_event(open_db(path), event_id)["location"] == "Atme"  # nothing overwritten yet
        await pilot.press(choice)
        await settle(pilot)
        assert isinstance(app.screen, AnnotateScreen)
        drawn = screen.query_one("#f-location", Input).render_line(0).text.strip()
    event = get_event(open_db(path), event_id)
    if choice == "k":
        assert event["location"] == "Atme" and drawn == "Atme" and event["version"] == 2
    else:
        assert event["location"] == "Idlib" and drawn == "Idlib" and event["updated_by"] == "alice"
        assert event["version"] == 3


async def test_conflict_while_labelling_keeps_span_and_field_together(seeded_file):
    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await start_event(pilot)
        event_id = screen.event_id
        bob_sets_location(path, event_id, "Atme")
        await pilot.press("slash", *"Idlib", "enter", "3")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        assert app.screen.mine == {"location": "Idlib"}
        # The span and the field are one action: refused together.
        assert list_spans(open_db(path), ids[0]) == []
        await pilot.press("o")
        await settle(pilot)
    db = open_db(path)
    (span,) = list_spans(db, ids[0])
    assert get_event(db, event_id)["location"] == "Idlib"
    assert evidence_for(db, event_id) == {"location": [span["id"]]}


async def test_failed_save_is_shown_and_nothing_is_stored(seeded_file):
    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await start_event(pilot)

        def disk_full(action):
            raise OSError("database or disk is full")

        app.writer.before_apply = disk_full
        await pilot.press("slash", *"Idlib", "enter", "3")
        await settle(pilot)
        status = screen.query_one("#status").render().plain
        assert "not saved" in status and "disk is full" in status
        assert "disk is full" in screen.query_one("#form-error").render().plain
        assert sum("disk is full" in str(n.message) for n in app._notifications) == 1
        assert screen.query_one("#f-location", Input).render_line(0).text.strip() == ""
        app.writer.before_apply = None
    assert list_spans(open_db(path), ids[0]) == []


async def test_store_refusal_is_shown_not_raised(seeded_file):
    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("u")  # nothing to undo yet
        await settle(pilot)
        assert "nothing to undo" in app.screen.query_one("#status").render().plain
        assert app.is_running
