"""End of word in the text (`f`, id doc.word_end, remappable), unknown keymap ids told, `C`."""

from __future__ import annotations

import pytest

from tests.support.workstation import open_first, settle
from tui.app import EventDeskApp
from tui.widgets.claims_panel import ClaimsPanel

pytestmark = pytest.mark.pilot


async def test_f_moves_to_the_end_of_the_word_and_e_still_starts_an_event(seeded_file):
    path, _ = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        text = screen.document["text"]
        await pilot.press("g", "v", "f")
        start, end = screen.view.selection
        assert start == 0 and text[start:end].strip() == "date"  # the first word, by one key
        await pilot.press("escape", "e")
        await settle(pilot)
        assert screen.event is not None


async def test_word_end_remapped_and_an_unknown_id_told_in_one_line(seeded_file):
    path, _ = seeded_file
    app = EventDeskApp(path, "alice", keymap={"doc.word_end": "z", "doc.wordend": "y"})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("g", "z")
        text = screen.document["text"]
        assert text[:screen.view.cursor + 1].strip() == "date"  # on the end of the first word
        told = [str(n.message) for n in app._notifications]
        assert "keymap: no binding has the id doc.wordend (`?` lists the ids)" in told
        assert not any("doc.word_end" in line and "no binding" in line for line in told)


async def test_capital_c_reaches_the_claims_panel(seeded_file):
    path, _ = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        await open_first(pilot)
        await pilot.press("C")
        assert isinstance(app.focused, ClaimsPanel)
