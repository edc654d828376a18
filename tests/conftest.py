"""Shared fixtures: a fresh database per test, with an injected user."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.records import people
from store.db.connection import open_db

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "test.db"


@pytest.fixture
def fresh_db(db_path):
    """A new, migrated database whose first user (and so admin) is 'alice'."""
    db = open_db(db_path)
    people.ensure_user(db, "alice")
    yield db
    db.close()
