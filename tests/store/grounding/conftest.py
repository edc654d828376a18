"""A tiny gazetteer built from a handful of rows written here (no package data)."""

from __future__ import annotations

import pytest

from store.grounding.gazetteer import build_index, open_gazetteer
from tests.store.grounding.tiny_places import TINY_ROWS


@pytest.fixture(scope="session")
def tiny_index(tmp_path_factory):
    path = tmp_path_factory.mktemp("gazetteer") / "tiny.sqlite"
    build_index(path, TINY_ROWS, version="tiny-1")
    return path


@pytest.fixture
def tiny_gazetteer(tiny_index):
    gazetteer = open_gazetteer(tiny_index, build=False)
    assert gazetteer.status is None
    yield gazetteer
    gazetteer.close()
