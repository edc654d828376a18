"""The spans the annotate screen draws are read exactly and in reading order."""

from store.annotate.state import document_state, span_briefs
from store.db.connection import open_db, transaction
from store.records import people
from store.records.spans import span_row
from tests.support.workstation import add_text

HOSTILE = "a\x00b [bold]x[/] \x1b[31mred\u2028 𝄞 e\u0301 \"q\" \\ end"


def _db(tmp_path):
    db = open_db(tmp_path / "t.db")
    people.ensure_user(db, "alice")
    return db


def test_quotes_come_back_exact_for_hostile_text(tmp_path):
    db = _db(tmp_path)
    doc = add_text(db, HOSTILE)
    ranges = [(0, 3), (4, 14), (15, 25), (26, 27), (28, 31), (32, 35), (36, 37), (0, len(HOSTILE))]
    with transaction(db):
        db["spans"].insert_all([span_row(HOSTILE, document_id=doc, start=a, end=b, label="Actor",
                                         author="alice") for a, b in ranges])
    spans = span_briefs(db, doc)
    assert len(spans) == len(ranges)
    for span in spans:
        assert span["quote"] == HOSTILE[span["start"]:span["end"]]
        assert set(span) == {"id", "start", "end", "label", "quote"}
    assert spans == document_state(db, doc)["spans"]


def test_spans_are_in_reading_order(tmp_path):
    db = _db(tmp_path)
    text = "one two three four five six"
    doc = add_text(db, text)
    ranges = [(14, 18), (0, 3), (4, 7), (0, 7), (8, 13)]
    with transaction(db):
        db["spans"].insert_all([span_row(text, document_id=doc, start=a, end=b, label="Date",
                                         author="alice") for a, b in ranges])
    got = [(s["start"], s["end"]) for s in span_briefs(db, doc)]
    assert got == sorted(ranges)


def test_no_spans(tmp_path):
    db = _db(tmp_path)
    doc = add_text(db, "nothing labelled")
    assert span_briefs(db, doc) == []
