"""Helpers for the Pilot tests of the workstation: databases to open, and waiting for saves."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.worker import WorkerCancelled

from store.db.connection import open_db
from store.records import people
from store.records.documents import add_document, sha256_bytes
from tests.support.paths import SEEDS
from tui.screens.annotate import AnnotateScreen

#: A document that tries everything a hostile article could: markup, ESC/OSC sequences,
#: bidi overrides, ZWJ emoji, Arabic with diacritics, CRLF and tabs.
HOSTILE_TITLE = "[@click=app.quit]Click[/] [link=https://evil.example]x[/link] \x1b]52;c;SGVsbG8=\x07"
HOSTILE_TEXT = (
    "Alert [@click=app.quit]quit[/] and [link=https://evil.example]link[/link] [b]bold[/b]\r\n"
    "ESC \x1b[31mred\x1b[0m OSC \x1b]8;;https://evil.example\x1b\\x\x1b]8;;\x1b\\ clip \x1b]52;c;SGVsbG8=\x07\r\n"
    "family 👩\u200d👩\u200d👧 flag 🇸🇾 bidi \u202eevil\u202c\r\n"
    "Arabic: قُتِلَ ثَلَاثَةَ عَشَرَ شَخْصًا في إدلب\r\n"
    "tab\there\tand Idlib at the end\r\n"
)


def add_text(db, text: str, title: str | None = None, outlet: str | None = None,
             published: str | None = None) -> str:
    data = text.encode("utf-8")
    return add_document(db, text=text, bytes_sha256=sha256_bytes(data), encoding="utf-8",
                        actor="alice", title=title, outlet=outlet, published=published).id


def seeded_db(path: Path, extra: list[tuple[str, str]] = ()) -> list[str]:
    """A database at `path` with the five seeds (titled by their first line) and `extra` docs."""
    db = open_db(path)
    people.ensure_user(db, "alice")
    ids = []
    for seed in sorted(SEEDS.glob("*.txt")):
        text = seed.read_bytes().decode("utf-8")
        ids.append(add_text(db, text, title=text.strip().splitlines()[0][:80], outlet="seed"))
    for title, text in extra:
        ids.append(add_text(db, text, title=title))
    db.close()
    return ids


async def _workers_done(app) -> None:
    """Wait for the thread workers; one replaced by a newer one (exclusive) is not an error."""
    for _ in range(50):
        try:
            await app.workers.wait_for_complete()
            return
        except WorkerCancelled:
            await asyncio.sleep(0.01)


async def settle(pilot, rounds: int = 400) -> None:
    """Wait until every queued save is committed and its outcome handled, and reads are done."""
    app = pilot.app
    for _ in range(rounds):
        await _workers_done(app)
        if app.writer.pending == 0:
            break
        await asyncio.sleep(0.01)
    await pilot.pause()
    await _workers_done(app)
    await pilot.pause()
    # A worker may start another (the side panels, mounted after the text, then read the
    # suggestions): wait until none is left running.
    for _ in range(rounds):
        screen = app.screen
        side_coming = getattr(screen, "state", None) is not None and not getattr(
            screen, "side_ready", True)
        if not side_coming and not any(w.is_running or w.state.name == "PENDING"
                                       for w in app.workers):
            break
        await _workers_done(app)
        await pilot.pause(0.01 if side_coming else None)


def view_lines(view, rows: int | None = None) -> list[str]:
    return [view.render_line(y).text for y in range(rows or view.size.height)]


async def open_first(pilot):
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, AnnotateScreen)
    return pilot.app.screen


async def find(pilot, words: str):
    """`/`, the words, Enter.  Long phrases arrive as one paste (typing each key is slow)."""
    await pilot.press("slash")
    if len(words) <= 8:
        await pilot.press(*words)
    else:
        pilot.app.screen.query_one("#find").insert_text_at_cursor(words)
        await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


def stored(path):
    """The database as stored now (the test session closes it at teardown)."""
    return open_db(path)
