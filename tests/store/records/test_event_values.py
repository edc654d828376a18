"""What an event's typed values may be: an ACLED type to be submitted, ISO resolved dates.

Found in QA: typing "Xyz" into the form's type field made the event "ready to
submit", and "yesterday" in "date from" was stored and exported as UCDP's
date_start.  Model tests (no app) plus one Pilot test of what the form shows.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from store.db.connection import open_db
from store.errors import StoreError
from store.records import documents, events
from store.records.events import list_events
from store.records.spans import list_spans
from store.review import workflow as review
from tests.support.workstation import seeded_db, settle
from tui.app import EventDeskApp

pytestmark = pytest.mark.pilot

TEXT = "Airstrike on Atme kills 13, local sources said on Thursday."


@pytest.fixture
def doc(fresh_db):
    return documents.add_document(fresh_db, text=TEXT, bytes_sha256="00", encoding="utf-8",
                                  actor="alice", title="Atme").id


def complete(db, doc, **fields):
    return events.create_event(db, doc, "alice", date="on Thursday", location="Atme", **fields)


def test_a_typed_type_outside_the_taxonomy_blocks_submission(fresh_db, doc):
    event = complete(fresh_db, doc, event_type="Xyz")
    assert events.missing_for_submission(event) == [
        "event type 'Xyz' is not an ACLED type (t picks one)"]
    with pytest.raises(StoreError, match="not an ACLED type"):
        review.submit(fresh_db, event["id"], "alice")
    assert events.get_event(fresh_db, event["id"])["status"] == "draft"


def test_a_sub_type_of_another_type_blocks_submission(fresh_db, doc):
    event = complete(fresh_db, doc, event_type="Battles", sub_event_type="Air/drone strike")
    assert events.missing_for_submission(event) == [
        "sub-type 'Air/drone strike' is not a sub-type of Battles (t picks one)"]


def test_taxonomy_types_with_or_without_sub_type_may_be_submitted(fresh_db, doc):
    assert events.missing_for_submission(complete(fresh_db, doc, event_type="Battles")) == []
    picked = complete(fresh_db, doc, event_type="Explosions/Remote violence",
                      sub_event_type="Air/drone strike")
    assert events.missing_for_submission(picked) == []
    assert review.submit(fresh_db, picked["id"], "alice")["status"] == "submitted"


@pytest.mark.parametrize("typed", ["yesterday", "2019-13-01", "20191103", "3/11/2019", "2019-11"])
def test_resolved_dates_must_be_iso_and_a_refusal_stores_nothing(fresh_db, doc, typed):
    event = complete(fresh_db, doc)
    with pytest.raises(StoreError, match="date_start must be a date as YYYY-MM-DD"):
        events.update_event(fresh_db, event["id"], 1, {"date_start": typed}, "alice")
    after = events.get_event(fresh_db, event["id"])
    assert (after["date_start"], after["version"]) == (None, 1)


def test_resolved_dates_are_stored_trimmed_and_cleared_by_empty(fresh_db, doc):
    event = complete(fresh_db, doc)
    event = events.update_event(fresh_db, event["id"], 1,
                                {"date_start": " 2019-11-03 ", "date_end": "2019-11-04"}, "alice")
    assert (event["date_start"], event["date_end"]) == ("2019-11-03", "2019-11-04")
    event = events.update_event(fresh_db, event["id"], event["version"], {"date_end": ""}, "alice")
    assert event["date_end"] is None
    # The quoted words keep any text: they are what the article says.
    event = events.update_event(fresh_db, event["id"], event["version"], {"date": "on Thursday"}, "alice")
    assert event["date"] == "on Thursday"


async def test_form_shows_a_typed_type_as_a_blocker_and_s_does_not_submit(tmp_path):
    path = tmp_path / "t.db"
    seeded_db(path)
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = pilot.app.screen
        await pilot.press("e")
        await settle(pilot)
        for field, value in (("date", "Thursday"), ("location", "Atme")):
            screen.query_one(f"#f-{field}", Input).focus()
            await pilot.press(*value, "enter")
            await settle(pilot)
        await pilot.press("escape")
        # The form's type field is a picker now; a type from elsewhere (an import, a script)
        # can still be off the taxonomy, and the form says so.
        db = open_db(path)
        (event,) = list_events(db)
        events.update_event(db, event["id"], event["version"], {"event_type": "Xyz"}, "alice")
        db.close()
        await pilot.press("L", "enter")
        await settle(pilot)
        blockers = screen.query_one("#form-blockers").render().plain
        assert "event type 'Xyz' is not an ACLED type" in blockers
        await pilot.press("s")
        await settle(pilot)
    (event,) = list_events(open_db(path))
    assert (event["event_type"], event["status"]) == ("Xyz", "draft")


async def test_slash_typed_in_a_form_field_is_a_character_not_find(tmp_path):
    """Found in QA: "/" in a form field jumped to the find box and took the rest of the words."""
    path = tmp_path / "t.db"
    seeded_db(path)
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = pilot.app.screen
        await pilot.press("e")
        await settle(pilot)
        box = screen.query_one("#f-notes", Input)
        await pilot.press("ctrl+g", *"notes", "enter")  # folded until asked for
        await settle(pilot)
        await pilot.press(*"3/11 then t", "enter")
        await settle(pilot)
        assert app.focused is box and box.value == "3/11 then t"
        assert screen.query_one("#find", Input).value == ""
    (event,) = list_events(open_db(path))
    assert event["notes"] == "3/11 then t"


async def test_enter_after_n_selects_that_match_so_a_number_labels_it(tmp_path):
    """Found in QA: after n the cursor sat on the next match but nothing could select it."""
    path = tmp_path / "t.db"
    ids = seeded_db(path)
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = pilot.app.screen
        text = screen.view.text
        await pilot.press("e")  # the event the label fills
        await settle(pilot)
        await pilot.press("slash", *"Idlib", "enter")
        await pilot.pause()
        first = text.index("Idlib")
        assert screen.view.selection == (first, first + 5)
        await pilot.press("n")
        second = text.index("Idlib", first + 1)
        assert screen.view.cursor == second and screen.view.selection is None
        await pilot.press("enter", "3")
        await settle(pilot)
        await pilot.press("l", "enter")  # off the match, Enter does nothing
        assert screen.view.selection is None
    quotes = [(s["start"], s["quote"], s["label"]) for s in list_spans(open_db(path), ids[0])]
    assert quotes == [(second, "Idlib", "Location")]


async def test_form_says_submitted_and_drops_the_other_events_error(tmp_path):
    """Found in QA: after `s` the form still said "ready to submit (s)", and after E the
    other event's "cannot submit yet: no location" error stayed under this one."""
    path = tmp_path / "t.db"
    ids = seeded_db(path)
    db = open_db(path)
    ready = events.create_event(db, ids[0], "alice", event_type="Battles", date="Thursday",
                                location="Atme")
    db.close()
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = pilot.app.screen
        await pilot.press("e")  # a second, empty event: the active one
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert "no location" in screen.query_one("#form-error").render().plain
        await pilot.press("E")  # back to the complete one
        await settle(pilot)
        assert screen.event_id == ready["id"]
        assert screen.query_one("#form-error").render().plain.strip() == ""
        await pilot.press("s")
        await settle(pilot)
        assert screen.query_one("#form-blockers").render().plain == "submitted: waiting for an editor's review"
    assert events.get_event(open_db(path), ready["id"])["status"] == "submitted"


async def test_someone_elses_draft_is_not_made_active_on_opening(tmp_path):
    """Found in QA: opening a document made bob's draft the active event, so alice's
    labels silently filled bob's event."""
    path = tmp_path / "t.db"
    ids = seeded_db(path)
    db = open_db(path)
    from store.records import people
    people.ensure_user(db, "bob")
    his = events.create_event(db, ids[0], "bob", location="Atme")
    db.close()
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert screen.event_id is None
        await pilot.press("slash", *"Idlib", "enter", "3")
        await settle(pilot)
        await pilot.press("E")  # still reachable on purpose
        assert screen.event_id == his["id"]
    assert events.get_event(open_db(path), his["id"])["location"] == "Atme"
