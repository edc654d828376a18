"""The event form asks for less: coder order, folded optional fields, ctrl+g to a field by
name, pickers for the closed lists, `date to` following `date from`, the editor's note first."""

from __future__ import annotations

import pytest
from textual.widgets import Input, OptionList

from store.db.connection import open_db
from store.records import documents, events, people
from store.records.events import list_events
from store.review import workflow as review
from tests.support.typing_speed import type_script
from tests.support.workstation import open_first, settle
from tui.app import EventDeskApp
from tui.screens.choice_picker import ChoicePicker

pytestmark = pytest.mark.pilot


def stored(path):
    db = open_db(path)
    try:
        return list_events(db)
    finally:
        db.close()


def shown_labels(screen) -> list[str]:
    """The form's field labels as drawn, top to bottom."""

    return [str(label.render()) for label in screen.query("EventForm .row Label")
            if label.parent.display]


async def keys(pilot, *names):
    await type_script(pilot, list(names), burst=False, pause=0)


async def test_optional_fields_are_folded_until_asked_for_and_one_with_a_value_shows(seeded_file):
    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        await keys(pilot, "e")
        labels = shown_labels(screen)
        assert labels[:8] == ["type", "sub-type", "trigger", "date", "date from", "date to",
                              "time prec.", "location"]
        assert "notes" not in labels and "assoc. 1" not in labels and "killed" in labels
        assert "more fields folded" in str(screen.query_one("#form-folded").render())
        await keys(pilot, "ctrl+o")
        assert "notes" in shown_labels(screen) and "assoc. 1" in shown_labels(screen)
        await keys(pilot, "ctrl+o")
        assert "notes" not in shown_labels(screen)
        db = open_db(path)
        (event,) = list_events(db)
        events.update_event(db, event["id"], event["version"], {"notes": "seen twice"}, "alice")
        db.close()
        await keys(pilot, "L", "enter")  # open it again: the stored note shows although folded
        assert "notes" in shown_labels(screen) and "assoc. 1" not in shown_labels(screen)
        # Shown, but Tab does not stop in it: Tab order depends on keys, not on saves.
        assert not screen.query_one("#f-notes", Input).can_focus


async def test_ctrl_g_goes_to_a_field_by_name_even_a_folded_one(seeded_file):
    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        await keys(pilot, "e", "ctrl+g")
        assert isinstance(app.screen, ChoicePicker)
        await keys(pilot, *"assoc. 2", "enter")
        assert app.focused is screen.query_one("#f-assoc_actor_2", Input)
        await keys(pilot, *"HTS", "enter", "escape")
    (event,) = stored(path)
    assert event["assoc_actor_2"] == "HTS"


async def test_a_kind_is_picked_by_typing_its_first_letters(seeded_file):
    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        await keys(pilot, "e", "ctrl+g", *"actor 1 k", "enter", "r")
        assert isinstance(app.screen, ChoicePicker)
        assert app.screen.query_one("#choice-filter", Input).value == "r"  # the key that opened it
        await keys(pilot, "e", "b", "enter")
        assert screen.query_one("#f-actor1_kind", Input).value == "Rebel group"
        await keys(pilot, "space", "escape")  # opened and left: nothing changes
        await keys(pilot, "tab", "tab", *"s", "enter")  # target kind, 's' -> State forces
        await keys(pilot, "ctrl+g", *"geo", "enter", "2", "enter")
    (event,) = stored(path)
    assert (event["actor1_kind"], event["actor2_kind"], event["geo_precision"]) == (
        "Rebel group", "State forces", 2)


async def test_date_to_follows_date_from_unless_changed(seeded_file):
    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        await keys(pilot, "e", "ctrl+g", *"date f", "enter", *"2022-02-03", "tab")
        end = screen.query_one("#f-date_end", Input)
        assert app.focused is end and end.value == "2022-02-03"
        await keys(pilot, "shift+tab", "ctrl+u", *"2022-02-01", "tab")
        assert end.value == "2022-02-01"  # still following
        await keys(pilot, *"2022-02-05", "enter")  # typed over: the person's own date now
        await keys(pilot, "shift+tab", "ctrl+u", *"2022-02-02", "enter", "escape")
        assert end.value == "2022-02-05"
    (event,) = stored(path)
    assert (event["date_start"], event["date_end"]) == ("2022-02-02", "2022-02-05")


async def test_the_form_opens_on_the_editors_note(db_path):
    db = open_db(db_path)
    for login in ("lead", "alice", "bob"):
        people.ensure_user(db, login)
    people.grant(db, "lead", "bob", "editor")
    doc = documents.add_document(db, text="Three killed in Atme on Thursday.", bytes_sha256="0",
                                 encoding="utf-8", actor="lead", title="Atme").id
    event = events.create_event(db, doc, "alice", event_type="Battles", date="Thursday",
                                location="Atme", notes="n" * 30)
    review.submit(db, event["id"], "alice")
    review.return_for_revision(db, event["id"], "bob", "which Atme? check the admin1")
    events.create_event(db, doc, "alice", notes="another")  # the active one when it opens
    db.close()
    app = EventDeskApp(db_path, "alice", keymap={})
    async with app.run_test(size=(120, 24)) as pilot:  # a short terminal: the form scrolls
        screen = await open_first(pilot)
        form = screen.query_one("#form")
        await keys(pilot, "ctrl+o")  # every field: taller than the terminal
        form.scroll_end(animate=False)
        await settle(pilot)
        assert form.scroll_y > 0
        await keys(pilot, "E")  # to the event that came back
        await settle(pilot)
        assert form.scroll_y == 0
        blockers = str(screen.query_one("#form-blockers").render())
        assert "sent back by bob: \u201cwhich Atme? check the admin1\u201d" in blockers


async def test_typing_in_the_type_field_opens_the_type_picker_with_that_letter(seeded_file):
    from tui.screens.type_picker import TypePicker

    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        await open_first(pilot)
        await keys(pilot, "e", "tab", "d")
        assert isinstance(app.screen, TypePicker)
        assert app.screen.query_one("#type-filter", Input).value == "d"
        await keys(pilot, "r", "enter")
    (event,) = stored(path)
    assert (event["event_type"], event["sub_event_type"]) == (
        "Explosions/Remote violence", "Air/drone strike")


async def test_a_precision_out_of_the_codebook_is_said_in_the_picker_and_nothing_stored(
        seeded_file):
    path, _ = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        await open_first(pilot)
        await keys(pilot, "e", "ctrl+g", *"geo", "enter", "9")
        assert isinstance(app.screen, ChoicePicker)
        options = app.screen.query_one(OptionList)
        assert options.option_count == 1
        assert "nothing matches “9”" in str(options.get_option_at_index(0).prompt)
        await keys(pilot, "enter")  # nothing to choose: the picker stays, says why
        assert isinstance(app.screen, ChoicePicker)
        await keys(pilot, "escape", "escape")
    (event,) = stored(path)
    assert event["geo_precision"] is None
