"""Full-text search over documents (SQLite FTS5), ranked by bm25, with a snippet per hit.

A query is first tried as FTS5 syntax, so `Atme OR Atma`, `"more than 100"`
and `kill*` work; when that is not valid FTS5 (`al-Qaeda`, `U.S.`, a stray
quote), each whitespace-separated word is searched as a quoted phrase instead,
so no query is ever an error.

Each hit carries the code-point offsets in the document text of the match the
snippet shows, so a viewer can move straight to it.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass

import sqlite_utils

from store.errors import StoreError
from store.search_variants import expanded_query

#: Markers FTS5 puts around matches and at cut ends (private-use characters, so
#: text cannot contain them by accident; replaced before anyone sees them).
_OPEN, _CLOSE, _CUT = "\ue000", "\ue001", "\ue002"
TITLE_WEIGHT = 5.0
TEXT_WEIGHT = 1.0
SNIPPET_TOKENS = 16


@dataclass(frozen=True)
class SearchHit:
    document_id: str
    title: str | None
    snippet: str  # plain text: matches in [brackets], cut ends as …
    highlights: tuple[tuple[int, int], ...]  # (start, end) of each match within `snippet`
    rank: float  # bm25: lower is better
    match_start: int | None  # code-point offsets of the shown match in the document text
    match_end: int | None


def safe_query(query: str) -> str:
    """The query with each whitespace-separated word made a quoted FTS5 phrase (always valid)."""
    words = query.split()
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


#: The largest query searched: hundreds of OR terms cost seconds to minutes of CPU.
MAX_QUERY_CHARS = 1000
MAX_QUERY_TERMS = 64
#: How long one search may run before it is stopped (SQLite's progress handler).
MAX_SEARCH_SECONDS = 5.0


class _Deadline:
    """Stops a running statement once `seconds` have passed (checked every 1,000 steps)."""

    def __init__(self, db: sqlite_utils.Database, seconds: float):
        self.db, self.seconds, self.expired = db, seconds, False

    def __enter__(self):
        end = self.end = time.monotonic() + self.seconds

        def check() -> int:
            if time.monotonic() > end:
                self.expired = True
                return 1  # non-zero interrupts the statement
            return 0

        self.db.conn.set_progress_handler(check, 1_000)
        return self

    def __exit__(self, *exc) -> None:
        self.db.conn.set_progress_handler(None, 0)

    def passed(self) -> bool:
        """The time is up (a statement too short for the handler's check may end after it)."""
        self.expired = self.expired or time.monotonic() > self.end
        return self.expired


def check_query_size(query: str) -> None:
    """Refuse, in one line, a query past the stated size (characters, terms)."""
    if len(query) > MAX_QUERY_CHARS:
        raise StoreError(f"search query is {len(query)} characters; at most {MAX_QUERY_CHARS}")
    terms = len(query.split())
    if terms > MAX_QUERY_TERMS:
        raise StoreError(f"search query has {terms} terms; at most {MAX_QUERY_TERMS}")


def search_documents(db: sqlite_utils.Database, query: str, limit: int = 20,
                     seconds: float = MAX_SEARCH_SECONDS) -> list[SearchHit]:
    """The best `limit` documents for `query`, best first.  An empty query finds nothing.

    A query past MAX_QUERY_CHARS or MAX_QUERY_TERMS, or one still running after
    `seconds`, is refused with a StoreError (one line).
    """
    if not query or not query.strip():
        return []
    check_query_size(query)
    with _Deadline(db, seconds) as deadline:
        # A place's spelling variants match too (store.search_variants).
        query = expanded_query(db, query) or query
        try:
            rows = _run(db, query, limit)
        except sqlite3.OperationalError:
            if deadline.expired:
                raise StoreError(f"search stopped after {seconds:g} s; "
                                 "give fewer or more specific terms") from None
            fallback = safe_query(query)
            if not fallback:
                return []
            try:
                rows = _run(db, fallback, limit)
            except sqlite3.OperationalError as exc:
                if deadline.expired:
                    raise StoreError(f"search stopped after {seconds:g} s; "
                                     "give fewer or more specific terms") from None
                raise StoreError(f"cannot search for {query!r}: {exc}") from None
        if deadline.passed():
            raise StoreError(f"search stopped after {seconds:g} s; "
                             "give fewer or more specific terms")
        return [_hit(db, *row) for row in rows]


def _run(db, fts_query: str, limit: int) -> list[tuple]:
    """The best `limit` documents with their snippets, in one statement.

    With ORDER BY rank and a LIMIT, FTS5 sorts the matches by rank first (rowid and
    bm25 only) and computes snippet() for the rows it returns alone, so asking for it
    here costs `limit` snippets, not one per matching document (measured in
    bench/bench_search.py: a tenth of the time of a second MATCH per hit).
    """
    top = db.execute(
        f"SELECT rowid, rank, snippet(documents_fts, -1, '{_OPEN}', '{_CLOSE}', '{_CUT}',"
        f" {SNIPPET_TOKENS}) FROM documents_fts WHERE documents_fts MATCH ?"
        f" AND rank MATCH 'bm25({TITLE_WEIGHT}, {TEXT_WEIGHT})' ORDER BY rank LIMIT ?",
        [fts_query, limit],
    ).fetchall()
    docs: dict[int, tuple] = {}
    rowids = [rowid for rowid, _, _ in top]
    for i in range(0, len(rowids), 500):  # one read per 500 hits, not one per hit
        chunk = rowids[i:i + 500]
        marks = ", ".join("?" for _ in chunk)
        for rowid, *doc in db.execute(
                f"SELECT rowid, id, title, text FROM documents WHERE rowid IN ({marks})", chunk):
            docs[rowid] = tuple(doc)
    return [(*docs[rowid], snippet, rank) for rowid, rank, snippet in top if rowid in docs]


def _hit(db, document_id: str, title: str | None, text: str, raw: str, rank: float) -> SearchHit:
    body = raw
    if body.startswith(_CUT):
        body = body[1:]
    if body.endswith(_CUT):
        body = body[:-1]
    # The snippet is a verbatim run of the column's text: find it to get real offsets.
    plain = body.replace(_OPEN, "").replace(_CLOSE, "")
    match_start = match_end = None
    first_open = body.find(_OPEN)
    if first_open >= 0:
        first_close = body.find(_CLOSE, first_open)
        before = body[:first_open].replace(_CLOSE, "").replace(_OPEN, "")
        term = body[first_open + 1:first_close if first_close >= 0 else None]
        where = text.find(plain)
        if where >= 0:
            match_start = where + len(before)
            match_end = match_start + len(term)
        else:  # the match was in the title: point at the term's first use in the text, if any
            where = text.find(term)
            if where >= 0:
                match_start, match_end = where, where + len(term)
    shown, highlights = _display(raw)
    return SearchHit(document_id, title, shown, tuple(highlights), rank, match_start, match_end)


def _display(raw: str) -> tuple[str, list[tuple[int, int]]]:
    """The snippet as plain text, matches bracketed, and where each match sits in it."""
    out: list[str] = []
    highlights: list[tuple[int, int]] = []
    length = 0
    start = None
    for ch in raw:
        if ch == _OPEN:
            out.append("[")
            length += 1
            start = length
        elif ch == _CLOSE:
            if start is not None:
                highlights.append((start, length))
            out.append("]")
            length += 1
            start = None
        elif ch == _CUT:
            out.append("…")
            length += 1
        else:
            out.append(ch)
            length += 1
    return "".join(out), highlights


def count_documents(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
