"""What the workstation's library lists: documents with their counts, and full-text search."""

from __future__ import annotations

import sqlite_utils

from store.records.documents import list_documents
from store.review.queue import comments_by_document
from store.search import search_documents


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


def search(db: sqlite_utils.Database, query: str) -> list[tuple[str, str, tuple[int, int] | None]]:
    """(document id, snippet of the match, the match's offsets in the text) for the
    documents matching `query`, best first: opening a hit shows its match."""
    return [(hit.document_id, hit.snippet,
             (hit.match_start, hit.match_end) if hit.match_start is not None else None)
            for hit in search_documents(db, query, limit=1000)]
