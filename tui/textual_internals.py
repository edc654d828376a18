"""The one place that touches Textual's private internals, each with a fallback.

Two speed-ups rest on Textual attributes that are not public API:

- Re-keying a widget's styled-row cache (`Widget._styles_cache`, a
  `StylesCache` with `_cache`, `_dirty_lines`, `_width`) when a view scrolls,
  so rows already styled move with the text instead of being styled again.
- Mounting a replacement scrollbar the way `Widget.vertical_scrollbar` does
  (`App._start_widget`), so a scrollbar that repaints only when its thumb
  moves can stand in for Textual's.

Both are checked once, at import, against the installed Textual. When an
attribute is missing (a Textual upgrade renamed it), the flag is False and the
callers take Textual's normal path: slower, never wrong. A test asserts both
are active on the pinned version, so an upgrade that loses them is noticed.

Two more make the keyboard exact, checked and tested the same way: the terminal
parser reads ESC and a key arriving together as the two keys typed
(`ESC_AND_KEY_SPLIT`), and every message pump counts the messages it is handling
(`HANDLING_COUNTED`), so the key queue can tell a busy pump from an idle one.
"""

from __future__ import annotations

from typing import Callable

from textual.app import App
from textual.widget import Widget


def _styles_cache_usable() -> bool:
    try:
        from textual._styles_cache import StylesCache
    except ImportError:
        return False
    probe = StylesCache()
    return all(hasattr(probe, name) for name in ("_cache", "_dirty_lines", "_width"))


#: True when a scroll can re-key the styled rows instead of restyling them.
FAST_SCROLL = _styles_cache_usable()
#: True when a widget may mount its own scrollbar as Textual's property does.
CUSTOM_SCROLLBAR = callable(getattr(App, "_start_widget", None))


def dirty_rows(widget: Widget) -> set[int]:
    """The rows of the widget's styles cache waiting for a repaint (a copy)."""
    return set(widget._styles_cache._dirty_lines) if FAST_SCROLL else set()


def shift_styled_rows(widget: Widget, first_line: int, height: int, delta: int,
                      was_dirty: set[int], keep: Callable[[int, int], bool]) -> set[int]:
    """Move the widget's styled rows by `delta` after a scroll.

    Lines `first_line .. first_line + height` scroll; the rest (borders,
    padding) stay. A line takes the styled row of the line `delta` below it
    when that row was styled, was not waiting for a repaint, and
    `keep(line, source)` agrees (the caller checks the text is the same).
    Returns the content lines (0-based) that were kept.
    """
    kept: set[int] = set()
    if not FAST_SCROLL:
        return kept
    cache = widget._styles_cache
    old = cache._cache
    if not old or cache._width != widget.region.width:
        return kept
    moved = {y: strip for y, strip in old.items()
             if not first_line <= y < first_line + height}
    for line in range(height):
        source = line + delta
        if (0 <= source < height and source + first_line in old
                and source + first_line not in was_dirty and keep(line, source)):
            moved[line + first_line] = old[source + first_line]
            cache._dirty_lines.discard(line + first_line)
            kept.add(line)
    cache._cache = moved
    return kept


def start_widget(app: App, parent: Widget, child: Widget) -> None:
    """Start a widget that is not in the DOM tree, as Textual does for scrollbars."""
    app._start_widget(parent, child)


def count_messages_being_handled() -> bool:
    """Make every message pump count the messages it is handling right now.

    Textual's message queue (`textual._queue.Queue`) is a cut-down asyncio queue whose
    `task_done` does nothing, so nothing tells a pump handling a message (an awaiting
    handler, a key bubbling on to its parent) from an idle one.  The key queue must tell
    them apart: seen on a loaded machine, a picker's Enter sat in the picker's box while its
    queue was empty, the next letter was let through and typed into the closing picker,
    and Enter then took the wrong field.  Wrapping `MessagePump._dispatch_message` (which
    runs a message's handlers and bubbles it to the parent) gives the count.
    """
    from textual.message_pump import MessagePump

    dispatch = getattr(MessagePump, "_dispatch_message", None)
    if dispatch is None:
        return False
    if getattr(dispatch, "counts_handling", False):
        return True

    async def counted(self, message):
        self._handling += 1
        try:
            await dispatch(self, message)
        finally:
            self._handling -= 1

    counted.counts_handling = True
    MessagePump._handling = 0  # a class default: each pump's own count starts at its first message
    MessagePump._dispatch_message = counted
    return True


#: True when `pump_busy` sees a message being handled, not only the ones queued.
HANDLING_COUNTED = count_messages_being_handled()


def pump_busy(pump) -> bool:
    """True while `pump` (a widget, screen or the app) has messages queued, one being
    handled, or callbacks due after the current one (`call_next`).

    Without `HANDLING_COUNTED` a message being handled is missed, and the key queue
    waits less than it should (only on a loaded machine does that show).
    """
    if getattr(pump, "_handling", 0) or getattr(pump, "_next_callbacks", None):
        return True
    queue = pump.__dict__.get("_message_queue")  # a cached property: absent = never used
    return queue is not None and queue.qsize() > 0


#: What may follow ESC to begin a key's own sequence (CSI, SS3), not a second key.  Not
#: `]` (OSC): terminals send OSC only in answer to a query, and Textual reads none, so ESC ]
#: is Esc then `]` (`Esc ] e` typed fast: leave the field, then the next document).
_SEQUENCE_STARTS = frozenset("[O")


def read_esc_and_key_as_two_keys() -> bool:
    """Make the terminal parser read ESC and one more character as Esc and that key.

    Esc then 6 typed in one burst (a paste, an SSH packet) arrives as ESC 6, which
    Textual reads as a key of its own: macOS Option glyphs for digits (`§` for 6),
    `ctrl+left` for ESC b, `shift+tab` for ESC Tab, `^` and the key when more follows at
    once.  Typed slowly, the same keys are Esc and 6.  eventdesk binds no Alt key, so
    reading every such pair as the two keys typed makes both speeds the same (Alt+x in
    a terminal is then Esc x, as in vim).  Patches `XTermParser._sequence_to_key_events`
    (private) once; returns False, changing nothing, if Textual no longer has it.
    """
    try:
        from textual import events
        from textual._xterm_parser import XTermParser
    except ImportError:
        return False
    original = getattr(XTermParser, "_sequence_to_key_events", None)
    if original is None:
        return False
    if getattr(original, "esc_and_key", False):
        return True

    def sequence_to_key_events(self, sequence: str, alt: bool = False):
        if len(sequence) == 2 and sequence[0] == "\x1b" and sequence[1] not in _SEQUENCE_STARTS:
            yield events.Key("escape", "\x1b")
            yield from original(self, sequence[1], alt=False)
            return
        yield from original(self, sequence, alt=alt)

    sequence_to_key_events.esc_and_key = True
    XTermParser._sequence_to_key_events = sequence_to_key_events
    return True


#: True when ESC and a key arriving together are read as the two keys (see above).
ESC_AND_KEY_SPLIT = read_esc_and_key_as_two_keys()
