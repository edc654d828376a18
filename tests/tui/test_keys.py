"""Pilot tests of the keyboard contract's plumbing: help, command palette, remapped keys."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette
from textual.widgets import DataTable

from store.db.connection import open_db
from store.records.events import list_events
from store.records.spans import list_spans
from tests.support.workstation import settle
from tui.app import EventDeskApp
from tui.keymap import load_keymap
from tui.screens.annotate import AnnotateScreen
from tui.screens.help import HelpScreen
from tui.screens.review import ReviewScreen

pytestmark = pytest.mark.pilot


def help_rows(app) -> list[str]:
    table = app.screen.query_one("#help-table", DataTable)
    return [" ".join(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]


def test_every_annotate_binding_has_an_id_and_description():
    for binding in AnnotateScreen.BINDINGS + EventDeskApp.BINDINGS:
        assert binding.id and binding.description, binding


async def test_help_lists_live_bindings_with_ids(seeded_file):
    path, _ = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = help_rows(app)
        assert any(r.startswith("3 annotate.label_3 label Location") for r in rows)
        assert any("annotate.undo" in r for r in rows) and any("app.quit" in r for r in rows)
        assert any(r.startswith("] annotate.next_document") for r in rows)
        assert any(r.startswith("o claims.topic") for r in rows)  # the panel's, not focused yet
        assert any(r.startswith("w doc.word_next") for r in rows)  # the text's motions
        await pilot.press("escape")
        assert isinstance(app.screen, AnnotateScreen)


async def test_remapped_key_labels_and_shows_in_help(seeded_file, tmp_path, monkeypatch):
    path, ids = seeded_file
    keymap_file = tmp_path / "keymap.toml"
    keymap_file.write_text('[keys]\n"annotate.label_3" = "z"\n"app.help" = "f1"\n', encoding="utf-8")
    monkeypatch.setenv("EVENTDESK_KEYMAP", str(keymap_file))
    assert load_keymap() == ({"annotate.label_3": "z", "app.help": "f1"}, None)
    app = EventDeskApp(path, "alice")  # reads $EVENTDESK_KEYMAP
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        legend = app.screen.query_one("#legend")
        assert " z  Location" in legend.render_line(0).text  # the legend shows the live key
        await pilot.press("e")
        await pilot.press("slash", *"Idlib", "enter")
        await pilot.press("3")  # no longer bound: nothing happens
        await settle(pilot)
        assert list_spans(open_db(path), ids[0]) == []
        await pilot.press("z")
        await settle(pilot)
        assert [(s["quote"], s["label"]) for s in list_spans(open_db(path), ids[0])] == [
            ("Idlib", "Location")]
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert any(r.startswith("z annotate.label_3") for r in help_rows(app))


def test_bad_keymap_file_is_one_line_not_a_crash(tmp_path):
    bad = tmp_path / "k.toml"
    bad.write_text("[keys\n", encoding="utf-8")
    keymap, error = load_keymap(bad)
    assert keymap == {} and "ignored" in error and "\n" not in error


async def test_command_palette_runs_screen_actions(seeded_file):
    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"new event")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AnnotateScreen)
    assert len(list_events(open_db(path), ids[0])) == 1


async def test_review_queue_opens_with_R(seeded_file):
    path, _ = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)


async def test_remap_onto_a_used_key_is_told(seeded_file):
    path, _ = seeded_file
    app = EventDeskApp(path, "alice", keymap={"annotate.label_1": "x"})  # x removes spans
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        told = [str(n.message) for n in app._notifications]
        assert "keymap: x for annotate.label_1 replaces annotate.remove_span (annotate)" in told
