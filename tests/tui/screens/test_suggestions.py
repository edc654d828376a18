"""Pilot tests of the suggestion layer: drawn as they arrive, walked and decided with one key each."""

from __future__ import annotations

import pytest

from store.records import suggestions as sugg
from store.records.events import get_event, list_events
from store.records.spans import list_spans
from tests.support.workstation import open_first, settle, stored
from tui.app import EventDeskApp
from tui.widgets.suggestion_layer import SuggestionLayer

pytestmark = pytest.mark.pilot


@pytest.fixture(autouse=True)
def _small_gazetteer(monkeypatch, suggest_index):
    monkeypatch.setenv("EVENTDESK_GAZETTEER", str(suggest_index))


def status(screen) -> str:
    return screen.query_one("#status").render().plain


def cell_style(view, offset):
    """The style the view draws the character at `offset` with."""
    row = view._layout.row_of(offset)
    start, _ = view._layout.row_range(row)
    strip = view.render_line(row - round(view.scroll_y))
    column = 0
    for segment in strip:
        if column + len(segment.text) > offset - start:
            return segment.style
        column += len(segment.text)
    raise AssertionError("offset not drawn")


async def test_suggestions_arrive_and_are_drawn_dimmer_than_spans(seeded_file):
    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        await settle(pilot)
        layer = screen.view.suggestions
        assert len(layer) > 10
        assert "suggestions" in status(screen)
        first = layer.rows[0]
        style = cell_style(screen.view, first["start"])
        base = screen.view.rich_style.bgcolor
        assert style.underline and style.bgcolor == base  # no label background: dimmer than a span
        await pilot.press("full_stop")
        assert screen.view.cursor == first["start"]
        assert first["why"][:20] in status(screen)
        # A span over the words keeps its colour, the suggestion shows as an underline beside it.
        screen.view.select(first["start"], first["end"] + 4)  # wider words: the suggestion stays
        await pilot.press("1")  # Trigger over the suggestion's words, another label
        await settle(pilot)
        over = cell_style(screen.view, first["start"] + 1)  # beside the cursor
        assert over.bgcolor != base and over.underline  # the span's colour and the suggestion both show
    db = stored(path)
    assert sugg.is_computed(db, ids[0])


async def test_accept_fills_the_event_reject_is_remembered_undo_takes_back(seeded_file):
    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("e")
        await settle(pilot)
        layer = screen.view.suggestions
        date = next(r for r in layer.rows if r["label"] == "Date")
        screen.view.move_cursor(date["start"])
        await pilot.press("a")
        await settle(pilot)
        assert date["id"] not in screen.view.suggestions.by_id
        killed = next(r for r in screen.view.suggestions.rows if r["label"] == "Killed")
        screen.view.move_cursor(killed["start"])
        await pilot.press("r")
        await settle(pilot)
        assert killed["id"] not in screen.view.suggestions.by_id
        await pilot.press("u")  # undo the rejection: offered again
        await settle(pilot)
        assert killed["id"] in screen.view.suggestions.by_id
        screen.view.move_cursor(killed["start"])  # r moved on to the next suggestion
        await pilot.press("r")
        await settle(pilot)
    db = stored(path)
    [span] = list_spans(db, ids[0])
    assert (span["label"], span["quote"], span["suggested_by"], span["author"]) == (
        "Date", date["quote"], "dates", "alice")
    [event] = list_events(db, ids[0])
    assert get_event(db, event["id"])["date"] == date["quote"]
    assert killed["id"] not in {r["id"] for r in sugg.pending(db, ids[0])}


async def test_accept_as_and_accept_all_of_a_kind(seeded_file):
    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        await settle(pilot)
        rows = screen.view.suggestions.rows
        claim_free = next(r for r in rows if r["label"] == "Actor")
        screen.view.move_cursor(claim_free["start"])
        await pilot.press("A", "5")  # accept as Target
        await settle(pilot)
        location = next(r for r in screen.view.suggestions.rows if r["label"] == "Location")
        screen.view.move_cursor(location["start"])
        await pilot.press("plus")
        await settle(pilot)
        assert not screen.view.suggestions.of_kind("Location")
    db = stored(path)
    spans = list_spans(db, ids[0])
    assert any(s["label"] == "Target" and s["quote"] == claim_free["quote"]
               and s["suggested_by"] == "actors" for s in spans)
    assert sum(s["label"] == "Location" for s in spans) >= 2
    assert all(s["suggested_by"] for s in spans)


def test_layer_walks_in_reading_order():
    layer = SuggestionLayer([
        {"id": "b", "start": 10, "end": 14, "label": "Date"},
        {"id": "a", "start": 2, "end": 5, "label": "Location"},
    ])
    assert layer.next_after(-1)["id"] == "a"
    assert layer.next_after(2)["id"] == "b"
    assert layer.next_after(10)["id"] == "a"  # wraps round
    assert layer.previous_before(10)["id"] == "a"
    assert layer.at(12)["id"] == "b" and layer.at(7) is None
    same = SuggestionLayer([
        {"id": "loc", "start": 0, "end": 2, "label": "Location"},
        {"id": "actor", "start": 0, "end": 9, "label": "Actor"},
        {"id": "later", "start": 20, "end": 25, "label": "Date"},
    ])
    assert same.step("loc", 0, True)["id"] == "actor"  # two on the same start are both reached
    assert same.step("actor", 0, True)["id"] == "later"
    assert same.step("loc", 0, False)["id"] == "later"  # wraps round
    assert same.step(None, 5, True)["id"] == "later"


async def test_without_a_gazetteer_the_rest_is_suggested_and_it_says_so(seeded_file, monkeypatch,
                                                                              tmp_path):
    monkeypatch.setenv("EVENTDESK_GAZETTEER", str(tmp_path / "not-built.sqlite"))
    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})  # build_gazetteer=False: tests never build it
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        await settle(pilot)
        labels = {r["label"] for r in screen.view.suggestions.rows}
        assert "Location" not in labels and {"Date", "Killed"} <= labels
        assert "no place suggestions yet" in status(screen)
        assert app.gazetteer_status  # why, for the status line and the notification
        assert not app._notifications  # the workstation (build_gazetteer=True) notifies and builds


async def test_a_claim_suggestion_accepted_while_coding_an_event_belongs_to_it(seeded_file):
    from store.records.claims import list_claims

    path, ids = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("e")
        await settle(pilot)
        claim = next(r for r in screen.view.suggestions.rows if r["label"] == "Claim")
        screen.view.move_cursor(claim["start"])
        await pilot.press("a")
        await settle(pilot)
    db = stored(path)
    [event] = list_events(db, ids[0])
    [made] = list_claims(db, ids[0])
    assert made["event_id"] == event["id"]
