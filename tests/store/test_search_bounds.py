"""A search past a stated size is refused, and a running one is stopped in time."""

from __future__ import annotations

import io

import pytest

from store.cli.main import main
from store.errors import StoreError
from store.ingest.importer import import_paths
from store.search import MAX_QUERY_CHARS, MAX_QUERY_TERMS, search_documents
from tests.support.paths import SEEDS


@pytest.fixture
def seeded(fresh_db):
    import_paths(fresh_db, [SEEDS], "alice")
    return fresh_db


def test_too_many_terms_or_characters_are_refused_in_one_line(seeded, db_path):
    many = " ".join(f"w{i}" for i in range(MAX_QUERY_TERMS + 36))
    with pytest.raises(StoreError, match=f"at most {MAX_QUERY_TERMS}"):
        search_documents(seeded, many)
    with pytest.raises(StoreError, match=f"at most {MAX_QUERY_CHARS}"):
        search_documents(seeded, "x" * (MAX_QUERY_CHARS + 1))
    out, err = io.StringIO(), io.StringIO()
    code = main(["--db", str(db_path), "search", many], login="alice", out=out, err=err)
    assert code == 1 and err.getvalue().count("\n") == 1 and "terms" in err.getvalue()


def test_a_running_search_is_stopped_at_its_deadline(seeded):
    with pytest.raises(StoreError, match="stopped after"):
        search_documents(seeded, "Atme OR kill* OR said", seconds=0)
    assert search_documents(seeded, "Atme")  # the handler is gone afterwards
