"""Fewer keys to code an event: a label key with nothing selected takes what its rule knows
at the cursor, Tab in the find box grows the match to its word, W and Q take the name and
the word, the country is picked, the actor's kind is grounded, `*` accepts every grounded
value at once and says which, `=` skips values with nothing to check."""

from __future__ import annotations

import pytest

from store.records.events import list_events
from store.records.values import values_for
from tests.support.workstation import open_first, settle, stored
from tui.app import EventDeskApp
from tui.widgets.status_bar import StatusBar

pytestmark = pytest.mark.pilot


def status(screen) -> str:
    return screen.query_one(StatusBar).render().plain


def selected(screen) -> str | None:
    sel = screen.view.selection
    return screen.view.text[sel[0]:sel[1]] if sel else None


async def keys(pilot, *names):
    for name in names:
        await pilot.press(name)
        await settle(pilot)


def event_of(path, doc_id):
    (event,) = [e for e in list_events(stored(path), doc_id) if e["created_by"] == "alice"]
    return event


async def test_label_keys_take_the_count_the_actor_and_the_name_at_the_cursor(seeded_file):
    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        await keys(pilot, "e", "slash", "1", "3", "escape")
        assert screen.view.selection is None  # Esc: the cursor on the match, nothing selected
        await keys(pilot, "6")
        assert "Killed “At least 13” → killed" in status(screen)
        await keys(pilot, "slash", "w", "escape", "5")
        assert "Target “women and children” → actor2" in status(screen)
        await keys(pilot, "backslash", "p", "r", "escape", "3")
        assert "Location “Idlib Province” → location" in status(screen)
    event = event_of(path, ids[0])
    assert (event["killed"], event["fatalities_best"]) == ("At least 13", 13)
    assert (event["actor2"], event["actor2_kind"]) == ("women and children", "Civilians")
    assert event["location"] == "Idlib Province"


async def test_tab_in_the_find_box_selects_the_match_grown_to_its_word(seeded_file):
    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        await keys(pilot, "slash", "r", "a", "i", "tab")
        assert selected(screen) == "raid"
        assert screen.focused is screen.view  # back in the text, as after Enter
        await keys(pilot, "tab")  # in the text Tab still goes into the form
        assert screen.focused is not screen.view


async def test_w_and_q_with_nothing_selected_take_the_name_and_the_word(seeded_file):
    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        await open_first(pilot)
        await keys(pilot, "e", "slash", "i", "n", "c", "l", "escape", "9")  # the word "including"
        await keys(pilot, "slash", "j", "escape", "W", "w", "w", "w", "Q")
    db = stored(path)
    (claim,) = list(db.query("SELECT * FROM claims"))
    quotes = {s["id"]: s["quote"] for s in db.query("SELECT id, quote FROM spans")}
    assert quotes[claim["speaker_span_id"]] == "Al Jazeera"
    assert quotes[claim["cue_span_id"]] == "said"


async def test_the_country_is_picked_by_typing_part_of_its_name(seeded_file):
    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        await keys(pilot, "e", "ctrl+g", "c", "enter", "s", "y")
        assert "Syria  (SY)" in str(pilot.app.screen.query_one("#choice-options").get_option_at_index(0).prompt)
        await keys(pilot, "enter")
        assert screen.query_one("#f-country").value == "Syria"
    assert event_of(path, ids[0])["country"] == "Syria"


async def test_star_accepts_every_grounded_value_and_the_status_bar_lists_them(seeded_file):
    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        await keys(pilot, "e", "ctrl+g", "c", "enter", "s", "y", "enter", "escape")
        await keys(pilot, "slash", "u", "s", "escape", "4")  # US troops in Syria: abroad
        await keys(pilot, "slash", "w", "escape", "5", "slash", "1", "3", "escape", "6")
        grounding = screen.query_one("#form-grounding").render().plain
        assert "actor 1 kind: from 'US special operations troops'" in grounding
        assert "outside it" in grounding and "* accepts all 3 at once" in grounding
        await keys(pilot, "asterisk")
        line = status(screen)
        assert "accepted" in line and "killed 13" in line
        assert "actor 1 kind External/Other forces" in line and "target kind Civilians" in line
        await keys(pilot, "equals_sign")  # nothing is left to check
        assert "nothing grounded to check" in status(screen)
    event = event_of(path, ids[0])
    assert event["actor1_kind"] == "External/Other forces"
    sources = values_for(stored(path), event["id"])
    assert {sources[f]["source"] for f in ("actor1_kind", "actor2_kind", "fatalities_best")} == {"accepted"}


async def test_the_new_keys_are_on_the_help_screen_and_remappable(seeded_file):
    from tui.screens.help import binding_rows

    path, ids = seeded_file
    keymap = {"annotate.accept_all_grounded": "ctrl+a", "annotate.find_grow": "ctrl+t"}
    app = EventDeskApp(path, "alice", keymap=keymap)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        rows = {bid: (key, what) for key, bid, what in binding_rows(screen)}
        assert "accept all grounded" in rows["annotate.accept_all_grounded"][1]
        assert "as Enter followed by i" in rows["annotate.find_grow"][1]
        assert "the count at the cursor" in rows["annotate.label_6"][1]
        await keys(pilot, "slash", "r", "a", "i", "ctrl+t")
        assert selected(screen) == "raid"


async def test_esc_then_a_label_key_in_one_burst_is_the_two_keys_not_alt(seeded_file):
    # A terminal sends Esc then 6 arriving together as ESC 6, which the parser reads as
    # alt+6 (seen in tmux: the 6 and every key after it went into the find box).
    from textual import events

    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        await keys(pilot, "e", "slash", "1", "3")
        app.post_message(events.Key("alt+6", "6"))
        await settle(pilot)
        assert screen.focused is screen.view
        assert "Killed “At least 13” → killed" in status(screen)
    assert event_of(path, ids[0])["fatalities_best"] == 13
