"""The project's own lossless interchange format (`export --format json`).

One JSON object, written as a stream (one record at a time, never the whole
database in memory):

    {"format": "eventdesk", "version": 1, "exported_at": ...,
     "users": [...], "documents": [...], "spans": [...], "events": [...],
     "claims": [...], "reviews": [...], "relations": [...], "attributes": [...],
     "history": [...]}

Every record carries every column of its table, so nothing is lost; the layout
is documented in the README and kept stable (a change bumps VERSION).  Spans
are checked against their document's text as they are written: an export
never carries a span whose quote is not its slice of the text.
"""

from __future__ import annotations

import json
import re
from typing import IO, Iterator

import sqlite_utils

from store.db.connection import utc_now
from store.errors import StoreError
from store.formats import Exporter, register
from store.formats.incident_rows import incident_records
from store.records.events import EVENT_FIELDS
from store.records.field_states import field_states

FORMAT = "eventdesk"
VERSION = 1

_EVENT_META = ("id", "document_id", "status", "version", "created_by", "created_at",
               "updated_by", "updated_at", "approved_hash")


# C1 controls, DEL and bidi controls are legal raw in JSON strings but act on a
# terminal when the export is printed; they are written as \uXXXX escapes (the same
# JSON value).  json.dumps already escapes C0 controls.  Such characters can only
# occur inside strings, since JSON's own syntax is ASCII.
_TERMINAL_ACTIVE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _dumps(value) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=False)
    return _TERMINAL_ACTIVE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def users(db) -> Iterator[dict]:
    yield from db.query("SELECT login, role, created_at, created_by FROM users ORDER BY created_at, login")


def documents(db) -> Iterator[dict]:
    for row in db.query("SELECT * FROM documents ORDER BY rowid"):
        row["bom"] = bool(row["bom"])
        yield row


def spans(db) -> Iterator[dict]:
    """Every span, checked: text[start:end] == quote (orphaned spans have no position)."""
    current_id, text = None, ""
    for span in db.query('SELECT * FROM spans ORDER BY document_id, start, "end", id'):
        if span["document_id"] != current_id:
            current_id = span["document_id"]
            row = db.execute("SELECT text FROM documents WHERE id = ?", [current_id]).fetchone()
            text = row[0] if row else None
        if text is None:
            raise StoreError(f"span {span['id']} belongs to a missing document {current_id}")
        if span["anchor"] != "orphaned" and text[span["start"]:span["end"]] != span["quote"]:
            raise StoreError(
                f"span {span['id']}: quote differs from the text at {span['start']}..{span['end']}"
                " (run `eventdesk verify`)"
            )
        yield span


def events(db) -> Iterator[dict]:
    for row in db.query("SELECT * FROM events ORDER BY created_at, id"):
        evidence: dict[str, list[str]] = {}
        for field, span_id in db.execute(
            "SELECT field, span_id FROM event_evidence WHERE event_id = ? ORDER BY created_at, rowid",
            [row["id"]],
        ):
            evidence.setdefault(field, []).append(span_id)
        record = {key: row[key] for key in _EVENT_META}
        record["fields"] = {field: row[field] for field in EVENT_FIELDS}
        record["evidence"] = evidence
        # Fields whose evidence a revision moved or lost, until a person confirms them.
        record["stale"] = {r["field"]: r["reason"] for r in db.query(
            "SELECT field, reason FROM stale_fields WHERE event_id = ? ORDER BY field", [row["id"]])}
        # backed / stale / typed for each field with a value (store.records.field_states).
        record["field_states"] = field_states(db, row)
        yield record


def _table(sql: str):
    def rows(db) -> Iterator[dict]:
        yield from db.query(sql)
    return rows


SECTIONS = (
    ("users", users),
    ("documents", documents),
    ("spans", spans),
    ("events", events),
    ("claims", _table("SELECT * FROM claims ORDER BY created_at, id")),
    ("incidents", incident_records),
    ("link_decisions", _table("SELECT * FROM link_decisions ORDER BY at, id")),
    ("reviews", _table("SELECT * FROM reviews ORDER BY at, id")),
    ("relations", _table("SELECT * FROM relations ORDER BY created_at, id")),
    ("attributes", _table("SELECT * FROM attributes ORDER BY created_at, id")),
    # before/after stay the canonical JSON strings the hash chain was computed over.
    ("history", _table("SELECT * FROM history ORDER BY seq")),
)


def write(db: sqlite_utils.Database, out: IO[str]) -> None:
    """Write the whole database to `out`, one record at a time, in one read transaction."""
    conn = db.conn
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")  # one consistent snapshot while other processes write
    try:
        out.write("{\n")
        out.write(f'"format": {_dumps(FORMAT)},\n"version": {VERSION},\n'
                  f'"exported_at": {_dumps(utc_now())}')
        for name, rows in SECTIONS:
            out.write(f',\n"{name}": [')
            first = True
            for record in rows(db):
                out.write("\n" if first else ",\n")
                out.write(_dumps(record))
                first = False
            out.write("\n]" if not first else "]")
        out.write("\n}\n")
    finally:
        if own:
            conn.execute("COMMIT")


register(Exporter("json", "the whole database, lossless (the project's interchange format)",
                  "stream", write))
