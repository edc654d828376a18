"""Fixtures every test folder shares, one meaning each; every database opened is closed.

- `db_path`: where a test's database file goes (nothing created yet).
- `fresh_db`: a new, migrated database whose first user (and so admin) is alice.
- `imported_seeds`: `fresh_db` with the five seed articles imported by the importer.
- `tiny_gazetteer` / `suggest_gazetteer`: gazetteers built from a handful of rows
  (tests/support/tiny_places.py), never from package data.
- `two_coders`: alice's and bob's databases, each with the seeds and one event coded on
  its own machine (tests/support/merging.py), for merge tests.
- `seeded_file`: (path, document ids) of a closed database file holding the seeds,
  titled by their first line, for tests that open it themselves (the workstation).

Every SQLite connection a test opens on its own thread and leaves open is closed
when the test ends (`_close_what_the_test_opened`), so no test leaks a database.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from store.db.connection import open_db
from store.grounding.gazetteer import build_index, open_gazetteer
from store.ingest.importer import import_paths
from store.records import people
from tests.support.merging import TwoCoders
from tests.support.merging import two_coders as _two_coders
from tests.support.paths import SEEDS
from tests.support.tiny_places import SUGGEST_ROWS, TINY_ROWS
from tests.support.workstation import seeded_db


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "test.db"


@pytest.fixture
def fresh_db(db_path):
    db = open_db(db_path)
    people.ensure_user(db, "alice")
    yield db
    db.close()


@pytest.fixture
def imported_seeds(fresh_db):
    summary = import_paths(fresh_db, [SEEDS], "alice")
    assert summary.imported == 5
    return fresh_db


@pytest.fixture
def seeded_file(tmp_path) -> tuple[Path, list[str]]:
    path = tmp_path / "t.db"
    return path, seeded_db(path)



@pytest.fixture
def two_coders(tmp_path) -> TwoCoders:
    return _two_coders(tmp_path)


def _tiny(tmp_path_factory, rows, version):
    path = tmp_path_factory.mktemp("gazetteer") / "tiny.sqlite"
    build_index(path, rows, version=version)
    return path


@pytest.fixture(scope="session")
def tiny_index(tmp_path_factory):
    return _tiny(tmp_path_factory, TINY_ROWS, "tiny-1")


@pytest.fixture
def tiny_gazetteer(tiny_index):
    gazetteer = open_gazetteer(tiny_index, build=False)
    assert gazetteer.status is None
    yield gazetteer
    gazetteer.close()


@pytest.fixture(scope="session")
def suggest_index(tmp_path_factory):
    return _tiny(tmp_path_factory, SUGGEST_ROWS, "tiny-suggest-1")


@pytest.fixture
def suggest_gazetteer(suggest_index):
    gazetteer = open_gazetteer(suggest_index, build=False)
    yield gazetteer
    gazetteer.close()


@pytest.fixture(autouse=True)
def _close_what_the_test_opened(monkeypatch):
    opened: list[tuple[sqlite3.Connection, int]] = []
    real_connect = sqlite3.connect

    def tracked(*args, **kwargs):
        conn = real_connect(*args, **kwargs)
        opened.append((conn, threading.get_ident()))
        return conn

    monkeypatch.setattr(sqlite3, "connect", tracked)
    yield
    me = threading.get_ident()
    for conn, thread in opened:
        if thread == me:  # another thread's connection is its own to close
            conn.close()  # closing twice is harmless
