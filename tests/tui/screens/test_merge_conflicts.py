"""Merge conflicts in the app (M): both values shown, `o` takes theirs, recorded as the editor."""

from __future__ import annotations

import pytest

from tests.support.merging import rows, run
from tests.support.workstation import settle
from tui.app import EventDeskApp
from tui.screens.merge_conflicts import MergeConflictsScreen

pytestmark = pytest.mark.pilot


async def test_M_lists_the_conflict_and_o_takes_the_other_sides_value(two_coders):
    c = two_coders
    run("--db", c.a, "merge", c.b)
    run("--db", c.b, "merge", c.a, login="bob")
    c.edit("alice", c.event_a, date_start="2018-02-13")
    c.edit("bob", c.event_a, date_start="2018-02-14")
    assert "conflicts: 1 new" in run("--db", c.a, "merge", c.b)[1]
    app = EventDeskApp(c.a, "alice", keymap={})
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("M")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MergeConflictsScreen)
        shown = screen.query_one("#conflict-detail").render().plain
        assert "date_start" in shown and "'2018-02-13'" in shown and "'2018-02-14'" in shown
        await pilot.press("o")
        await settle(pilot)
        for _ in range(20):
            if not screen.conflicts:
                break
            await pilot.pause(0.1)
        assert screen.conflicts == []
    assert rows(c.a, "SELECT date_start FROM events WHERE id = ?", [c.event_a]) == [("2018-02-14",)]
    assert rows(c.a, "SELECT resolved_by, kept FROM merge_conflicts") == [("alice", "other")]
    assert run("--db", c.a, "verify")[0] == 0
