"""The key queue's holds: a hold lasts until it is released or its own time runs out.

Found in CI: pickers hold the keys while they close, with a 2 s safety timeout.  The
timeout of a picker closed earlier released the hold of a picker closing now, so the
key after that picker's Enter reached the closing picker and the rest of a burst was
applied to the wrong screen.
"""

from __future__ import annotations

import asyncio

import pytest
from textual.app import App

from tui.keys import KeyQueue

pytestmark = pytest.mark.pilot


class Holder(App):
    def __init__(self):
        super().__init__()
        self.keys = KeyQueue(self)


async def test_an_earlier_holds_timeout_does_not_release_a_later_hold_of_the_same_reason():
    app = Holder()
    async with app.run_test() as pilot:
        app.keys.hold("picker closing", timeout=0.1)
        app.keys.release("picker closing")  # the first picker is gone
        app.keys.hold("picker closing", timeout=30)  # the next one is closing
        await asyncio.sleep(0.3)  # past the first hold's timeout
        await pilot.pause()
        assert "picker closing" in app.keys.holds
        assert app.keys.busy
        app.keys.release("picker closing")
        assert not app.keys.busy


async def test_a_hold_never_released_lets_keys_go_after_its_timeout():
    app = Holder()
    async with app.run_test() as pilot:
        app.keys.hold("document", timeout=0.1)
        await asyncio.sleep(0.3)
        await pilot.pause()
        assert "document" not in app.keys.holds


async def test_keys_wait_for_a_picker_from_the_moment_it_is_made_until_its_box_has_focus():
    from tui.screens.choice_picker import ChoicePicker

    app = Holder()
    async with app.run_test() as pilot:
        picker = ChoicePicker("grading", [("fair", "fair"), ("contested", "contested")])
        assert "picker opening" in app.keys.holds  # no key can slip in before the push
        app.push_screen(picker)
        await pilot.pause()
        await pilot.pause()
        assert app.focused is picker.query_one("#choice-filter")
        assert "picker opening" not in app.keys.holds
        picker.dismiss(None)
        assert "picker closing" in app.keys.holds
        await pilot.pause()
        await pilot.pause()
        assert not app.keys.holds
