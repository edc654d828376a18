"""Pilot tests of the review queue with two injected users: alice annotates, bob edits."""

import asyncio

import pytest

from store.db.connection import open_db
from store.records import documents, events, people, spans
from store.review import queue
from store.review import workflow as review
from tui.app import EventDeskApp
from tui.screens.reason import ReasonScreen
from tui.screens.review import AgreementScreen, ReviewScreen
from tui.widgets.status_bar import StatusBar

pytestmark = pytest.mark.pilot

TEXT = "Airstrike on Atme kills 13, local sources said on Thursday.\x1b[31m"


@pytest.fixture
def world(db_path):
    """'lead' made the database; alice (annotator) submitted one event; bob (editor) one of his own."""
    db = open_db(db_path)
    people.ensure_user(db, "lead")
    for login in ("alice", "bob"):
        people.ensure_user(db, login)
    people.grant(db, "lead", "bob", "editor")
    doc = documents.add_document(db, text=TEXT, bytes_sha256="0", encoding="utf-8",
                                 actor="lead", title="Atme \x1b]8;;http://x\x07strike").id
    place = spans.add_span(db, doc, 13, 17, "Location", "alice")
    mine = events.create_event(db, doc, "alice", event_type="Explosions/Remote violence",
                               date="2022-02-03")
    mine = events.set_field_from_span(db, mine["id"], mine["version"], "location", place["id"], "alice")
    review.submit(db, mine["id"], "alice")
    his = events.create_event(db, doc, "bob", event_type="Battles", date="2022-02-03", location="Atme")
    review.submit(db, his["id"], "bob")
    db.close()
    return {"doc": doc, "alice_event": mine["id"], "bob_event": his["id"]}


def status_of(db_path, event_id):
    db = open_db(db_path)
    try:
        return events.get_event(db, event_id)["status"]
    finally:
        db.close()


async def settle(pilot, until, tries=200):
    """Let workers and the writer thread finish until `until()` holds (no timing asserted)."""
    for _ in range(tries):
        await pilot.pause()
        if until():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the screen never reached the expected state")


async def open_queue(pilot):
    await pilot.press("R")
    await settle(pilot, lambda: isinstance(pilot.app.screen, ReviewScreen)
                 and pilot.app.screen.detail is not None)
    return pilot.app.screen


def notes(app):
    return [str(n.message) for n in app._notifications]


def screen_lines(screen):
    return "\n".join(str(s.render()) for s in screen.query("Static"))


async def test_bob_sees_the_queue_oldest_first_with_evidence_in_context(db_path, world):
    app = EventDeskApp(db_path, "bob")
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_queue(pilot)
        assert [r["id"] for r in screen.shown] == [world["alice_event"], world["bob_event"]]
        assert screen.detail["event"]["id"] == world["alice_event"]
        evidence = str(screen.query_one("#detail-evidence").render())
        assert "Airstrike on Atme kills 13" in evidence
        # The document's raw ESC never reaches the screen; it is shown as a symbol.
        assert "\x1b" not in screen_lines(screen) and "\u241b" in screen_lines(screen)
        assert "you may approve" in str(screen.query_one("#detail-problem").render())
        await pilot.press("j")
        await settle(pilot, lambda: screen.detail["event"]["id"] == world["bob_event"])
        assert "bob created this event" in str(screen.query_one("#detail-problem").render())


async def test_bob_approves_alices_event(db_path, world):
    app = EventDeskApp(db_path, "bob")
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_queue(pilot)
        await pilot.press("a")
        await settle(pilot, lambda: status_of(db_path, world["alice_event"]) == "approved"
                     and len(screen.rows) == 1)
        assert [r["id"] for r in screen.shown] == [world["bob_event"]]
        assert "event approved" in notes(app)
        # the status line still says so once the queue has reloaded under it
        assert "event approved · 1 of 1 events waiting" in screen.query_one(StatusBar).message


async def test_bob_is_refused_for_his_own_event(db_path, world):
    app = EventDeskApp(db_path, "bob")
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_queue(pilot)
        await pilot.press("j")
        await settle(pilot, lambda: screen.detail["event"]["id"] == world["bob_event"])
        await pilot.press("a")
        await settle(pilot, lambda: any("another editor" in n for n in notes(app)))
        assert "bob created this event; another editor must approve it" in notes(app)
        assert status_of(db_path, world["bob_event"]) == "submitted"


async def test_alice_is_refused_approving_her_own(db_path, world):
    app = EventDeskApp(db_path, "alice")
    async with app.run_test(size=(160, 50)) as pilot:
        await open_queue(pilot)
        await pilot.press("a")
        await settle(pilot, lambda: notes(app))
        assert notes(app) == ["alice is an annotator; to approve events needs the editor role or higher"]
        assert status_of(db_path, world["alice_event"]) == "submitted"


async def test_reject_asks_for_a_reason_and_records_it(db_path, world):
    app = EventDeskApp(db_path, "bob")
    async with app.run_test(size=(160, 50)) as pilot:
        await open_queue(pilot)
        await pilot.press("x")
        await settle(pilot, lambda: isinstance(app.screen, ReasonScreen))
        await pilot.press("enter")  # empty: refused in the modal, nothing sent
        assert isinstance(app.screen, ReasonScreen)
        for ch in "duplicate":
            await pilot.press(ch)
        await pilot.press("enter")
        await settle(pilot, lambda: status_of(db_path, world["alice_event"]) == "rejected")
    db = open_db(db_path)
    assert queue.review_comment(db, world["alice_event"])["reason"] == "duplicate"


async def test_send_back_with_a_comment_the_annotator_sees(db_path, world):
    app = EventDeskApp(db_path, "bob")
    async with app.run_test(size=(160, 50)) as pilot:
        await open_queue(pilot)
        await pilot.press("b")
        await settle(pilot, lambda: isinstance(app.screen, ReasonScreen))
        for ch in "which Atme?":
            await pilot.press(ch if ch != " " else "space")
        await pilot.press("enter")
        await settle(pilot, lambda: status_of(db_path, world["alice_event"]) == "needs_revision")
    db = open_db(db_path)
    assert queue.open_comments(db, login="alice")[world["alice_event"]]["reason"] == "which Atme?"


async def test_a_correction_is_bobs_and_bars_him_from_approving(db_path, world):
    app = EventDeskApp(db_path, "bob")
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_queue(pilot)
        await pilot.press("c")
        await settle(pilot, lambda: app.screen.__class__.__name__ == "CorrectFieldScreen")
        app.screen.query_one("#field").value = "fatalities_best"
        await pilot.pause()
        app.screen.query_one("#value").value = "13"
        app.screen.query_one("#value").focus()
        await pilot.press("enter")
        await settle(pilot, lambda: screen.detail is not None
                     and screen.detail["event"].get("fatalities_best") == 13)
        assert screen.detail["event"]["updated_by"] == "bob"
        assert "bob changed this event after it was submitted" in str(
            screen.query_one("#detail-problem").render())
        await pilot.press("a")
        await settle(pilot, lambda: any("after it was submitted" in n for n in notes(app)))
        assert status_of(db_path, world["alice_event"]) == "submitted"


async def test_filter_and_agreement_panel(db_path, world):
    app = EventDeskApp(db_path, "bob")
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_queue(pilot)
        await pilot.press("slash")
        for ch in "@alice":
            await pilot.press(ch)
        await settle(pilot, lambda: len(screen.shown) == 1)
        assert screen.shown[0]["id"] == world["alice_event"]
        await pilot.press("escape")
        await pilot.press("A")
        await settle(pilot, lambda: isinstance(app.screen, AgreementScreen)
                     and "computing" not in str(app.screen.query_one("#agreement-report").render()))
        report = str(app.screen.query_one("#agreement-report").render())
        assert "alice vs bob" in report and "event_type" in report


async def test_enter_jumps_to_the_evidence_in_the_document(db_path, world):
    from tui.screens.annotate import AnnotateScreen

    app = EventDeskApp(db_path, "bob")
    async with app.run_test(size=(160, 50)) as pilot:
        await open_queue(pilot)
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, AnnotateScreen)
                     and app.screen.document is not None)
        assert app.screen.view.selection == (13, 17)


async def test_eventdesk_review_opens_the_app_on_the_queue(db_path, world):
    app = EventDeskApp(db_path, "bob", start_screen="review")
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen.rows)


async def test_alice_sees_the_comment_in_her_library_and_on_the_event(db_path, world):
    from textual.widgets import DataTable

    from tui.screens.annotate import AnnotateScreen
    from tui.screens.library import LibraryScreen

    db = open_db(db_path)
    review.return_for_revision(db, world["alice_event"], "bob", "which Atme?")
    db.close()
    app = EventDeskApp(db_path, "alice")
    async with app.run_test(size=(200, 40)) as pilot:
        await settle(pilot, lambda: isinstance(app.screen, LibraryScreen) and app.screen.rows)
        table = app.screen.query_one("#documents", DataTable)
        assert "\u2691 bob: which Atme?" in table.get_row_at(0)[-1].plain
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, AnnotateScreen)
                     and app.screen.event_id == world["alice_event"])
        blockers = str(app.screen.query_one("#form-blockers").render())
        assert "sent back by bob: \u201cwhich Atme?\u201d" in blockers


async def test_a_refused_save_on_the_annotate_screen_is_told_once(db_path, world):
    from textual.widgets import Input

    from tui.screens.annotate import AnnotateScreen

    db = open_db(db_path)
    draft = events.create_event(db, world["doc"], "alice")
    db.close()
    app = EventDeskApp(db_path, "alice")
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot, lambda: app.screen.__class__.__name__ == "LibraryScreen" and app.screen.rows)
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, AnnotateScreen)
                     and app.screen.event_id == draft["id"])
        app.screen.query_one("#f-fatalities_best", Input).focus()
        await pilot.press("x", "enter")
        await settle(pilot, lambda: notes(app))
        await pilot.pause()
        assert notes(app) == ["fatalities_best must be a whole number, not 'x'"]


@pytest.mark.parametrize("columns, must_show", [(80, {"Type", "Location"}),
                                                (140, {"Type", "Location", "Date", "By"})])
async def test_the_queue_shows_the_columns_that_fit_most_telling_first(db_path, world, columns, must_show):
    app = EventDeskApp(db_path, "bob")
    async with app.run_test(size=(columns, 40)) as pilot:
        screen = await open_queue(pilot)
        await pilot.pause()
        table = screen.table
        shown = {str(c.label) for c in table.columns.values()}
        assert must_show <= shown, (table.size.width, shown)
        assert sum(c.width + 2 for c in table.columns.values()) <= max(table.size.width, 24)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert rows and all(len(r) == len(table.columns) for r in rows)
