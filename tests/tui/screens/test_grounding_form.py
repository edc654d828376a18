"""Pilot: a labelled date shows its grounded value and where it came from; `a` accepts,
`P` picks another place candidate, and both are stored as the coder's."""

from __future__ import annotations

import pytest
from textual.widgets import Input, OptionList, Static

from store.grounding.gazetteer import build_index, open_gazetteer
from store.records import places as places_mod
from store.records.events import list_events
from store.records.values import values_for
from tests.support.workstation import find, open_first, settle, stored
from tui.app import EventDeskApp
from tui.screens.candidate_picker import CandidatePicker

pytestmark = pytest.mark.pilot


def _row(gid, name, admin1, lat, lon, population):
    return {"id": f"geonames:{gid}", "geonameid": gid, "name": name, "names": [name],
            "country": "SY", "admin1": admin1, "admin2": None, "latitude": lat,
            "longitude": lon, "feature": "PPL", "population": population}


@pytest.fixture
def two_idlibs(tmp_path, monkeypatch):
    path = tmp_path / "g.sqlite"
    build_index(path, [_row(1, "Idlib", "Idlib", 35.93, 36.63, 165_000),
                       _row(2, "Idlib", "Hama", 35.1, 36.7, 900)], version="t-1")
    g = open_gazetteer(path, build=False)
    monkeypatch.setitem(places_mod._PACKAGED, "g", g)
    yield g
    g.close()


def form_text(screen) -> str:
    return screen.query_one("#form-grounding", Static).render().plain


async def test_grounded_date_shown_with_its_source_accepted_and_place_candidate_picked(
        seeded_file, two_idlibs):
    path, ids = seeded_file
    db = stored(path)
    db.execute("UPDATE documents SET published = '2022-02-03' WHERE id = ?", [ids[0]])
    db.conn.commit()
    db.close()
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("e")
        await settle(pilot)
        await find(pilot, "Wednesday night")
        await pilot.press("2")
        await settle(pilot)
        assert screen.query_one("#f-date_start", Input).value == "2022-02-02"
        # grounded from the words, not typed with no evidence
        assert str(screen.query_one("#ev-date_start").render()).strip() == "◇"
        assert "from 'Wednesday night', article date 2022-02-03, flagged: night" in form_text(screen)
        assert "= accepts" in form_text(screen)
        await pilot.press("equals_sign")
        await settle(pilot)
        assert "accepted by alice" in form_text(screen)

        await find(pilot, "Idlib")
        await pilot.press("3")
        await settle(pilot)
        assert screen.query_one("#f-admin1", Input).value == "Idlib"
        await pilot.press("P")
        await settle(pilot)
        assert isinstance(app.screen, CandidatePicker)
        app.screen.query_one(OptionList).highlighted = 1
        await pilot.press("enter")
        await settle(pilot)
        assert screen.query_one("#f-admin1", Input).value == "Hama"

    db = stored(path)
    (event,) = list_events(db, ids[0])
    values = values_for(db, event["id"])
    assert values["date_start"]["source"] == "accepted" and values["date_start"]["by"] == "alice"
    assert values["admin1"]["source"] == "picked" and event["admin1"] == "Hama"


async def test_an_actor_coded_before_the_place_shows_its_kind_once_the_place_is_grounded(
        seeded_file, two_idlibs):
    # US troops are State forces at home and External/Other forces in Syria: until the
    # place says which, the kind stays empty; grounding the place fills it in the form.
    path, _ = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("e")
        await settle(pilot)
        await find(pilot, "US special operations troops")
        await pilot.press("4")
        await settle(pilot)
        assert screen.query_one("#f-actor1_kind", Input).value == ""
        await find(pilot, "Idlib")
        await pilot.press("3")
        await settle(pilot)
        assert screen.query_one("#f-country", Input).value == "Syria"
        assert screen.query_one("#f-actor1_kind", Input).value == "External/Other forces"
