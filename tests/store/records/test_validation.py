"""Bad event values are refused in the store with one line; nothing stored is touched."""

from __future__ import annotations

import pytest

from store.errors import StoreError
from store.records.events import create_event, get_event, update_event
from tests.support.workstation import add_text


@pytest.fixture
def event(fresh_db):
    from store.records import people

    people.ensure_user(fresh_db, "alice")
    doc = add_text(fresh_db, "Three were killed in Idlib on Thursday.")
    return fresh_db, create_event(fresh_db, doc, "alice")


@pytest.mark.parametrize("changes, words", [
    ({"date_start": "2022-02-30"}, "YYYY-MM-DD"),
    ({"date_start": "2022-02-03", "date_end": "2022-02-01"}, "before date_start"),
    ({"longitude": "200"}, "between -180 and 180"),
    ({"latitude": "-91"}, "between -90 and 90"),
    ({"time_precision": "7"}, "1 to 3"),
    ({"geo_precision": "9"}, "1 to 3"),
    ({"actor1_kind": "state forces"}, "did you mean 'State forces'"),
    ({"actor2_kind": "Militants"}, "ACLED's kinds"),
    ({"fatalities_low": "-1"}, "negative"),
    ({"fatalities_low": "13", "fatalities_high": "5"}, "below"),
    ({"latitude": "nan"}, "must be a number"),
    ({"date_end": "2022-13-01"}, "YYYY-MM-DD"),
    ({"date_start": "3 Feb 2022"}, "YYYY-MM-DD"),
    ({"time_precision": "0"}, "1 to 3"),
    ({"civilian_targeting": "2"}, "1 (yes) or 0 (no)"),
    ({"grading": "Confirmed"}, "did you mean 'confirmed'"),
    ({"grading": "likely"}, "one of confirmed, fair"),
])
def test_bad_values_are_refused_with_one_line(event, changes, words):
    db, ev = event
    with pytest.raises(StoreError) as caught:
        update_event(db, ev["id"], ev["version"], changes, "alice")
    assert words in str(caught.value) and "\n" not in str(caught.value)
    assert get_event(db, ev["id"]) == ev


def test_an_end_date_before_a_stored_start_is_refused(event):
    db, ev = event
    ev = update_event(db, ev["id"], ev["version"], {"date_start": "2022-02-03"}, "alice")
    with pytest.raises(StoreError, match="before date_start 2022-02-03"):
        update_event(db, ev["id"], ev["version"], {"date_end": "2022-02-02"}, "alice")


def test_good_values_are_kept(event):
    db, ev = event
    after = update_event(db, ev["id"], ev["version"], {
        "date_start": "2022-02-03", "date_end": "2022-02-03", "latitude": "36.2",
        "longitude": "36.57", "time_precision": "1", "geo_precision": "3",
        "actor1_kind": "External/Other forces", "fatalities_low": "13",
        "civilian_targeting": "1", "grading": "fair"}, "alice")
    assert (after["actor1_kind"], after["longitude"], after["geo_precision"]) == (
        "External/Other forces", 36.57, 3)
    assert (after["civilian_targeting"], after["grading"]) == (1, "fair")

