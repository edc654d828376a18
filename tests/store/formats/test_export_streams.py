"""Exports stream: rows come from SQL one at a time, and the bytes are what a full read gives."""

from __future__ import annotations

import io
import types

import pytest

from store.db.connection import open_db
from store.formats import acled, brat_export, evidence, native_json, ucdp
from tests.store.formats.test_exports import coded_db  # noqa: F401  (the fixture)


def test_approved_events_is_a_stream(coded_db):  # noqa: F811
    db = open_db(coded_db)
    rows = evidence.approved_events(db)
    assert isinstance(rows, types.GeneratorType)
    assert [e["id"] for e in rows] == [r["id"] for r in db.query(
        "SELECT id FROM events WHERE status = 'approved' ORDER BY created_at, rowid")]
    assert evidence.approved_count(db) == 1


@pytest.mark.parametrize("module", [acled, ucdp])
def test_tables_stream_the_same_bytes_as_a_full_read(coded_db, module, monkeypatch):  # noqa: F811
    db = open_db(coded_db)
    streamed = io.StringIO()
    module.write(db, streamed)
    whole = list(evidence.approved_events(db))
    from store.formats import incident_rows

    monkeypatch.setattr(incident_rows, "approved_events", lambda db: iter(whole))
    listed = io.StringIO()
    module.write(db, listed)
    assert streamed.getvalue() == listed.getvalue() and streamed.getvalue().count("\n") >= 2


def test_json_and_brat_exports_are_the_same_twice(coded_db, tmp_path):  # noqa: F811
    db = open_db(coded_db)
    first, second = io.StringIO(), io.StringIO()
    native_json.write(db, first)
    native_json.write(db, second)
    strip = lambda s: "\n".join(line for line in s.splitlines() if '"exported_at"' not in line)  # noqa: E731
    assert strip(first.getvalue()) == strip(second.getvalue())
    assert brat_export.write_folder(db, tmp_path / "a") == brat_export.write_folder(db, tmp_path / "b") == 1
    assert sorted(p.read_bytes() for p in (tmp_path / "a").iterdir()) == \
        sorted(p.read_bytes() for p in (tmp_path / "b").iterdir())
