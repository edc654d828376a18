"""The first open reads the document while the screen is still being mounted.

When the read is back before the screen is laid out, the text waits for it and is
then shown; the keys typed from Enter on are held and applied in order, exactly as
typed slowly.
"""

from __future__ import annotations

import pytest

from store.records.events import evidence_for, list_events
from store.records.spans import list_spans
from tests.support.workstation import settle, stored
from tui.app import EventDeskApp
from tui.screens import annotate
from tui.screens.annotate import AnnotateScreen

pytestmark = pytest.mark.pilot


async def _burst_after_enter(path, monkeypatch, delay_layout: bool):
    if delay_layout:
        laid_out = AnnotateScreen._screen_laid_out

        def later(self):  # the screen laid out well after the read is back
            self.set_timer(0.4, lambda: laid_out(self))

        monkeypatch.setattr(annotate.AnnotateScreen, "_screen_laid_out", later)
    app = EventDeskApp(path, "alice", keymap={})
    early: list[bool] = []
    loaded = AnnotateScreen._loaded

    def watch(self, *args):
        early.append(not self.screen_mounted)
        loaded(self, *args)

    monkeypatch.setattr(annotate.AnnotateScreen, "_loaded", watch)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "e", "w", "v", "w", "3")  # no pause: all held until loaded
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AnnotateScreen)
        text = stored(path).execute("SELECT text FROM documents WHERE id = ?",
                                    [screen.document_id]).fetchone()[0]
        assert screen.view.text == text
        document_id = screen.document_id
    return early, document_id


@pytest.mark.parametrize("delay_layout", [True, False])
async def test_keys_typed_while_the_first_open_reads_are_applied_in_order(seeded_file, monkeypatch,
                                                                         delay_layout):
    path, ids = seeded_file
    early, document_id = await _burst_after_enter(path, monkeypatch, delay_layout)
    if delay_layout:
        assert early[0], "the read was back before the screen was laid out"
    db = stored(path)
    text = db.execute("SELECT text FROM documents WHERE id = ?", [document_id]).fetchone()[0]
    (span,) = list_spans(db, document_id)
    assert span["label"] == "Location" and text[span["start"]:span["end"]] == span["quote"]
    (event,) = list_events(db, document_id)
    assert event["location"] == span["quote"]
    assert evidence_for(db, event["id"]) == {"location": [span["id"]]}
