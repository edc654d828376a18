"""What the workstation's library lists: documents with their counts, and full-text search."""

from __future__ import annotations

import sqlite_utils

from store.records.documents import list_documents
from store.review.queue import comments_by_document
from store.search import Ranked, extend, first_hits, hits_for, rank_documents


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


#: The most hits a library search lists, and how many of them get their snippet at once.
SEARCH_HITS = 1000
FIRST_HITS = 50

Hit = tuple[str, str, "tuple[int, int] | None"]


def search(db: sqlite_utils.Database, query: str,
           first: int = FIRST_HITS) -> tuple[Ranked, list[Hit]]:
    """The best `first` documents matching `query`, with (document id, snippet of the
    match, the match's offsets in the text) for each: opening a hit shows its match.
    One ranking statement gives them and their snippets, so the first screenful does not
    wait for the rest of the list: `rank_rest` ranks up to SEARCH_HITS after, and
    `search_page` gives the snippets of the others when they are shown."""
    ranked, hits = first_hits(db, query, first)
    return ranked, [_as_hit(hit) for hit in hits]


def rank_rest(db: sqlite_utils.Database, query: str, first: Ranked) -> Ranked:
    """Every hit of `query` up to SEARCH_HITS, `first` (a `search`'s, on the screen)
    first in its order, and how many documents match in all."""
    if first.matches.counted and first.matches.total <= len(first.document_ids):
        return first  # every match is listed already
    return extend(first, rank_documents(db, query, limit=SEARCH_HITS))


def search_page(db: sqlite_utils.Database, ranked: Ranked, ids) -> list[Hit]:
    """The hits of these documents of a search (`search`), in the order given."""
    return [_as_hit(hit) for hit in hits_for(db, ranked, ids)]


def _as_hit(hit) -> Hit:
    return (hit.document_id, hit.snippet,
            (hit.match_start, hit.match_end) if hit.match_start is not None else None)


PAGE_ROWS = 200


def library_window(db: sqlite_utils.Database, login: str | None = None, *, sort: str = "imported",
                   filter_text: str = "", after: tuple | None = None, before: tuple | None = None,
                   last: bool = False, limit: int = PAGE_ROWS) -> tuple[list[dict], int]:
    """One page of the library in `sort` order under the filter words (`parse_filter`):
    the first, the one after `after`, the one before `before`, or the last; and how many
    documents the filter keeps."""
    from store.records.library_pages import count_rows, library_page, parse_filter

    flt = parse_filter(filter_text)
    rows = library_page(db, sort=sort, flt=flt, after=after, before=before, last=last, limit=limit)
    _add_comments(db, rows, login)
    return rows, count_rows(db, flt)


def library_rows_for(db: sqlite_utils.Database, ids: list[str], login: str | None = None) -> list[dict]:
    """The library rows of these documents (a page of search hits), in the order given."""
    from store.records.library_pages import rows_for_ids

    rows = {row["id"]: row for row in rows_for_ids(db, ids)}
    found = [rows[i] for i in ids if i in rows]
    _add_comments(db, found, login)
    return found


def _add_comments(db: sqlite_utils.Database, rows: list[dict], login: str | None) -> None:
    comments = comments_by_document(db, login) if login else {}
    for row in rows:
        row["review_comments"] = comments.get(row["id"], [])
