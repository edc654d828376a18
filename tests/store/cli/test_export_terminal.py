"""A stream export printed to a terminal never hands the terminal an article's controls.

Found in QA: `eventdesk export --format ucdp` (or acled, jsonl) with no `--output`
printed a hostile title's ESC ] 0 ; … BEL and bidi overrides raw.  Piped or written
to a file the output must stay exact, so only a terminal gets placeholders.
"""

from __future__ import annotations

import csv
import io

import pytest

from store.cli.main import main
from store.db.connection import open_db
from store.records import events, people, spans
from store.records.documents import add_document, sha256_text
from store.review import workflow as review

TITLE = "Raid \x1b]0;pwned\x07 \u202eevil\u202c"
TEXT = TITLE + "\nAn air strike hit Atme \x1b]52;c;cHduZWQ=\x07 on Thursday \x9b31m.\n"
RAW = ("\x1b", "\x07", "\u202e", "\x9b")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def hostile_db(db_path):
    """An approved event whose document title and evidence quote hold escape sequences."""
    db = open_db(db_path)
    people.ensure_user(db, "alice")
    doc = add_document(db, text=TEXT, bytes_sha256=sha256_text(TEXT), encoding="utf-8",
                       actor="alice", title=TITLE).id
    start = TEXT.index("Atme")
    place = spans.add_span(db, doc, start, TEXT.index("on Thursday"), "Location", "alice")
    event = events.create_event(db, doc, "alice", event_type="Battles", date_start="2022-02-03")
    events.set_field_from_span(db, event["id"], event["version"], "location", place["id"], "alice")
    people.grant(db, "alice", "erin", "editor")
    review.submit(db, event["id"], "alice")
    review.approve(db, event["id"], "erin")
    db.close()
    return db_path


def export(db_path, fmt: str, out) -> str:
    err = io.StringIO()
    assert main(["--db", str(db_path), "export", "--format", fmt], login="alice",
                out=out, err=err) == 0, err.getvalue()
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["acled", "ucdp", "jsonl", "json", "w3c"])
def test_on_a_terminal_no_control_character_is_printed_raw(hostile_db, fmt):
    shown = export(hostile_db, fmt, Terminal())
    assert not [ch for ch in RAW if ch in shown]
    assert "Atme" in shown


def test_on_a_terminal_controls_become_visible_placeholders(hostile_db):
    shown = export(hostile_db, "ucdp", Terminal())
    assert "Raid ␛]0;pwned␇ ⟨U+202E⟩evil" in shown


def test_piped_output_stays_exact(hostile_db):
    piped = export(hostile_db, "ucdp", io.StringIO())
    (row,) = csv.DictReader(io.StringIO(piped))
    assert row["source_headline"] == TITLE
    assert row["where_description"] == "Atme \x1b]52;c;cHduZWQ=\x07 "
