"""What the workstation's library lists: documents with their counts, and full-text search."""

from __future__ import annotations

import re

import sqlite_utils

from .documents import list_documents
from .review import comments_by_document


def library_rows(db: sqlite_utils.Database, login: str | None = None) -> list[dict]:
    """`list_documents` plus, per document, how many of its events are in each status.

    With `login`, each row also has `review_comments`: the editors' comments on
    that person's events there that were sent back or rejected.
    """
    rows = list_documents(db)
    comments = comments_by_document(db, login) if login else {}
    counts: dict[str, dict[str, int]] = {}
    for document_id, status, n in db.execute(
        "SELECT document_id, status, COUNT(*) FROM events GROUP BY document_id, status"
    ):
        counts.setdefault(document_id, {})[status] = n
    for row in rows:
        row["status_counts"] = counts.get(row["id"], {})
        row["review_comments"] = comments.get(row["id"], [])
    return rows


def _fts_query(query: str) -> str:
    """Each word as a quoted FTS5 string, so user input is never FTS syntax."""
    words = re.findall(r"\w+", query)
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def search_ids(db: sqlite_utils.Database, query: str) -> list[str]:
    """Ids of the documents matching `query`, best first.

    Uses `store.search.search_documents` (the search issue) when it is there;
    until then a plain FTS5 match over title and text, ranked by bm25.
    """
    try:
        from . import search  # type: ignore[attr-defined]
    except ImportError:
        search = None
    if search is not None and hasattr(search, "search_documents"):
        return [hit.document_id for hit in search.search_documents(db, query, limit=1000)]
    fts = _fts_query(query)
    if not fts:
        return []
    return [r[0] for r in db.execute(
        "SELECT d.id FROM documents_fts f JOIN documents d ON d.rowid = f.rowid"
        " WHERE documents_fts MATCH ? ORDER BY bm25(documents_fts)", [fts])]
