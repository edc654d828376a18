"""From the database to `incidents suggest --json`: the same raid reported twice is likely;
raids in the same town years apart, or the same province months apart, are not, even in the
same words; and likewise for coded events (`--events`)."""

from __future__ import annotations

import json

import pytest

from store.records import events
from tests.support.incident_db import run_cli
from tests.support.workstation import add_text

RAID = ("US special forces in helicopters raided a house in {town}, {province} province, killing "
        "{n} people including six children, local sources and the civil defence said.")
OTHER = ("Shelling by government forces hit a market in {town} in {province} province; medics said "
         "{n} civilians died and dozens were wounded.")
BACKGROUND = [("Jarabulus", "Aleppo"), ("Maarat", "Idlib"), ("Suluk", "Raqqa"), ("Tafas", "Daraa"),
              ("Rastan", "Homs"), ("Mayadin", "Deir ez-Zor"), ("Manbij", "Aleppo"), ("Binnish", "Idlib")]


@pytest.fixture
def library(fresh_db):
    """Unrelated reports, so that names and words have a corpus to be rare in."""
    for i, (town, province) in enumerate(BACKGROUND):
        add_text(fresh_db, OTHER.format(town=town, province=province, n=i + 2), title=f"bg {i}",
                 outlet=f"bg outlet {i}", published=f"2019-0{1 + i % 8}-1{i % 9}")
    return fresh_db


def _raid(db, key, day, town, province="Idlib", n=13, outlet=None):
    return add_text(db, RAID.format(town=town, province=province, n=n), title=key,
                    outlet=outlet or f"outlet {key}", published=day)


def _suggested(db_path, *flags):
    status, out, err = run_cli(db_path, "incidents", "suggest", "--json", *flags)
    assert status == 0, err
    return {frozenset((p["a"], p["b"])): p for p in map(json.loads, out.splitlines())}


def _likely(pairs):
    return {pair for pair, p in pairs.items() if p["likely"]}


def test_the_same_raid_in_two_outlets_a_day_apart_is_likely(library, db_path):
    a = _raid(library, "a", "2022-02-03", "Atme")
    b = _raid(library, "b", "2022-02-04", "Atma", n=14)
    pairs = _suggested(db_path)
    assert _likely(pairs) == {frozenset((a, b))}
    assert "1 day apart" in pairs[frozenset((a, b))]["why"]


def test_raids_in_the_same_town_years_apart_in_the_same_words_are_not_likely(library, db_path):
    _raid(library, "a", "2019-02-03", "Atme")
    _raid(library, "b", "2022-02-03", "Atme")
    assert _likely(_suggested(db_path)) == set()


def test_raids_in_the_same_province_months_apart_are_not_likely(library, db_path):
    _raid(library, "a", "2022-02-03", "Atme")
    _raid(library, "b", "2022-06-10", "Sarmada")
    assert _likely(_suggested(db_path)) == set()


def _coded(db, doc, **fields):
    event = events.create_event(db, doc, "alice")
    return events.update_event(db, event["id"], event["version"], fields, "alice")


def test_coded_events_are_separated_the_same_way(library, db_path):
    docs = [_raid(library, k, "2022-02-05", t) for k, t in (("a", "Atme"), ("b", "Atma"), ("c", "Atme"),
                                                           ("d", "Sarmada"))]
    same = [_coded(library, docs[0], date_start="2022-02-03", admin1="Idlib", location="Atme"),
            _coded(library, docs[1], date_start="2022-02-03", admin1="Idlib", location="Atma")]
    years = _coded(library, docs[2], date_start="2019-02-03", admin1="Idlib", location="Atme")
    months = _coded(library, docs[3], date_start="2022-06-10", admin1="Idlib", location="Sarmada")
    likely = _likely(_suggested(db_path, "--events"))
    assert likely == {frozenset(e["id"] for e in same)}
    assert not any(years["id"] in pair or months["id"] in pair for pair in likely)
