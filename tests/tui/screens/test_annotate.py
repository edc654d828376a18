"""Pilot tests of coding an event on a seed article: select, label, fill the form, undo, submit."""

from __future__ import annotations

import threading

import pytest
from textual.widgets import Input

from store.records.events import evidence_for, get_event, list_events
from store.records.spans import list_spans
from tests.support.workstation import find, open_first, settle, stored, view_lines
from tui.app import EventDeskApp
from tui.widgets.document_view import DocumentView
from tui.widgets.status_bar import StatusBar

pytestmark = pytest.mark.pilot


def field_drawn(screen, field: str) -> str:
    return screen.query_one(f"#f-{field}", Input).render_line(0).text.strip()


async def test_label_place_fills_active_event_with_value_and_evidence(seeded_file):
    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("e")
        await settle(pilot)
        await find(pilot, "Idlib")
        assert screen.view.selection is not None
        start, end = screen.view.selection
        await pilot.press("3")
        await settle(pilot)
        assert field_drawn(screen, "location") == "Idlib"
        assert "saved: Location" in screen.query_one("#status").render().plain
        assert any("Idlib" in line for line in view_lines(screen.view))

    db = stored(path)
    text = db.execute("SELECT text FROM documents WHERE id = ?", [ids[0]]).fetchone()[0]
    spans = list_spans(db, ids[0])
    assert [(s["start"], s["end"], s["label"], s["author"]) for s in spans] == [
        (start, end, "Location", "alice")]
    assert text[start:end] == "Idlib" == spans[0]["quote"]
    (event,) = list_events(db, ids[0])
    assert event["location"] == "Idlib" and event["updated_by"] == "alice"
    assert evidence_for(db, event["id"]) == {"location": [spans[0]["id"]]}


async def test_a_field_label_with_no_event_stores_nothing_says_so_and_e_starts_one(seeded_file):
    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        await find(pilot, "helicopter-borne")
        selected = screen.view.selection
        await pilot.press("1")
        await settle(pilot)
        status = screen.query_one(StatusBar).render().plain
        assert "no event to fill trigger: e starts one" in status
        assert screen.view.selection == selected  # kept for the one key that follows
        db = stored(path)
        assert list_spans(db, ids[0]) == [] and list_events(db, ids[0]) == []
        db.close()
        await pilot.press("e")
        await settle(pilot)
    db = stored(path)
    (span,) = list_spans(db, ids[0])
    (event,) = list_events(db, ids[0])
    assert span["quote"] == "helicopter-borne" and span["label"] == "Trigger"
    assert event["trigger"] == "helicopter-borne"
    assert evidence_for(db, event["id"]) == {"trigger": [span["id"]]}


async def test_a_label_onto_someone_elses_submitted_event_stores_nothing_and_e_starts_ones_own(seeded_file):
    from store.records import events as events_mod
    from store.review import workflow

    path, ids = seeded_file
    db = stored(path)
    from store.records import people
    people.ensure_user(db, "bob")
    theirs = events_mod.create_event(db, ids[0], "bob", event_type="Battles", date="2022-02-03",
                                     location="Atme")
    workflow.submit(db, theirs["id"], "bob")
    db.close()
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("E")  # show bob's submitted event
        await settle(pilot)
        assert screen.event is not None and screen.event["created_by"] == "bob"
        await find(pilot, "helicopter-borne")
        await pilot.press("1")
        await settle(pilot)
        assert "e starts one and labels the selection" in screen.query_one(StatusBar).message
        assert list_spans(stored(path), ids[0]) == []  # no span linked to nothing
        assert screen.view.selection is not None  # kept for the one key that follows
        await pilot.press("e")
        await settle(pilot)
        assert screen.view.selection is None
    db = stored(path)
    (mine,) = [e for e in list_events(db, ids[0]) if e["created_by"] == "alice"]
    assert mine["trigger"] == "helicopter-borne"
    (span,) = list_spans(db, ids[0])
    assert evidence_for(db, mine["id"])["trigger"] == [span["id"]]


async def test_a_label_with_nothing_selected_takes_the_word_under_the_cursor(seeded_file):
    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("1")  # Trigger: no rule of its own, the word
        await settle(pilot)
        start, end = screen.view.selection  # shown selected, kept for `e`
        assert screen.view.text[start:end] == "date"
        assert "e starts one" in screen.query_one("#status").render().plain
        assert list_spans(stored(path), ids[0]) == []  # no event: nothing stored yet
        await pilot.press("e")
        await settle(pilot)
    (span,) = list_spans(stored(path), ids[0])
    assert (span["label"], span["quote"]) == ("Trigger", "date")


async def test_type_picker_form_typing_and_submit(seeded_file):
    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("e")
        await settle(pilot)
        # Submitting now is refused in the form, not raised.
        await pilot.press("s")
        await settle(pilot)
        blockers = screen.query_one("#form-blockers").render().plain
        assert "no event type" in blockers and "no date" in blockers and "no location" in blockers
        assert "cannot submit yet" in screen.query_one("#form-error").render().plain

        await pilot.press("t")
        await pilot.pause()
        await pilot.press(*"air strike", "enter")
        await settle(pilot)
        assert field_drawn(screen, "event_type") == "Explosions/Remote violence"
        assert field_drawn(screen, "sub_event_type") == "Air/drone strike"

        await find(pilot, "Idlib")
        await pilot.press("3")
        await settle(pilot)
        # Tab into the form, then type the date (field 4) and a fatality figure.
        screen.query_one("#f-date", Input).focus()
        await pilot.press(*"2022-02-03", "enter")
        await settle(pilot)
        screen.query_one("#f-fatalities_best", Input).focus()
        await pilot.press(*"13", "tab")
        await settle(pilot)
        await pilot.press("escape")
        assert isinstance(app.focused, DocumentView)
        assert "ready to submit" in screen.query_one("#form-blockers").render().plain
        await pilot.press("s")
        await settle(pilot)
        assert "submitted" in screen.query_one("#form-head").render().plain
        # The form no longer offers `s`: the event is with the editors.
        blockers = screen.query_one("#form-blockers").render().plain
        assert "waiting for an editor's review" in blockers and "ready to submit" not in blockers
        assert screen.query_one("#f-location", Input).disabled  # with the editors now
        await find(pilot, "Atme")
        await pilot.press("3")  # the submitted event takes no more labels: nothing stored, e offered
        await settle(pilot)
        assert "e starts one" in screen.query_one(StatusBar).message

    db = stored(path)
    (event,) = list_events(db, ids[0])
    assert (event["event_type"], event["sub_event_type"]) == ("Explosions/Remote violence", "Air/drone strike")
    assert event["date"] == "2022-02-03" and event["fatalities_best"] == 13
    assert event["status"] == "submitted" and event["location"] == "Idlib"
    assert sorted(s["quote"] for s in list_spans(db, ids[0])) == ["Idlib"]
    review = db.execute("SELECT action, to_status, actor FROM reviews WHERE event_id = ?",
                        [event["id"]]).fetchall()
    assert review == [("submit", "submitted", "alice")]


async def test_tab_moves_into_the_form(seeded_file):
    path, _ = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        await open_first(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("tab")
        assert isinstance(app.focused, Input) and app.focused.id == "f-event_type"
        await pilot.press("escape")
        assert isinstance(app.focused, DocumentView)


async def test_bad_number_is_shown_and_nothing_stored(seeded_file):
    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("ctrl+g", *"fatal. low", "enter")  # a folded field, by name
        await settle(pilot)
        assert app.focused is screen.query_one("#f-fatalities_low", Input)
        await pilot.press(*"dozens", "enter")
        await settle(pilot)
        assert "whole number" in screen.query_one("#form-error").render().plain
    (event,) = list_events(stored(path), ids[0])
    assert event["fatalities_low"] is None and event["version"] == 1


async def test_undo_and_redo_every_step(seeded_file):
    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("e")
        await settle(pilot)
        await find(pilot, "Idlib")
        await pilot.press("3")
        await settle(pilot)
        db = stored(path)
        (event,) = list_events(db, ids[0])
        assert event["location"] == "Idlib"

        await pilot.press("u")  # undo the label: span gone, field back to empty
        await settle(pilot)
        assert list_spans(db, ids[0]) == []
        assert get_event(db, event["id"])["location"] is None
        assert field_drawn(screen, "location") == ""

        await pilot.press("ctrl+r")  # redo: same span back, with its evidence link
        await settle(pilot)
        (span,) = list_spans(db, ids[0])
        assert span["quote"] == "Idlib"
        assert get_event(db, event["id"])["location"] == "Idlib"
        assert evidence_for(db, event["id"]) == {"location": [span["id"]]}

        await pilot.press("u", "u")  # and the event itself
        await settle(pilot)
        assert list_events(db, ids[0]) == []
        assert not screen.query_one("#form").display
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert [e["id"] for e in list_events(db, ids[0])] == [event["id"]]
        actions = [r[0] for r in db.execute(
            "SELECT action FROM history WHERE entity = 'event' AND entity_id = ? ORDER BY seq",
            [event["id"]])]
        assert actions[:1] == ["create"] and "delete" in actions and actions[-1] == "restore"


async def test_x_removes_span_under_cursor_and_u_restores_it(seeded_file):
    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("e")
        await find(pilot, "Idlib")
        start, _ = screen.view.selection
        await pilot.press("3")
        await settle(pilot)
        screen.view.move_cursor(start + 2)
        await pilot.pause()
        assert f"at {start + 2} · on Location" in screen.query_one("#status").render().plain
        await pilot.press("x")
        await settle(pilot)
        db = stored(path)
        assert list_spans(db, ids[0]) == []
        status = screen.query_one("#status").render().plain
        assert f"at {start + 2}" in status and "on Location" not in status
        await pilot.press("u")
        await settle(pilot)
        assert [(s["start"], s["quote"]) for s in list_spans(db, ids[0])] == [(start, "Idlib")]
        assert f"at {start + 2} · on Location" in screen.query_one("#status").render().plain


async def test_claim_speaker_and_claim_panel_keys(seeded_file):
    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("e")
        await settle(pilot)
        await find(pilot, "at least 13 people, including six children")
        await pilot.press("9")
        await settle(pilot)
        await find(pilot, "Doha-based Al Jazeera broadcaster")
        await pilot.press("8")
        await settle(pilot)
        panel = screen.query_one("#claims")
        panel.focus()
        # Each from a picker, by part of its name (no cycling from a stale value).
        await pilot.press("o", *"cas", "enter", "p", *"den", "enter", "c", *"cer", "enter")
        await settle(pilot)
        drawn = "\n".join(panel.render_line(y).text for y in range(panel.size.height))
        assert "casualties" in drawn and "denies" in drawn and "Al Jazeera" in drawn

    db = stored(path)
    (claim,) = db.execute("SELECT * FROM claims").fetchall() and list(db.query("SELECT * FROM claims"))
    spans = {s["id"]: s for s in list_spans(db, ids[0])}
    assert spans[claim["content_span_id"]]["quote"] == "at least 13 people, including six children"
    assert spans[claim["content_span_id"]]["label"] == "Claim"
    assert spans[claim["speaker_span_id"]]["quote"] == "Doha-based Al Jazeera broadcaster"
    assert spans[claim["speaker_span_id"]]["label"] == "Speaker"
    assert claim["event_id"] == list_events(db, ids[0])[0]["id"]
    # o "cas": casualties; p "den": denies; c "cer": certain.
    assert (claim["topic"], claim["polarity"], claim["certainty"]) == ("casualties", "denies", "certain")


async def test_delete_claim_in_panel_and_undo(seeded_file):
    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        await find(pilot, "at least 13 people")
        await pilot.press("9")
        await settle(pilot)
        screen.query_one("#claims").focus()
        await pilot.press("d")
        await settle(pilot)
        db = stored(path)
        assert db.execute("SELECT COUNT(*) FROM claims").fetchone()[0] == 0
        assert list_spans(db, ids[0]) == []
        await pilot.press("u")
        await settle(pilot)
        (claim,) = list(db.query("SELECT * FROM claims"))
        (span,) = list_spans(db, ids[0])
        assert claim["content_span_id"] == span["id"] and span["quote"] == "At least 13 people"


async def test_next_and_previous_document(seeded_file):
    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        assert screen.document["id"] == ids[0]
        await find(pilot, "Idlib")
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert screen.document["id"] == ids[1]
        assert "[2/5]" in screen.query_one("#doc-title").render().plain
        assert screen.query_one("#find", Input).value == ""  # the search was on the other text
        assert any("aidrop" in line for line in view_lines(screen.view))
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert screen.document["id"] == ids[0]


async def test_quit_waits_for_queued_saves(seeded_file):
    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        await open_first(pilot)
        await find(pilot, "Idlib")
        await pilot.press("e", "3", "q")
        await pilot.pause()
    assert [s["quote"] for s in list_spans(stored(path), ids[0])] == ["Idlib"]


async def test_labelling_right_after_e_fills_the_new_event(seeded_file):
    """`e` then a label before the new event's id is back: the writer resolves it in order."""
    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        await find(pilot, "Idlib")
        disk_free = threading.Event()  # a busy disk, held until the label has gone out
        app.writer.before_apply = lambda action: disk_free.wait(10)
        await pilot.press("e", "3")
        assert screen.event_pending  # the label went out before the event came back
        disk_free.set()
        await settle(pilot)
        assert not screen.event_pending
        assert field_drawn(screen, "location") == "Idlib"
    db = stored(path)
    (event,) = list_events(db, ids[0])
    (span,) = list_spans(db, ids[0])
    assert event["location"] == "Idlib" and evidence_for(db, event["id"]) == {"location": [span["id"]]}


async def test_undo_reaches_back_into_the_previous_document(seeded_file):
    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        await find(pilot, "Idlib")
        await pilot.press("e", "3")
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert "(in another document)" in screen.query_one("#status").render().plain
        assert screen.document["id"] == ids[1]
    assert list_spans(stored(path), ids[0]) == []


async def test_the_match_selected_hint_goes_when_escape_clears_the_selection(seeded_file):
    path, _ = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        await find(pilot, "Idlib")
        assert screen.query_one(StatusBar).message.startswith("match selected")
        await pilot.press("escape")
        await pilot.pause()
        assert screen.view.selection is None
        assert "match selected" not in screen.query_one(StatusBar).message


async def test_the_type_picker_puts_a_word_starting_with_what_was_typed_first(seeded_file):
    # `t air ⏎` chose Battles / Armed clash (fuzzy a-r) over Air/drone strike.
    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("e", "t", *"air", "enter")
        await settle(pilot)
        assert field_drawn(screen, "sub_event_type") == "Air/drone strike"
        await pilot.press("t", *"bttle", "enter")  # a typo still finds its match
        await settle(pilot)
        assert field_drawn(screen, "event_type") == "Battles"
