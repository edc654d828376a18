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
