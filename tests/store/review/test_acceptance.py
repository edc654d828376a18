"""The issue's acceptance run, through the app: two accounts share one database.

alice (annotator) codes and submits an event in the workstation; bob (editor)
approves it in the review queue; each is refused approving their own work; then
the approved event is edited behind the app's back and `eventdesk verify` says so.
"""

from __future__ import annotations

import io
import sqlite3

import pytest
from textual.widgets import Input

from store.cli import main as cli
from store.db.connection import open_db
from store.records import events, people
from store.review import workflow as review
from tests.support.workstation import seeded_db, settle
from tui.app import EventDeskApp
from tui.screens.annotate import AnnotateScreen
from tui.screens.review import ReviewScreen

pytestmark = pytest.mark.pilot


def notes(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_two_accounts_code_approve_and_verify(tmp_path):
    path = tmp_path / "shared.db"
    ids = seeded_db(path)  # alice created the database: she is its admin ...
    db = open_db(path)
    people.ensure_user(db, "bob")
    people.grant(db, "alice", "bob", "editor")
    people.grant(db, "alice", "carol", "admin")
    people.revoke(db, "carol", "alice", "admin")  # ... and steps down to coding (an editor)
    people.revoke(db, "carol", "alice", "editor")  # then to annotator
    assert people.get_role(db, "alice") == "annotator"
    db.close()

    # alice codes an event in the workstation and submits it.
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AnnotateScreen)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("t")
        await pilot.pause()
        await pilot.press(*"air strike", "enter")
        await settle(pilot)
        await pilot.press("slash", *"Idlib", "enter")
        await pilot.pause()
        await pilot.press("3")
        await settle(pilot)
        screen.query_one("#f-date", Input).focus()
        await pilot.press(*"2022-02-03", "enter")
        await settle(pilot)
        await pilot.press("escape")
        await pilot.press("s")
        await settle(pilot)
        # She cannot approve it herself in the review queue.
        await pilot.press("R")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen) and app.screen.detail is not None
        await pilot.press("a")
        await settle(pilot)
        assert notes(app)[-1] == ("alice is an annotator; to approve events needs the editor "
                                  "role or higher")

    db = open_db(path)
    (event,) = events.list_events(db, ids[0])
    assert (event["status"], event["created_by"]) == ("submitted", "alice")
    # bob's own event, submitted for someone else to approve.
    own = events.create_event(db, ids[1], "bob", event_type="Battles", date="2022-02-03",
                              location="Idlib")
    review.submit(db, own["id"], "bob")
    db.close()

    # bob approves alice's event in the queue and is refused his own.
    app = EventDeskApp(path, "bob", keymap={}, start_screen="review")
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        queue = app.screen
        assert isinstance(queue, ReviewScreen)
        assert [r["id"] for r in queue.shown] == [event["id"], own["id"]]
        await pilot.press("a")
        await settle(pilot)
        assert notes(app)[-1] == "event approved"
        assert [r["id"] for r in queue.shown] == [own["id"]]
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert notes(app)[-1] == "bob created this event; another editor must approve it"

    db = open_db(path)
    assert events.get_event(db, event["id"])["status"] == "approved"
    assert events.get_event(db, own["id"])["status"] == "submitted"
    db.close()

    # Someone edits the approved event with the sqlite3 shell.
    raw = sqlite3.connect(str(path))
    raw.execute("UPDATE events SET location = 'Sarmada' WHERE id = ?", [event["id"]])
    raw.commit()
    raw.close()
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["--db", str(path), "verify"], login="bob", out=out, err=err)
    assert code == 1
    lines = out.getvalue().splitlines()
    assert f"replay: event {event['id']}: location is 'Sarmada', the history says 'Idlib'" in lines
    assert any(line.startswith(f"approved: event {event['id']}: its approved state changed")
               for line in lines)
