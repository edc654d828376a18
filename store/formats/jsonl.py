"""Span JSONL export (`--format jsonl`): one document a line, as doccano and Prodigy read it.

    {"text": "...", "spans": [{"start": 0, "end": 5, "label": "Actor"}, ...],
     "meta": {"id": ..., "title": ..., "url": ...}}

Offsets are code points (Python, Prodigy) unless `--offsets utf16` (JavaScript
tools) or `--offsets bytes`.  Orphaned spans have no position and are left out.
"""

from __future__ import annotations

import json
from typing import IO

import sqlite_utils

from store.formats import Exporter, register
from store.formats.evidence import Texts
from store.formats.progress import tracked


def document_record(db: sqlite_utils.Database, texts: Texts, doc: dict, lost: list | None = None) -> dict:
    spans = []
    for span in db.query('SELECT * FROM spans WHERE document_id = ? ORDER BY start, "end", rowid',
                         [doc["id"]]):
        pos = texts.position(span)
        if pos is not None:
            spans.append({"start": pos[0], "end": pos[1], "label": span["label"]})
        elif lost is not None:
            lost.append(span["id"])
    return {"text": texts.text(doc["id"]), "spans": spans,
            "meta": {"id": doc["id"], "title": doc["title"], "url": doc["url"]}}


def write(db: sqlite_utils.Database, out: IO[str], offsets: str = "codepoints", warn=None) -> None:
    texts = Texts(db, offsets)
    lost: list[str] = []
    docs = list(db.query("SELECT id, title, url FROM documents ORDER BY rowid"))
    for doc in tracked(docs, len(docs), "jsonl"):
        out.write(json.dumps(document_record(db, texts, doc, lost), ensure_ascii=False))
        out.write("\n")
    if lost and warn:
        warn(f"{len(lost)} orphaned spans left out (no position)")


register(Exporter("jsonl", "one document a line with its spans (doccano / Prodigy)", "stream",
                  write, options=("offsets", "warn")))
