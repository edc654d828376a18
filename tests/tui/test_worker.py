"""The writer thread and the workstation's start: in order, answered, seeded."""

from __future__ import annotations

import io

import pytest

from store.annotate import actions as act
from store.cli.main import Context
from store.db.connection import open_db
from store.records.documents import list_documents
from tests.support.workstation import settle
from tui.app import EventDeskApp, _ensure_seeded
from tui.screens.library import LibraryScreen

pytestmark = pytest.mark.pilot


def test_new_database_gets_the_seeds_before_the_app_opens(tmp_path):
    ctx = Context(db_path=tmp_path / "new.db", login="alice", out=io.StringIO(), err=io.StringIO())
    _ensure_seeded(ctx)
    _ensure_seeded(ctx)  # idempotent
    titles = [d["title"] for d in list_documents(open_db(ctx.db_path))]
    assert len(titles) == 5 and any("Idlib" in (t or "") for t in titles)


async def test_unopenable_database_answers_every_action_with_the_reason(tmp_path):
    db_path = tmp_path / "t.db"
    open_db(db_path).close()
    app = EventDeskApp(db_path, "alice", keymap={})
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        # A second writer on a path that is a directory cannot open its connection.
        from tui.worker import StoreWriter

        broken = StoreWriter(tmp_path, "alice", fallback=app)
        broken.start()
        broken.submit(act.CreateEvent(document_id="x"), app.screen)
        for _ in range(200):
            if broken.pending == 0:
                break
            await pilot.pause(0.01)
        await pilot.pause()
        broken.stop()
        assert any("cannot open the database" in str(n.message) for n in app._notifications)


class _Inbox:
    """Stands in for the screen that asked: collects what the writer posts."""

    def __init__(self):
        self.messages = []

    def post_message(self, message) -> bool:
        self.messages.append(message)
        return True


def test_a_write_refused_by_file_permissions_is_told_as_the_plain_line(tmp_path, monkeypatch):
    """If the database turns read-only for this account mid-session, the failure names
    the file and the fix rather than SQLite's words."""
    import sqlite3

    from store.db import sharing
    from tui.messages import ActionFailed
    from tui.worker import StoreWriter

    db_path = tmp_path / "t.db"
    open_db(db_path).close()
    monkeypatch.setattr(sharing.os, "access", lambda path, mode: str(path) != str(db_path))
    writer = StoreWriter(db_path, "alice")

    def readonly(action):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    writer.before_apply = readonly
    inbox = _Inbox()
    writer.start()
    writer.submit(act.CreateEvent(document_id="x"), inbox)
    writer.stop()
    assert writer.pending == 0 and len(inbox.messages) == 1
    failed = inbox.messages[0]
    assert isinstance(failed, ActionFailed)
    assert failed.error.startswith(f"cannot write {db_path} (")
    assert "chmod g+rw" in failed.error
