"""Full-text search over documents (SQLite FTS5), ranked by bm25, with a snippet per hit.

A query is first tried as FTS5 syntax, so `Atme OR Atma`, `"more than 100"`
and `kill*` work; when that is not valid FTS5 (`al-Qaeda`, `U.S.`, a stray
quote), each whitespace-separated word is searched as a quoted phrase instead,
so no query is ever an error.

Each hit carries the code-point offsets in the document text of the match the
snippet shows, so a viewer can move straight to it.

Ranking is bounded.  FTS5 computes bm25 for every match before it applies LIMIT
(~5 µs a match: 300-700 ms for a word in half of 100,000 articles), so a query is
first run without ranking, newest first (`ORDER BY rowid DESC`, about a
microsecond a match, stopped at CANDIDATES + 1).  When it matches at most
CANDIDATES documents, all of them are ranked: the results are exactly what
ranking every match gives.  When it matches more, only the CANDIDATES most
recently imported matches are ranked (`rowid >=` the CANDIDATES-th newest's):
each of them has the score full ranking would give it (bm25's idf counts the
whole index), but a better-scoring older document may be left out.  Every
result still matches the query.  The number of matching documents is then
counted exactly if that takes at most COUNT_SECONDS; otherwise it is estimated
from how densely the newest matches lie among the rowids, and said to be an
estimate ("about").
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
#: The most matches ranked by bm25; past it, the newest this many are (see above).
CANDIDATES = 2000
#: How long counting the matches of a query past CANDIDATES may take before it is estimated.
COUNT_SECONDS = 0.004


class _Deadline:
    """Stops a running statement once `seconds` have passed (checked every 1,000 steps)."""

    def __init__(self, db: sqlite_utils.Database, seconds: float):
        self.db, self.seconds, self.expired = db, seconds, False
        self.soft_end: float | None = None  # a shorter limit for one statement (`within`)
        self.soft_expired = False

    def __enter__(self):
        end = self.end = time.monotonic() + self.seconds

        def check() -> int:
            now = time.monotonic()
            if now > end:
                self.expired = True
                return 1  # non-zero interrupts the statement
            if self.soft_end is not None and now > self.soft_end:
                self.soft_expired = True
                return 1
            return 0

        self.db.conn.set_progress_handler(check, 1_000)
        return self

    def __exit__(self, *exc) -> None:
        self.db.conn.set_progress_handler(None, 0)

    def within(self, seconds: float, statement):
        """`statement()`, or None when it is still running after `seconds` (it is stopped)."""
        self.soft_end, self.soft_expired = time.monotonic() + seconds, False
        try:
            return statement()
        except sqlite3.OperationalError:
            if self.soft_expired and not self.expired:
                return None
            raise
        finally:
            self.soft_end = None

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
    return find(db, query, limit, seconds).hits


@dataclass(frozen=True)
class Matches:
    """How many documents match a query: `total`, exact unless `estimated`; `ranked`
    of them were ranked (all, unless more than CANDIDATES match: then the newest)."""

    total: int = 0
    estimated: bool = False
    ranked: int = 0
    counted: bool = True  # False: not counted past `ranked` yet (`total` is ranked + 1)

    @property
    def capped(self) -> bool:
        return self.ranked < self.total

    def describe(self) -> str:
        """"12 documents match", "about 57,000 documents match; the 2,000 newest ranked"."""
        if not self.counted:
            return f"more than {self.ranked:,} documents match; the {self.ranked:,} most recently imported ranked"
        n = f"about {self.total:,}" if self.estimated else f"{self.total:,}"
        one = self.total == 1 and not self.estimated
        text = f"{n} {'document matches' if one else 'documents match'}"
        if self.capped:
            text += f"; the {self.ranked:,} most recently imported ranked"
        return text


@dataclass(frozen=True)
class Found:
    hits: list[SearchHit]
    matches: Matches


def find(db: sqlite_utils.Database, query: str, limit: int = 20,
         seconds: float = MAX_SEARCH_SECONDS) -> Found:
    """`search_documents`' hits and how many documents match in all (`Matches`)."""
    found = _search(db, query, seconds, lambda fts, deadline: _run(db, fts, limit, deadline))
    if not found:
        return Found([], Matches())
    rows, matches = found[1]
    return Found([_hit(db, *row) for row in rows], matches)


@dataclass(frozen=True)
class Ranked:
    """The documents matching a query, best first, without snippets (`hits_for` makes a
    page's): the library lists up to 1,000 hits but shows a screenful."""

    document_ids: tuple[str, ...]
    fts_query: str  # what was run: the query with its variants, or its words as phrases
    matches: Matches = Matches()  # how many match in all (more than listed, perhaps)
    ranks: tuple[float, ...] = ()  # each document's bm25, beside document_ids


def rank_documents(db: sqlite_utils.Database, query: str, limit: int = 1000,
                   seconds: float = MAX_SEARCH_SECONDS) -> Ranked:
    """The ids of the best `limit` documents for `query`, in `search_documents`' order
    (the same ranking statement, without its snippet column), and the FTS5 query run."""
    found = _search(db, query, seconds, lambda fts, deadline: _ranked_ids(db, fts, limit, deadline))
    if not found:
        return Ranked((), "")
    ids, ranks, matches = found[1]
    return Ranked(tuple(ids), found[0], matches, tuple(ranks))


def first_hits(db: sqlite_utils.Database, query: str, limit: int,
               seconds: float = MAX_SEARCH_SECONDS) -> tuple[Ranked, list[SearchHit]]:
    """The best `limit` hits with their snippets, and a `Ranked` of just them: what a
    screen shows first, in one ranking statement (snippets only for the rows it returns,
    ids only for them), without counting a query past CANDIDATES.  `rank_documents`
    gives the rest of the list after; its first `limit` are these (see `extend`)."""
    found = _search(db, query, seconds,
                    lambda fts, deadline: _run(db, fts, limit, deadline, count=False))
    if not found:
        return Ranked((), ""), []
    fts_query, (rows, matches) = found
    hits = [_hit(db, *row) for row in rows]
    return Ranked(tuple(h.document_id for h in hits), fts_query, matches,
                  tuple(h.rank for h in hits)), hits


def extend(first: Ranked, every: Ranked) -> Ranked:
    """`first` (shown already) followed by the rest of `every`, with `every`'s count: the
    ranking of the whole list keeps the order of what is on the screen."""
    shown = set(first.document_ids)
    rest = [(i, r) for i, r in zip(every.document_ids, every.ranks) if i not in shown]
    return Ranked(first.document_ids + tuple(i for i, _ in rest), every.fts_query or first.fts_query,
                  every.matches, first.ranks + tuple(r for _, r in rest))


def hits_for(db: sqlite_utils.Database, ranked: Ranked, document_ids: list[str] | tuple[str, ...],
             seconds: float = MAX_SEARCH_SECONDS) -> list[SearchHit]:
    """The hits (snippet, offsets of the match) of these documents of `ranked`, in the
    order given: what `search_documents` gives for them, a page at a time."""
    if not ranked.fts_query or not document_ids:
        return []
    with _Deadline(db, seconds) as deadline:
        try:
            rows = _run_for(db, ranked.fts_query, list(document_ids),
                            dict(zip(ranked.document_ids, ranked.ranks)))
        except sqlite3.OperationalError as exc:
            if deadline.expired:
                raise StoreError(f"search stopped after {seconds:g} s; "
                                 "give fewer or more specific terms") from None
            raise StoreError(f"cannot search for {ranked.fts_query!r}: {exc}") from None
    return [_hit(db, *row) for row in rows]


def _search(db, query: str, seconds: float, run) -> tuple[str, list] | None:
    """`run(fts_query, deadline)` on the query with its variants, or, when that is not valid FTS5,
    on its words as phrases: (the FTS5 query run, what it returned), or None for nothing."""
    if not query or not query.strip():
        return None
    check_query_size(query)
    with _Deadline(db, seconds) as deadline:
        # A place's spelling variants match too (store.search_variants).
        query = expanded_query(db, query) or query
        try:
            found = (query, run(query, deadline))
        except sqlite3.OperationalError:
            if deadline.expired:
                raise StoreError(f"search stopped after {seconds:g} s; "
                                 "give fewer or more specific terms") from None
            fallback = safe_query(query)
            if not fallback:
                return None
            try:
                found = (fallback, run(fallback, deadline))
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


_NEWEST = ("SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?"
           " ORDER BY rowid DESC LIMIT ?")


def _bounds(db, fts_query: str, deadline: _Deadline, count: bool = True) -> tuple[str, list, Matches]:
    """The condition and parameters that keep ranking to at most CANDIDATES matches, and
    how many documents match (see the module's docstring); without `count`, a query past
    CANDIDATES is not counted (`Matches.counted` false): the library's first screenful
    does not wait for it."""
    newest = [rowid for rowid, in db.execute(_NEWEST, [fts_query, CANDIDATES + 1])]
    if len(newest) <= CANDIDATES:
        return "", [], Matches(len(newest), False, len(newest))
    cutoff = newest[CANDIDATES - 1]
    if not count:
        return " AND rowid >= ?", [cutoff], Matches(CANDIDATES + 1, True, CANDIDATES, counted=False)
    counted = deadline.within(COUNT_SECONDS, lambda: db.execute(
        "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?", [fts_query]).fetchone()[0])
    if counted is not None:
        return " AND rowid >= ?", [cutoff], Matches(counted, False, CANDIDATES)
    # As densely as the newest CANDIDATES lie in rowids [cutoff, newest], over all rowids.
    lowest = db.execute("SELECT min(rowid) FROM documents").fetchone()[0] or 1
    density = CANDIDATES / (newest[0] - cutoff + 1)
    guess = CANDIDATES + density * max(0, cutoff - lowest)
    digits = max(0, len(str(int(guess))) - 2)
    guess = max(CANDIDATES + 1, round(guess, -digits))
    return " AND rowid >= ?", [cutoff], Matches(int(guess), True, CANDIDATES)


def _ranked_ids(db, fts_query: str, limit: int,
                deadline: _Deadline) -> tuple[list[str], list[float], Matches]:
    """The ids and ranks of the best `limit` matches: the ranking statement of `_run`
    without snippets."""
    where, params, matches = _bounds(db, fts_query, deadline)
    top = db.execute(f"SELECT rowid, rank FROM documents_fts WHERE documents_fts MATCH ?{where}"
                     f" AND {_RANK} ORDER BY rank LIMIT ?", [fts_query, *params, limit]).fetchall()
    ids = _documents(db, [rowid for rowid, _ in top], "id")
    kept = [(ids[rowid][0], rank) for rowid, rank in top if rowid in ids]
    return [i for i, _ in kept], [r for _, r in kept], matches


def _run_for(db, fts_query: str, document_ids: list[str], ranks: dict[str, float]) -> list[tuple]:
    """`_run`'s rows for these documents (in the order given), snippets for them alone.

    One MATCH per 500 documents, kept to the rowids between theirs (FTS5 walks those
    matches without ranking them) and filtered to theirs by `+rowid IN`: the unary plus
    keeps SQLite from running the MATCH once per rowid (each run ranked the whole index
    again for bm25: 230-640 ms for 50 hits of a common word).  Their ranks come from the
    ranking (`ranks`); only a document without one is ranked here.
    """
    rowid_of: dict[str, int] = {}
    for i in range(0, len(document_ids), 500):
        chunk = document_ids[i:i + 500]
        marks = ", ".join("?" for _ in chunk)
        rowid_of.update((doc_id, rowid) for rowid, doc_id in db.execute(
            f"SELECT rowid, id FROM documents WHERE id IN ({marks})", chunk))
    rowids = [rowid_of[i] for i in document_ids if i in rowid_of]
    need_rank = any(i not in ranks for i in document_ids if i in rowid_of)
    rank_column = "rank" if need_rank else "NULL"
    rank_where = f" AND {_RANK}" if need_rank else ""
    found: dict[int, tuple] = {}
    for i in range(0, len(rowids), 500):
        chunk = rowids[i:i + 500]
        marks = ", ".join("?" for _ in chunk)
        found.update((rowid, (rank, snippet)) for rowid, rank, snippet in db.execute(
            f"SELECT rowid, {rank_column}, {_SNIPPET} FROM documents_fts WHERE documents_fts MATCH ?"
            f" AND rowid BETWEEN ? AND ? AND +rowid IN ({marks}){rank_where}",
            [fts_query, min(chunk), max(chunk), *chunk]))
    docs = _documents(db, [r for r in rowids if r in found], "id, title, text")
    rows = []
    for r in rowids:
        if r in found and r in docs:
            rank, snippet = found[r]
            rows.append((*docs[r], snippet, ranks.get(docs[r][0], rank)))
    return rows


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


def _run(db, fts_query: str, limit: int, deadline: _Deadline,
         count: bool = True) -> tuple[list[tuple], Matches]:
    """The best `limit` documents with their snippets, in one statement (within `_bounds`).

    With ORDER BY rank and a LIMIT, FTS5 sorts the matches by rank first (rowid and
    bm25 only) and computes snippet() for the rows it returns alone, so asking for it
    here costs `limit` snippets, not one per matching document (measured in
    bench/bench_search.py: a tenth of the time of a second MATCH per hit).
    """
    where, params, matches = _bounds(db, fts_query, deadline, count)
    top = db.execute(
        f"SELECT rowid, rank, {_SNIPPET} FROM documents_fts WHERE documents_fts MATCH ?{where}"
        f" AND {_RANK} ORDER BY rank LIMIT ?",
        [fts_query, *params, limit],
    ).fetchall()
    docs = _documents(db, [rowid for rowid, _, _ in top], "id, title, text")
    return [(*docs[rowid], snippet, rank) for rowid, rank, snippet in top if rowid in docs], matches


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
