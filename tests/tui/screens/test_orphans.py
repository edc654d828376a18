"""Spans a revised article lost are listed in the app and placed again by a person (O)."""

from __future__ import annotations

import io

import pytest

from store.cli.main import main
from store.db.connection import open_db
from store.records import people, spans
from store.records.documents import add_document, sha256_text
from store.revisions.revise import orphaned_spans, revise_document, revision_fields
from tests.support.workstation import find, settle, stored
from tui.app import EventDeskApp
from tui.screens.annotate import AnnotateScreen
from tui.screens.orphans import OrphansScreen

pytestmark = pytest.mark.pilot

OLD = "Shelling hit Khusham on Wednesday night. Thirteen were killed.\n"
NEW = "Shelling hit the village of Khusha late on Wednesday. Fourteen were killed.\n"


def revised_db(path) -> tuple[str, str]:
    db = open_db(path)
    people.ensure_user(db, "alice")
    old = add_document(db, text=OLD, bytes_sha256=sha256_text(OLD), encoding="utf-8", actor="alice",
                       title="Khusham").id
    start = OLD.index("Thirteen")
    spans.add_span(db, old, start, start + len("Thirteen"), "Killed", "alice")
    new = add_document(db, text=NEW, bytes_sha256=sha256_text(NEW), encoding="utf-8", actor="alice",
                       title="Khusham (revised)", **revision_fields(db, old)).id
    revise_document(db, old, new, "alice")
    assert [s["quote"] for s in orphaned_spans(db, new)] == ["Thirteen"]
    db.close()
    return old, new


async def open_second(pilot) -> AnnotateScreen:
    await settle(pilot)
    await pilot.press("j", "enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, AnnotateScreen)
    return pilot.app.screen


async def test_select_words_then_O_places_the_lost_span_and_u_loses_it_again(tmp_path):
    path = tmp_path / "desk.db"
    _, new = revised_db(path)
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_second(pilot)
        assert screen.document["id"] == new
        await find(pilot, "Fourteen")
        await pilot.press("O")
        await pilot.pause()
        assert isinstance(app.screen, OrphansScreen)
        assert any("Killed" in line and "Thirteen" in line
                   for line in (app.screen.query_one("#orphan-options").render_line(y).text
                                for y in range(3)))
        await pilot.press("enter")
        await settle(pilot)
        (span,) = spans.list_spans(stored(path), new)
        start = NEW.index("Fourteen")
        assert (span["start"], span["end"], span["quote"]) == (start, start + 8, "Fourteen")
        assert (span["anchor"], span["original_quote"]) == ("fuzzy", "Thirteen")
        assert "lost span placed" in screen.query_one("#status").render().plain
        assert orphaned_spans(stored(path), new) == []
        await pilot.press("escape", "u")
        await settle(pilot)
        assert [s["quote"] for s in orphaned_spans(stored(path), new)] == ["Thirteen"]
    out, err = io.StringIO(), io.StringIO()
    assert main(["--db", str(path), "verify"], login="alice", out=out, err=err) == 0, out.getvalue()


async def test_O_without_a_selection_lists_but_places_nothing(tmp_path):
    path = tmp_path / "desk.db"
    _, new = revised_db(path)
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 40)) as pilot:
        await open_second(pilot)
        await pilot.press("O")
        await pilot.pause()
        assert isinstance(app.screen, OrphansScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, OrphansScreen)
    assert [s["quote"] for s in orphaned_spans(stored(path), new)] == ["Thirteen"]
