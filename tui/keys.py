"""The key queue: every key is applied in arrival order, each to the state the keys before it left.

Textual hands a key to whatever widget is focused when the key *arrives*, so in a
burst (a paste, an SSH connection that coalesces keys) the characters after a Tab
reach the field Tab is leaving, and keys typed while a document loads reach the
old one.  Here the app takes every key into a queue and lets one out only when

- the previous key has been handled all the way (no widget, screen or the app has
  a message queued or being handled, so focus moves and pushed screens are done), and
- nothing holds the queue: a screen holds it while something the next keys depend
  on is on its way (a document loading in a thread), and releases it once that is in.

Typing speed then changes nothing but how many keys wait.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import deque

from textual import events

from tui.textual_internals import pump_busy

#: A key that has not settled after this many event-loop turns *and* this many seconds
#: lets the next one go anyway (a widget that keeps posting to itself, e.g. an animation,
#: must not stop typing).  Both, because on a loaded machine 400 turns can pass in a few
#: milliseconds while a handler still waits for a thread.
MAX_TURNS = 400
MIN_SETTLE_SECONDS = 2.0


def as_typed(event: events.Key) -> list[events.Key]:
    """The keys a coder typed for one that arrived.

    A terminal sends Alt+6 as ESC then 6, which is also what Esc then 6 typed in one burst
    looks like (a paste, an SSH packet, `tmux send-keys`), and the parser reads them as
    `alt+6`.  eventdesk binds no Alt key, so `alt+` and one printable character is read as
    the two keys it stands for: `/13 Esc 6` labels the same fast or slow, and `Esc ]`
    leaves a form field and goes to the next document instead of typing `]` into it.
    """
    character = event.character
    if (event.key.startswith("alt+") and character is not None and len(character) == 1
            and character.isprintable()):
        # a letter or digit is its own key name; punctuation keeps the name Textual gave
        # it (`right_square_bracket`), which is what bindings are written with
        key = character if character.isalnum() else event.key.removeprefix("alt+")
        return [events.Key("escape", "\x1b"), events.Key(key, character)]
    return [event]


class KeyQueue:
    """Keys waiting for their turn, and the reasons they wait."""

    def __init__(self, app):
        self.app = app
        self.waiting: deque[events.Key] = deque()
        #: reason -> the serial of the hold now in force (an older hold's timeout must not
        #: release a newer hold of the same reason: a picker closed 2 s after another).
        self.holds: dict[str, int] = {}
        self._serials = itertools.count(1)
        self._task: asyncio.Task | None = None
        self._passing: events.Key | None = None

    @property
    def busy(self) -> bool:
        """Keys are waiting, being applied, or held back."""
        return bool(self.waiting or self.holds or self._task is not None)

    def passes(self, event: events.Key) -> bool:
        """True for the key the queue itself is letting through now."""
        return event is self._passing

    def take(self, event: events.Key) -> None:
        """Queue an arriving key and make sure the queue is being worked off."""
        self.waiting.extend(as_typed(event))
        self._kick()

    def hold(self, reason: str, timeout: float = 15.0) -> None:
        """Keep the keys that come next waiting until `release(reason)`.

        After `timeout` seconds they go on anyway: a read that never answers
        must not leave the keyboard dead.
        """
        serial = next(self._serials)
        self.holds[reason] = serial

        def expire() -> None:
            if self.holds.get(reason) == serial:
                self.release(reason)

        self.app.set_timer(timeout, expire)

    def release(self, reason: str) -> None:
        self.holds.pop(reason, None)
        self._kick()

    def _kick(self) -> None:
        if self._task is None and self.waiting and not self.holds:
            self._task = asyncio.get_running_loop().create_task(self._drain())

    async def _drain(self) -> None:
        try:
            while self.waiting and not self.holds:
                key = self.waiting.popleft()
                self._passing = key
                try:
                    await self.app.dispatch_queued_key(key)
                finally:
                    self._passing = None
                await self.settled()
        finally:
            self._task = None
        self._kick()  # a release may have come while the last key settled

    async def settled(self) -> None:
        """Wait until every message pump of the app is idle (or, past `MAX_TURNS` turns and
        `MIN_SETTLE_SECONDS`, give up)."""
        started = time.monotonic()
        turns = 0
        while turns < MAX_TURNS or time.monotonic() - started < MIN_SETTLE_SECONDS:
            turns += 1
            await asyncio.sleep(0 if turns < MAX_TURNS else 0.001)
            if not any(pump_busy(pump) for pump in self._pumps()):
                await asyncio.sleep(0)
                if not any(pump_busy(pump) for pump in self._pumps()):
                    return

    def _pumps(self):
        app = self.app
        yield app
        for screen in app.screen_stack:
            yield from screen.walk_children(with_self=True)
