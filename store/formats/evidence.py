"""What exports that carry offsets share: document texts, offset units, evidence per field.

Every export that writes offsets converts them here, at the last moment, from
code points to the unit asked for (`--offsets codepoints|utf16|bytes`), with one
`OffsetConverter` per document.  Every position written is checked against the
text first: an export never carries a span whose quote is not its slice.
"""

from __future__ import annotations

import contextlib
import contextvars
import csv
from typing import IO, Callable, Iterator, Sequence

import sqlite_utils

from store.errors import StoreError
from store.formats.offsets import UNITS, OffsetConverter
from store.formats.progress import tracked


def check_unit(unit: str) -> str:
    if unit not in UNITS:
        raise StoreError(f"--offsets must be one of {', '.join(UNITS)}, not {unit!r}")
    return unit


class Texts:
    """Document texts and offset converters, loaded once per document."""

    def __init__(self, db: sqlite_utils.Database, unit: str = "codepoints"):
        self.db = db
        self.unit = check_unit(unit)
        self._texts: dict[str, str] = {}
        self._converters: dict[str, OffsetConverter] = {}

    def text(self, document_id: str) -> str:
        if document_id not in self._texts:
            if len(self._texts) > 64:  # bounded: exports walk documents in order
                self._texts.clear()
                self._converters.clear()
            row = self.db.execute("SELECT text FROM documents WHERE id = ?", [document_id]).fetchone()
            if row is None:
                raise StoreError(f"no document with id {document_id}")
            self._texts[document_id] = row[0]
        return self._texts[document_id]

    def position(self, span: dict) -> tuple[int, int] | None:
        """The span's (start, end) in the export's unit, after checking its quote; None if orphaned."""
        if span["anchor"] == "orphaned" or span["start"] is None:
            return None
        text = self.text(span["document_id"])
        if text[span["start"]:span["end"]] != span["quote"]:
            raise StoreError(f"span {span['id']}: quote differs from the text at "
                             f"{span['start']}..{span['end']} (run `eventdesk verify`)")
        if self.unit == "codepoints":
            return span["start"], span["end"]
        conv = self._converters.get(span["document_id"])
        if conv is None:
            conv = self._converters[span["document_id"]] = OffsetConverter(text, self.unit)
        return conv.convert(span["start"]), conv.convert(span["end"])


def span_by_id(db: sqlite_utils.Database, span_id: str | None) -> dict | None:
    if span_id is None:
        return None
    rows = list(db.query("SELECT * FROM spans WHERE id = ?", [span_id]))
    return rows[0] if rows else None


def event_evidence(db: sqlite_utils.Database, texts: Texts, event_id: str) -> dict[str, list[dict]]:
    """field -> [{"start", "end", "quote", "anchor", "span_id"}] in the export's unit.

    An orphaned evidence span is kept with null offsets, so the record still says
    which words were lost.
    """
    out: dict[str, list[dict]] = {}
    for span in db.query(
        "SELECT s.*, x.field AS _field FROM event_evidence x JOIN spans s ON s.id = x.span_id "
        "WHERE x.event_id = ? ORDER BY x.created_at, x.rowid", [event_id],
    ):
        pos = texts.position(span)
        out.setdefault(span["_field"], []).append({
            "start": pos[0] if pos else None, "end": pos[1] if pos else None,
            "quote": span["quote"], "anchor": span["anchor"], "span_id": span["id"],
        })
    return out


def approved_events(db: sqlite_utils.Database) -> Iterator[dict]:
    """The approved events, one at a time from SQL (an export's memory stays flat)."""
    yield from db.query("SELECT * FROM events WHERE status = 'approved' ORDER BY created_at, rowid")


def approved_count(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT COUNT(*) FROM events WHERE status = 'approved'").fetchone()[0]


#: What a spreadsheet takes as the start of a formula (OWASP's CSV injection list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: Set by `raw_csv()`: write cells exactly, for pipelines that want the bytes.
_RAW_CSV: contextvars.ContextVar[bool] = contextvars.ContextVar("raw_csv", default=False)


@contextlib.contextmanager
def raw_csv(raw: bool = True) -> Iterator[None]:
    """Within the block, CSV tables write every cell exactly as stored (`--raw-csv`)."""
    token = _RAW_CSV.set(raw)
    try:
        yield
    finally:
        _RAW_CSV.reset(token)


def raw_csv_wanted() -> bool:
    """True inside `raw_csv()`: tables write their cells exactly (`--raw-csv`)."""
    return _RAW_CSV.get()


def safe_cell(value):
    """A text cell a spreadsheet would run as a formula, with a leading `'` (shown, not run).

    Numbers stay numbers (-3.5 is a longitude, not a formula); the exact words stay exact
    in the JSON, W3C and brat exports and in the evidence column's quotes.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_event_table(
    db: sqlite_utils.Database, out: IO[str], offsets: str, *, name: str,
    columns: Sequence[str], make_row: Callable[[sqlite_utils.Database, "Texts", dict], dict],
    warn: Callable[[str], None] | None = None,
) -> None:
    """Approved events as CSV, one row each: the shape the ACLED and UCDP tables share."""
    texts = Texts(db, offsets)
    writer = csv.DictWriter(out, fieldnames=list(columns))
    writer.writeheader()
    raw = _RAW_CSV.get()
    for event in tracked(approved_events(db), approved_count(db), name):
        row = make_row(db, texts, event)
        writer.writerow(row if raw else {k: safe_cell(v) for k, v in row.items()})
    if warn is not None:
        line = left_out_line(db)
        if line:
            warn(line)


def left_out_line(db: sqlite_utils.Database) -> str | None:
    """What a table of approved events leaves out, and why, in one line (None: nothing)."""
    counts = dict(db.execute(
        "SELECT status, COUNT(*) FROM events WHERE status != 'approved' GROUP BY status ORDER BY status"))
    if not counts:
        return None
    parts = ", ".join(f"{n} {status.replace('_', ' ')}" for status, n in counts.items())
    return (f"left out {sum(counts.values())} events not approved ({parts}): "
            "the table holds approved events only")
