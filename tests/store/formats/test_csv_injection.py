"""ACLED/UCDP cells a spreadsheet would run as formulas are written with a leading `'`."""

from __future__ import annotations

import csv
import io
import json

import pytest

from store.cli.main import main
from store.db.connection import open_db
from store.records import events, people, spans
from store.records.documents import add_document, sha256_text
from store.review import workflow as review

TEXT = "=HYPERLINK(\"http://x\",\"y\") At least 3 killed in Atme on Thursday.\r\n"
HOSTILE = ("=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR")


@pytest.fixture
def hostile_db(db_path):
    db = open_db(db_path)
    people.ensure_user(db, "alice")
    doc = add_document(db, text=TEXT, bytes_sha256=sha256_text(TEXT), encoding="utf-8",
                       actor="alice", title="t", outlet=HOSTILE[0]).id
    i = TEXT.index("=HYPERLINK")
    first = spans.add_span(db, doc, i, i + 10, "Location", "alice")
    ev = events.create_event(
        db, doc, "alice", event_type="Battles", sub_event_type="Armed clash",
        date_start="2022-02-03", location="=HYPERLINK", country=HOSTILE[1], actor1=HOSTILE[2],
        actor2=HOSTILE[3], admin1=HOSTILE[4], admin2=HOSTILE[5], notes="-", longitude=-3.5,
        fatalities_best=3)
    events.add_evidence(db, ev["id"], "location", first["id"], "alice")
    people.grant(db, "alice", "erin", "editor")
    review.submit(db, ev["id"], "alice")
    review.approve(db, ev["id"], "erin")
    db.close()
    return db_path


def _rows(db_path, fmt, *extra):
    out, err = io.StringIO(), io.StringIO()
    code = main(["--db", str(db_path), "export", "--format", fmt, *extra],
                login="alice", out=out, err=err)
    assert code == 0, err.getvalue()
    return list(csv.DictReader(io.StringIO(out.getvalue())))


@pytest.mark.parametrize("fmt", ["acled", "ucdp"])
def test_no_cell_starts_like_a_formula(hostile_db, fmt):
    (row,) = _rows(hostile_db, fmt)
    for column, cell in row.items():
        if column != "longitude":  # -3.5 is a number, not a formula
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (column, cell)
    assert "'=HYPERLINK" in row.values()
    # The evidence keeps the exact words, offsets and all.
    evidence = json.loads(row["evidence"])
    assert evidence["location"][0]["quote"] == "=HYPERLINK"


def test_numbers_stay_numbers(hostile_db):
    (row,) = _rows(hostile_db, "acled")
    assert row["longitude"] == "-3.5"


@pytest.mark.parametrize("fmt", ["acled", "ucdp"])
def test_raw_csv_writes_the_cells_exactly(hostile_db, fmt):
    (row,) = _rows(hostile_db, fmt, "--raw-csv")
    assert "=HYPERLINK" in row.values()
    assert not any(cell.startswith("'=") for cell in row.values())


def test_json_export_stays_exact(hostile_db):
    out, err = io.StringIO(), io.StringIO()
    main(["--db", str(hostile_db), "export"], login="alice", out=out, err=err)
    data = json.loads(out.getvalue())
    assert data["events"][0]["fields"]["location"] == "=HYPERLINK"
    assert data["documents"][0]["outlet"] == HOSTILE[0]
