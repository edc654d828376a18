"""Hostile documents: markup, ESC/OSC sequences, bidi, ZWJ emoji, Arabic, CRLF, tabs.

Nothing in a document or its title may act on the terminal or the app, and
offsets stay exact code points into the unaltered text.
"""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from store.db.connection import open_db
from store.records.spans import list_spans
from tests.support.workstation import HOSTILE_TEXT, HOSTILE_TITLE, seeded_db, settle, view_lines
from tui.app import EventDeskApp
from tui.screens.annotate import AnnotateScreen

pytestmark = pytest.mark.pilot

RAW = ("\x1b", "\x07", "\x9b", "\u202e")


@pytest.fixture
def hostile(tmp_path):
    path = tmp_path / "t.db"
    ids = seeded_db(path, extra=[(HOSTILE_TITLE, HOSTILE_TEXT)])
    return path, ids[-1]


def lines_of(widget) -> list[str]:
    return [widget.render_line(y).text for y in range(widget.size.height)]


def assert_inert(lines: list[str]) -> None:
    for line in lines:
        for raw in RAW:
            assert raw not in line, (raw, line)


async def open_hostile(pilot):
    await settle(pilot)
    table = pilot.app.screen.query_one("#documents", DataTable)
    table.move_cursor(row=5)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, AnnotateScreen)
    return pilot.app.screen


async def test_hostile_title_is_literal_in_library_and_clicking_it_does_nothing(hostile):
    path, _ = hostile
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#documents", DataTable)
        lines = lines_of(table)
        assert_inert(lines)
        row = next(line for line in lines if "[@click=app.quit]Click[/]" in line)
        assert "[link=https://evil.exa" in row  # (cut by the column width)
        cell = table.get_cell_at((5, 0))
        assert cell.plain == HOSTILE_TITLE.replace("\x1b", "␛").replace("\x07", "␇")
        await pilot.click("#documents", offset=(3, 6))
        await pilot.click("#documents", offset=(8, 6))
        await settle(pilot)
        assert app.is_running and app.return_code is None


async def test_hostile_text_opens_inert_and_offsets_stay_exact(hostile):
    path, doc_id = hostile
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_hostile(pilot)
        title = screen.query_one("#doc-title").render_line(0).text
        assert "[@click=app.quit]Click[/]" in title
        drawn = view_lines(screen.view)
        assert_inert(drawn + [title])
        assert any("[@click=app.quit]quit[/]" in line for line in drawn)
        assert any("[link=https://evil.example]link[/link]" in line for line in drawn)

        await pilot.press("e")  # the event the field labels fill
        await settle(pilot)
        for words, key in (("👩\u200d👩\u200d👧", "4"), ("قُتِلَ", "1"), ("Idlib at the end", "3"),
                           ("[@click=app.quit]quit[/]", "9")):
            await pilot.press("slash")
            screen.query_one("#find").value = words  # typed as one paste: ZWJ is no key
            await pilot.pause()
            await pilot.press("enter", key)
            await settle(pilot)
        # Moving around and clicking in the text does not trigger anything either.
        await pilot.press("g", "j", "j", "w", "w", "l")
        await pilot.click("#view", offset=(8, 1))
        await settle(pilot)
        assert app.is_running
        panel = screen.query_one("#claims")
        claim_lines = lines_of(panel)
        assert_inert(claim_lines)
        assert any("[@click=app.quit]quit[/]" in line for line in claim_lines)

    db = open_db(path)
    text = db.execute("SELECT text FROM documents WHERE id = ?", [doc_id]).fetchone()[0]
    assert text == HOSTILE_TEXT  # stored exactly: CRLF, ESC, bidi and all
    spans = {s["label"]: s for s in list_spans(db, doc_id)}
    for label, quote in (("Actor", "👩\u200d👩\u200d👧"), ("Trigger", "قُتِلَ"),
                         ("Location", "Idlib at the end"), ("Claim", "[@click=app.quit]quit[/]")):
        span = spans[label]
        assert span["quote"] == quote == text[span["start"]:span["end"]]
        assert span["start"] == HOSTILE_TEXT.index(quote)  # code points, CR counted
