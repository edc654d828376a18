"""Documents: the exact decoded text of an article, its hashes and metadata.

The text is stored exactly as decoded (no newline translation, no Unicode
normalisation); every span's offsets index into it.  How bytes become text is
decided in `store.records.decoding`; how files and JSONL become documents in
`store.ingest.importer`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import sqlite_utils

from store import search_terms
from store.db.connection import new_id, transaction, utc_now
from store.errors import StoreError
from store.records import history

#: Metadata a user may give or correct after import.
EDITABLE_FIELDS = ("title", "outlet", "published", "source", "url")


def sha256_text(text: str) -> str:
    """SHA-256 of the text as UTF-8 (surrogates kept, so any decoded text hashes)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class AddedDocument:
    id: str
    created: bool  # False when the same text was already stored (the id is the existing one)


def find_by_text_hash(db: sqlite_utils.Database, text_sha256: str) -> str | None:
    row = db.execute("SELECT id FROM documents WHERE text_sha256 = ?", [text_sha256]).fetchone()
    return row[0] if row else None


def document_row(
    *,
    text: str,
    bytes_sha256: str,
    encoding: str,
    actor: str,
    bom: bool = False,
    title: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    source: str | None = None,
    url: str | None = None,
    supersedes: str | None = None,
    revision: int = 1,
    text_sha256: str | None = None,
) -> dict:
    """The row for a new document (no I/O): shared by add_document and bulk import.

    `text_sha256` may be passed when already known (the bulk import of a UTF-8
    file without BOM, whose bytes are the text's UTF-8); otherwise it is computed.
    """
    return {
        "id": new_id(),
        "text": text,
        "length": len(text),
        "text_sha256": text_sha256 or sha256_text(text),
        "bytes_sha256": bytes_sha256,
        "encoding": encoding,
        "bom": int(bool(bom)),
        "title": title,
        "outlet": outlet,
        "published": published,
        "source": source,
        "url": url,
        "imported_by": actor,
        "imported_at": utc_now(),
        "supersedes": supersedes,
        "revision": revision,
    }


def history_state(row: dict) -> dict:
    """What the history keeps of a document: everything but the text, whose hash stands for it."""
    return {k: v for k, v in row.items() if k != "text"}


def add_document(db: sqlite_utils.Database, **fields) -> AddedDocument:
    """Store one document unless the same text is already stored.  Takes document_row()'s arguments."""
    row = document_row(**fields)
    with transaction(db):
        existing = find_by_text_hash(db, row["text_sha256"])
        if existing:
            return AddedDocument(existing, created=False)
        db["documents"].insert(row)
        search_terms.documents_added(db, [(row.get("title"), row["text"])])
        history.record(
            db, actor=row["imported_by"], action="import", entity="document",
            entity_id=row["id"], after=history_state(row),
        )
    return AddedDocument(row["id"], created=True)


def get_document(db: sqlite_utils.Database, document_id: str) -> dict:
    rows = list(db.query("SELECT * FROM documents WHERE id = ?", [document_id]))
    if not rows:
        raise StoreError(f"no document with id {document_id}")
    return rows[0]


def get_text(db: sqlite_utils.Database, document_id: str) -> str:
    row = db.execute("SELECT text FROM documents WHERE id = ?", [document_id]).fetchone()
    if row is None:
        raise StoreError(f"no document with id {document_id}")
    return row[0]


def list_documents(db: sqlite_utils.Database) -> list[dict]:
    """Every document's metadata (not its text) with span and event counts, in import order."""
    return list(
        db.query(
            """
            SELECT d.id, d.title, d.outlet, d.published, d.source, d.url, d.length,
                   d.imported_by, d.imported_at, d.revision, d.supersedes,
                   (SELECT COUNT(*) FROM spans s WHERE s.document_id = d.id) AS span_count,
                   (SELECT COUNT(*) FROM events e WHERE e.document_id = d.id) AS event_count
            FROM documents d ORDER BY d.rowid
            """
        )
    )


def update_metadata(db: sqlite_utils.Database, document_id: str, changes: dict, actor: str) -> dict:
    """Give or correct a document's metadata (never its text)."""
    bad = set(changes) - set(EDITABLE_FIELDS)
    if bad:
        raise StoreError(f"cannot edit document field(s): {', '.join(sorted(bad))}")
    with transaction(db):
        before = get_document(db, document_id)
        db["documents"].update(document_id, changes)
        after = get_document(db, document_id)
        history.record(
            db, actor=actor, action="update", entity="document", entity_id=document_id,
            before={k: before[k] for k in changes}, after={k: after[k] for k in changes},
        )
    return after
