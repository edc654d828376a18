"""doccano export (`--format doccano`): the JSONL doccano imports for sequence labeling.

One document a line, as doccano's own documentation gives it:

    {"text": "...", "label": [[start, end, "Location"], ...], "document_id": ..., "title": ...}

`label` holds `[start, end, label]` triples (end exclusive, code points unless
`--offsets utf16|bytes`); every other key is metadata, which doccano keeps with
the example (`document_id`, `title`, `outlet`, `published`, `url`).  Orphaned
spans have no position and are left out, with one line saying how many.
`eventdesk import FILE --format doccano` reads it back (store/ingest/annotated.py).

Our own span JSONL (`--format jsonl`, `spans` of objects) is unchanged.
"""

from __future__ import annotations

import json
from typing import IO

import sqlite_utils

from store.formats import Exporter, register
from store.formats.evidence import Texts
from store.formats.progress import tracked

#: The document's metadata written beside `text` and `label` (doccano keeps them as meta).
META_FIELDS = ("title", "outlet", "published", "url")


def positioned_spans(db: sqlite_utils.Database, texts: Texts, document_id: str,
                     lost: list | None = None) -> list[dict]:
    """The document's spans with a position, in text order: {"start", "end", "label", "span"}.

    Offsets are checked against the text (Texts.position) and given in its unit.
    """
    out = []
    for span in db.query('SELECT * FROM spans WHERE document_id = ? ORDER BY start, "end", rowid',
                         [document_id]):
        pos = texts.position(span)
        if pos is None:
            if lost is not None:
                lost.append(span["id"])
            continue
        out.append({"start": pos[0], "end": pos[1], "label": span["label"], "span": span})
    return out


def documents(db: sqlite_utils.Database) -> list[dict]:
    return list(db.query(
        f"SELECT id, {', '.join(META_FIELDS)} FROM documents ORDER BY rowid"))


def document_record(db: sqlite_utils.Database, texts: Texts, doc: dict, lost: list | None = None) -> dict:
    spans = positioned_spans(db, texts, doc["id"], lost)
    record = {"text": texts.text(doc["id"]),
              "label": [[s["start"], s["end"], s["label"]] for s in spans],
              "document_id": doc["id"]}
    for name in META_FIELDS:
        record[name] = doc[name]
    return record


def write(db: sqlite_utils.Database, out: IO[str], offsets: str = "codepoints", warn=None) -> None:
    texts = Texts(db, offsets)
    lost: list[str] = []
    docs = documents(db)
    for doc in tracked(docs, len(docs), "doccano"):
        out.write(json.dumps(document_record(db, texts, doc, lost), ensure_ascii=False))
        out.write("\n")
    if lost and warn:
        warn(f"{len(lost)} orphaned spans left out (no position)")


register(Exporter("doccano", "doccano sequence-labeling JSONL (text, label: [start, end, label])",
                  "stream", write, options=("offsets", "warn")))
