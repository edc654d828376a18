"""The review queue stays true: `r` reads it again, a save from another screen and another
session's change show without leaving it; reject moved to `x` to free `r`."""

from __future__ import annotations

import pytest

from store.annotate import actions as act
from store.db.connection import open_db
from store.records import events
from store.review import workflow as review
from tests.tui.screens.test_review import open_queue, settle, world  # noqa: F401 - the fixture
from tui.app import EventDeskApp
from tui.screens import review_refresh

pytestmark = pytest.mark.pilot


def _submit_another(db_path, doc_id) -> str:
    """Alice submits a second event from outside this app (another session, the CLI)."""
    db = open_db(db_path)
    try:
        made = events.create_event(db, doc_id, "alice", event_type="Battles", date="2022-02-04",
                                   location="Atme")
        review.submit(db, made["id"], "alice")
        return made["id"]
    finally:
        db.close()


def queued(screen) -> list[str]:
    return [row["id"] for row in screen.shown]


async def test_r_reads_the_queue_again(db_path, world, monkeypatch):  # noqa: F811
    monkeypatch.setattr(review_refresh, "POLL_SECONDS", 3600)  # only `r` here
    app = EventDeskApp(db_path, "bob")
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_queue(pilot)
        assert len(queued(screen)) == 2
        new = _submit_another(db_path, world["doc"])
        await pilot.pause()
        assert new not in queued(screen)
        await pilot.press("r")
        await settle(pilot, lambda: new in queued(screen))
        assert "3 of 3 events waiting for review" in screen.query_one("#status").render().plain


async def test_another_sessions_change_shows_without_a_key(db_path, world, monkeypatch):  # noqa: F811
    monkeypatch.setattr(review_refresh, "POLL_SECONDS", 0.2)
    app = EventDeskApp(db_path, "bob")
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_queue(pilot)
        new = _submit_another(db_path, world["doc"])
        await settle(pilot, lambda: new in queued(screen))


async def test_a_save_sent_by_another_screen_refreshes_the_queue(db_path, world, monkeypatch):  # noqa: F811
    monkeypatch.setattr(review_refresh, "POLL_SECONDS", 3600)
    app = EventDeskApp(db_path, "bob")
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_queue(pilot)
        library = app.screen_stack[-2]
        # An approval whose answer goes to the screen below (as an `s` typed just before
        # `R` does): the queue still drops the event.
        event = events.get_event(open_db(db_path), world["alice_event"])
        app.writer.submit(act.Review(world["doc"], event["id"], "approve", None, event["version"]),
                          library)
        await settle(pilot, lambda: world["alice_event"] not in queued(screen))
        assert queued(screen) == [world["bob_event"]]
