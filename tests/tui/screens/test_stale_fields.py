"""The form marks a revised article's fields whose evidence was lost, until the coder changes them."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from store.db.connection import open_db
from store.records import people
from store.records.documents import add_document, sha256_text
from store.revisions.revise import revise_document
from tests.support.workstation import settle
from tui.app import EventDeskApp
from tui.screens.annotate import AnnotateScreen

pytestmark = pytest.mark.pilot

OLD = "Raid in Atme\nAt least 13 people were killed in Atme on Wednesday night.\n"
NEW = "Raid in Atmeh\nAt least 13 people were killed overnight.\n"


def _revised(path):
    from store.annotate import actions as act
    from store.annotate.gateway import Session

    db = open_db(path)
    people.ensure_user(db, "alice")
    old = add_document(db, text=OLD, bytes_sha256=sha256_text(OLD), encoding="utf-8", actor="alice",
                       title="old").id
    s = Session(db, "alice")
    event = s.perform(act.CreateEvent(old)).result["event"]
    start = OLD.index("Wednesday night")
    s.perform(act.LabelSpan(old, start, start + len("Wednesday night"), "Date", event["id"], None))
    new = add_document(db, text=NEW, bytes_sha256=sha256_text(NEW), encoding="utf-8", actor="alice",
                       title="new").id
    revise_document(db, old, new, "alice")
    db.close()
    return new


async def test_a_field_whose_evidence_was_lost_shows_a_mark_and_says_why(tmp_path):
    path = tmp_path / "t.db"
    new = _revised(path)
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        app.push_screen(AnnotateScreen([new]))
        await settle(pilot)
        screen = app.screen
        mark = screen.query_one("#ev-date", Static)
        assert str(mark.render()).strip() == "!"
        assert "Wednesday night" in str(mark.tooltip)
        assert "stale" in str(screen.query_one("#form-blockers", Static).render())
