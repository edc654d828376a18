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
    found = _search(db, query, seconds, lambda fts: _run(db, fts, limit))
    return [_hit(db, *row) for row in found[1]] if found else []


@dataclass(frozen=True)
class Ranked:
    """The documents matching a query, best first, without snippets (`hits_for` makes a
    page's): the library lists up to 1,000 hits but shows a screenful."""

    document_ids: tuple[str, ...]
    fts_query: str  # what was run: the query with its variants, or its words as phrases


def rank_documents(db: sqlite_utils.Database, query: str, limit: int = 1000,
                   seconds: float = MAX_SEARCH_SECONDS) -> Ranked:
    """The ids of the best `limit` documents for `query`, in `search_documents`' order
    (the same ranking statement, without its snippet column), and the FTS5 query run."""
    found = _search(db, query, seconds, lambda fts: _ranked_ids(db, fts, limit))
    return Ranked(tuple(found[1]), found[0]) if found else Ranked((), "")


def hits_for(db: sqlite_utils.Database, ranked: Ranked, document_ids: list[str] | tuple[str, ...],
             seconds: float = MAX_SEARCH_SECONDS) -> list[SearchHit]:
    """The hits (snippet, offsets of the match) of these documents of `ranked`, in the
    order given: what `search_documents` gives for them, a page at a time."""
    if not ranked.fts_query or not document_ids:
        return []
    with _Deadline(db, seconds) as deadline:
        try:
            rows = _run_for(db, ranked.fts_query, list(document_ids))
        except sqlite3.OperationalError as exc:
            if deadline.expired:
                raise StoreError(f"search stopped after {seconds:g} s; "
                                 "give fewer or more specific terms") from None
            raise StoreError(f"cannot search for {ranked.fts_query!r}: {exc}") from None
    return [_hit(db, *row) for row in rows]


def _search(db, query: str, seconds: float, run) -> tuple[str, list] | None:
    """`run(fts_query)` on the query with its variants, or, when that is not valid FTS5,
    on its words as phrases: (the FTS5 query run, what it returned), or None for nothing."""
    if not query or not query.strip():
        return None
    check_query_size(query)
    with _Deadline(db, seconds) as deadline:
        # A place's spelling variants match too (store.search_variants).
        query = expanded_query(db, query) or query
        try:
            found = (query, run(query))
        except sqlite3.OperationalError:
            if deadline.expired:
                raise StoreError(f"search stopped after {seconds:g} s; "
                                 "give fewer or more specific terms") from None
            fallback = safe_query(query)
            if not fallback:
                return None
            try:
                found = (fallback, run(fallback))
            except sqlite3.OperationalError as exc:
                if deadline.expired:
                    raise StoreError(f"search stopped after {seconds:g} s; "
                                     "give fewer or more specific terms") from None
                raise StoreError(f"cannot search for {query!r}: {exc}") from None
        if deadline.passed():
            raise StoreError(f"search stopped after {seconds:g} s; "
                             "give fewer or more specific terms")
        return found


_RANK = f"rank MATCH 'bm25({TITLE_WEIGHT}, {TEXT_WEIGHT})'"
_SNIPPET = f"snippet(documents_fts, -1, '{_OPEN}', '{_CLOSE}', '{_CUT}', {SNIPPET_TOKENS})"


def _ranked_ids(db, fts_query: str, limit: int) -> list[str]:
    """The ids of the best `limit` matches: the ranking statement of `_run` without snippets."""
    top = db.execute(f"SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? AND {_RANK}"
                     " ORDER BY rank LIMIT ?", [fts_query, limit]).fetchall()
    ids = _documents(db, [rowid for rowid, in top], "id")
    return [ids[rowid][0] for rowid, in top if rowid in ids]


def _run_for(db, fts_query: str, document_ids: list[str]) -> list[tuple]:
    """`_run`'s rows for these documents (in the order given), snippets for them alone."""
    rowid_of: dict[str, int] = {}
    for i in range(0, len(document_ids), 500):
        chunk = document_ids[i:i + 500]
        marks = ", ".join("?" for _ in chunk)
        rowid_of.update((doc_id, rowid) for rowid, doc_id in db.execute(
            f"SELECT rowid, id FROM documents WHERE id IN ({marks})", chunk))
    rowids = [rowid_of[i] for i in document_ids if i in rowid_of]
    found: dict[int, tuple] = {}
    for i in range(0, len(rowids), 500):
        chunk = rowids[i:i + 500]
        marks = ", ".join("?" for _ in chunk)
        found.update((rowid, (rank, snippet)) for rowid, rank, snippet in db.execute(
            f"SELECT rowid, rank, {_SNIPPET} FROM documents_fts WHERE documents_fts MATCH ?"
            f" AND {_RANK} AND rowid IN ({marks})", [fts_query, *chunk]))
    docs = _documents(db, [r for r in rowids if r in found], "id, title, text")
    return [(*docs[r], found[r][1], found[r][0]) for r in rowids if r in found and r in docs]


def _documents(db, rowids: list[int], columns: str) -> dict[int, tuple]:
    """`columns` of the documents with these rowids: one read per 500, not one per hit."""
    docs: dict[int, tuple] = {}
    for i in range(0, len(rowids), 500):
        chunk = rowids[i:i + 500]
        marks = ", ".join("?" for _ in chunk)
        for rowid, *doc in db.execute(
                f"SELECT rowid, {columns} FROM documents WHERE rowid IN ({marks})", chunk):
            docs[rowid] = tuple(doc)
    return docs


def _run(db, fts_query: str, limit: int) -> list[tuple]:
    """The best `limit` documents with their snippets, in one statement.

    With ORDER BY rank and a LIMIT, FTS5 sorts the matches by rank first (rowid and
    bm25 only) and computes snippet() for the rows it returns alone, so asking for it
    here costs `limit` snippets, not one per matching document (measured in
    bench/bench_search.py: a tenth of the time of a second MATCH per hit).
    """
    top = db.execute(
        f"SELECT rowid, rank, {_SNIPPET} FROM documents_fts WHERE documents_fts MATCH ?"
        f" AND {_RANK} ORDER BY rank LIMIT ?",
        [fts_query, limit],
    ).fetchall()
    docs = _documents(db, [rowid for rowid, _, _ in top], "id, title, text")
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
