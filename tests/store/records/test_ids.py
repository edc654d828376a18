"""One rule for typed ids everywhere: the whole id or a unique prefix of at least four characters."""

from __future__ import annotations

import io

import pytest

from store.cli.main import main
from store.errors import StoreError
from store.records import events, ids
from tests.support.workstation import add_text


def test_a_short_prefix_is_refused_saying_the_minimum(fresh_db):
    doc = add_text(fresh_db, "Raid in Atme.", title="t")
    event = events.create_event(fresh_db, doc, "alice")
    assert ids.resolve(fresh_db, "events", event["id"][:4]) == event["id"]
    assert ids.resolve(fresh_db, "documents", doc[:6]) == doc
    with pytest.raises(StoreError, match="at least 4 characters"):
        ids.resolve(fresh_db, "events", event["id"][:2])
    with pytest.raises(StoreError, match="no document with id"):
        ids.resolve(fresh_db, "documents", "%%%%")  # a wildcard is not a wildcard


def test_the_command_line_says_the_same_for_events_and_agreement(fresh_db, db_path):
    doc = add_text(fresh_db, "Raid in Atme.", title="t")
    for argv in (["event", "approve", "7a"], ["agreement", "--document", doc[:2]]):
        err = io.StringIO()
        assert main(["--db", str(db_path), *argv], login="alice", out=io.StringIO(), err=err) == 1
        assert "at least 4 characters" in err.getvalue(), argv
    out = io.StringIO()
    assert main(["--db", str(db_path), "agreement", "--document", doc[:8]], login="alice",
                out=out, err=io.StringIO()) == 0  # a prefix names the document, as everywhere
