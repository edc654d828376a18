"""`/` finds from the top of the text; `\\` from the cursor; "3 of 7" says which match."""

from __future__ import annotations

import pytest

from tests.support.workstation import open_first, settle

pytestmark = pytest.mark.pilot


async def test_slash_finds_from_the_top_and_backslash_from_the_cursor(seeded_file):
    from tui.app import EventDeskApp

    path, _ = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        text = screen.document["text"]
        first = text.index("Idlib")
        count = text.count("Idlib")
        assert count >= 2
        await pilot.press("slash", *"Idlib", "enter")
        assert screen.view.selection == (first, first + 5)
        status = screen.query_one("#status")
        assert f"(1 of {count})" in status.render().plain
        await pilot.press("escape", "slash", *"Idlib", "enter")  # again: the same, first one
        assert screen.view.selection == (first, first + 5)
        await pilot.press("escape", "l", "backslash", *"Idlib", "enter")  # from the cursor on
        second = text.index("Idlib", first + 1)
        assert screen.view.selection == (second, second + 5)
        assert f"(2 of {count})" in status.render().plain
        await pilot.press("n")  # n on: the status line's place part follows
        await pilot.pause()
        assert f"match 3 of {count}" in status.render().plain or count == 2
        await settle(pilot)


async def test_typing_into_the_find_box_searches_before_enter(seeded_file):
    """Find as you type: each letter moves the current match and says the count, no Enter."""
    from tui.app import EventDeskApp

    path, _ = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        text = screen.document["text"]
        status = screen.query_one("#status")
        await pilot.press("slash", *"Idl")
        await settle(pilot)
        first = text.lower().index("idl")
        count = text.lower().count("idl")
        assert screen.view.current_match == (first, first + 3)
        assert f"1 of {count}" in status.render().plain
        assert screen.view.selection is None  # nothing selected until Enter
        await pilot.press(*"ib Province")  # typed on: the match follows the words
        await settle(pilot)
        where = text.lower().index("idlib province")
        assert screen.view.current_match == (where, where + len("idlib province"))
        assert f"of {text.lower().count('idlib province')}" in status.render().plain
        await pilot.press("enter")
        assert screen.view.selection == (where, where + len("idlib province"))


async def test_tab_grows_a_part_word_match_to_its_words_end_and_leaves_a_whole_word(seeded_file):
    from tui.app import EventDeskApp

    path, _ = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        text = screen.document["text"]
        raid = text.index("raid")
        await pilot.press("slash", *"rai", "tab")
        assert screen.view.selection == (raid, raid + 4)
        await pilot.press("escape", "slash", *"raid", "tab")  # whole already: not "raid carried"
        assert screen.view.selection == (raid, raid + 4)
        await settle(pilot)


async def test_a_label_key_after_a_find_that_matched_nothing_labels_nothing(seeded_file):
    # "/Idlibx⏎1" fast: "Idlib" matched while typing, "Idlibx" does not; the 1 used to
    # label the word the cursor was left on.
    from store.records.spans import list_spans
    from tests.support.workstation import stored
    from tui.app import EventDeskApp

    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("slash", *"Idlibx", "enter", "1")
        await settle(pilot)
        assert "no match for “Idlibx”" in screen.query_one("#status").render().plain
        await pilot.press("l", "1")  # the cursor moved on: the label key takes its word again
        await settle(pilot)
    db = stored(path)
    assert [s["label"] for s in list_spans(db, ids[0])] == ["Trigger"]
