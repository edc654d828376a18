"""`/` finds from the top of the text; `\\` from the cursor; the match count is shown."""

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
        await pilot.press("slash", *"Idlib", "enter")
        assert screen.view.selection == (first, first + 5)
        count = text.count("Idlib")
        assert f"({count} matches)" in screen.query_one("#status").render().plain
        await pilot.press("escape", "slash", *"Idlib", "enter")  # again: the same, first one
        assert screen.view.selection == (first, first + 5)
        await pilot.press("escape", "l", "backslash", *"Idlib", "enter")  # from the cursor on
        second = text.index("Idlib", first + 1)
        assert screen.view.selection == (second, second + 5)
        await settle(pilot)
