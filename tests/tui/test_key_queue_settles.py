"""The key queue lets the next key go only when the one before has been handled all the way.

Found in CI, on a loaded machine: `ctrl+g c ⏎ s y ⏎` in one burst jumped to "sub-type"
instead of "country" and set the event type.  The Enter was still on its way up from the
picker's box (a message being handled, with every queue empty), the queue took the pumps
for idle, and `s` was typed into the closing picker.  Textual's queue does not count a
message being handled; `tui.textual_internals` makes the pumps count it.
"""

from __future__ import annotations

import asyncio

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.widgets import Input

from tui import textual_internals as internals
from tui.keys import KeyQueue

pytestmark = pytest.mark.pilot


class SlowToPassOn(Vertical):
    """A container whose handler of Enter awaits before the key bubbles on (as a busy
    machine makes any handler take its time)."""

    async def on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            await asyncio.sleep(0.2)


class Typist(App):
    def __init__(self):
        super().__init__()
        self.keys = KeyQueue(self)
        self.seen: list[str] = []

    def compose(self) -> ComposeResult:
        with SlowToPassOn():
            yield Input(id="box")

    async def on_event(self, event: events.Event) -> None:  # as tui.app.EventDeskApp
        if isinstance(event, events.Key) and not event.is_forwarded and not self.keys.passes(event):
            self.keys.take(event)
            return
        await super().on_event(event)

    async def dispatch_queued_key(self, event: events.Key) -> None:
        await super().on_event(event)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.seen.append(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.seen.append("⏎ " + event.value)


def test_pumps_count_the_message_they_are_handling_on_the_pinned_textual():
    assert internals.HANDLING_COUNTED


async def typed_in_one_burst(keys) -> list[str]:
    """What the box saw (each value, and each Enter with the value it submitted)."""
    app = Typist()
    async with app.run_test() as pilot:
        app.query_one(Input).focus()
        await pilot.pause()
        for key, character in keys:
            app.post_message(events.Key(key, character))  # all queued before the first runs
        for _ in range(100):
            await asyncio.sleep(0.02)
            if not app.keys.busy and len(app.seen) >= len(keys):
                break
        return app.seen


C_ENTER_S = (("c", "c"), ("enter", "\r"), ("s", "s"))


async def test_a_key_after_enter_waits_until_enter_has_bubbled_up_to_its_binding():
    assert await typed_in_one_burst(C_ENTER_S) == ["c", "⏎ c", "cs"]


async def test_without_the_count_the_same_burst_types_past_the_enter(monkeypatch):
    # The test above can fail: with pumps judged by their queues alone, `s` overtakes Enter.
    import tui.keys

    monkeypatch.setattr(tui.keys, "pump_busy",
                        lambda pump: bool(pump.__dict__.get("_message_queue")
                                          and pump._message_queue.qsize()))
    assert await typed_in_one_burst(C_ENTER_S) == ["c", "cs", "⏎ cs"]
