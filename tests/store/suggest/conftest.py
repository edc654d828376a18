"""A tiny gazetteer for the suggester's tests, from rows written here."""

from __future__ import annotations

import pytest

from store.grounding.gazetteer import build_index, open_gazetteer

ROWS = [
    {"id": "geonames:1", "geonameid": 1, "name": "Idlib", "names": ["Idlib", "Idlib Governorate"],
     "country": "SY", "admin1": "Idlib", "admin2": None, "latitude": 35.8, "longitude": 36.6,
     "feature": "ADM1", "population": 1_500_000},
    {"id": "geonames:2", "geonameid": 2, "name": "Aleppo", "names": ["Aleppo", "Halab"],
     "country": "SY", "admin1": "Aleppo", "admin2": None, "latitude": 36.2, "longitude": 37.16,
     "feature": "PPL", "population": 1_600_000},
    {"id": "geonames:3", "geonameid": 3, "name": "Atma", "names": ["Atma"], "country": "IN",
     "admin1": "Uttar Pradesh", "admin2": None, "latitude": 26.1, "longitude": 83.2,
     "feature": "PPL", "population": 25_000},
]


@pytest.fixture(scope="session")
def suggest_index(tmp_path_factory):
    path = tmp_path_factory.mktemp("gazetteer") / "tiny.sqlite"
    build_index(path, ROWS, version="tiny-suggest-1")
    return path


@pytest.fixture
def tiny_gazetteer(suggest_index):
    gazetteer = open_gazetteer(suggest_index, build=False)
    yield gazetteer
    gazetteer.close()
