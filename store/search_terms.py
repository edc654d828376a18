"""The indexed words, folded, kept beside the full-text index: `search_terms`.

One row per word of the index (as FTS5's tokenizer makes it: lower case,
diacritics removed), its `fold()` key and how many documents have it.  Spelling
variants (store/search_variants.py) look a word's fold up here instead of reading
the whole vocabulary of a letter through `fts5vocab` in every process (100-600 ms
on 100,000 articles), and ranking (store/search.py) reads a word's document count.

The table is kept up by whoever writes documents, in the same transaction:
`documents_added` after rows are inserted, `documents_removed` before they are
deleted (the importer, `add_document`, the merge).  The words of those documents
are found by the same tokenizer: they are put in a temporary FTS5 table of the
connection, whose `fts5vocab` gives each word and how many of them have it.  A
migration (later_migrations._m012_search_terms) builds it for an existing database.
A database written by something else (raw SQL) may miss words here: a variant is
then not offered; the words typed still match as they always did.
"""

from __future__ import annotations

import sqlite3
from typing import Iterable

from store.grounding.folding import fold

TABLE = "search_terms"
CREATE = (
    "CREATE TABLE IF NOT EXISTS search_terms (\n"
    "    term TEXT PRIMARY KEY,\n"
    "    folded TEXT NOT NULL,\n"
    "    docs INTEGER NOT NULL\n"
    ") WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS search_terms_folded ON search_terms(folded, term)",
)
#: The tokenizer of documents_fts (store/db/schema.py, _m005_datasette_ready).
_TOKENIZE = "unicode61 remove_diacritics 2"


def _conn(db) -> sqlite3.Connection:
    return db.conn if hasattr(db, "conn") else db


def has_table(db) -> bool:
    return _conn(db).execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_terms'").fetchone() is not None


def _scratch(conn: sqlite3.Connection) -> None:
    # Contentless: emptied at once by 'delete-all' (a content table re-reads every row).
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_terms_scratch USING fts5("
                 f"title, text, content='', tokenize='{_TOKENIZE}')")
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_terms_scratch_vocab "
                 "USING fts5vocab(temp, search_terms_scratch, row)")


def _counts(conn: sqlite3.Connection, texts: Iterable[tuple[str | None, str | None]]) -> list[tuple[str, int]]:
    """Each word of these (title, text) pairs and how many of the pairs have it."""
    _scratch(conn)
    empty = "INSERT INTO temp.search_terms_scratch (search_terms_scratch) VALUES ('delete-all')"
    conn.execute(empty)
    conn.executemany("INSERT INTO temp.search_terms_scratch (title, text) VALUES (?, ?)", texts)
    counts = conn.execute("SELECT term, doc FROM temp.search_terms_scratch_vocab").fetchall()
    conn.execute(empty)
    return counts


def documents_added(db, texts: Iterable[tuple[str | None, str | None]]) -> None:
    """Count the words of these new documents' (title, text): call in their transaction."""
    conn = _conn(db)
    if not has_table(conn):
        return
    counts = _counts(conn, texts)
    known: set[str] = set()
    for i in range(0, len(counts), 500):
        chunk = [term for term, _ in counts[i:i + 500]]
        known.update(row[0] for row in conn.execute(
            f"SELECT term FROM search_terms WHERE term IN ({', '.join('?' * len(chunk))})", chunk))
    # fold() only the words new to the index: it is most of the cost (~30 µs a word).
    conn.executemany("UPDATE search_terms SET docs = docs + ? WHERE term = ?",
                     [(n, term) for term, n in counts if term in known])
    conn.executemany("INSERT INTO search_terms (term, folded, docs) VALUES (?, ?, ?)",
                     [(term, fold(term), n) for term, n in counts if term not in known])


def documents_removed(db, texts: Iterable[tuple[str | None, str | None]]) -> None:
    """Uncount the words of documents about to be deleted (their title, text)."""
    conn = _conn(db)
    if not has_table(conn):
        return
    counts = _counts(conn, texts)
    conn.executemany("UPDATE search_terms SET docs = docs - ? WHERE term = ?",
                     [(n, term) for term, n in counts])
    conn.executemany("DELETE FROM search_terms WHERE term = ? AND docs <= 0",
                     [(term,) for term, _ in counts])


def rows_removed(db, where: str, params: list) -> None:
    """`documents_removed` for the documents `WHERE where` (read before they go)."""
    rows = _conn(db).execute(f"SELECT title, text FROM documents WHERE {where}", params).fetchall()
    if rows:
        documents_removed(db, rows)


def build(conn: sqlite3.Connection) -> None:
    """The table from the whole index (the migration; also a repair): one read of fts5vocab."""
    for statement in CREATE:
        conn.execute(statement)
    conn.execute("DELETE FROM search_terms")
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_terms_build "
                 "USING fts5vocab(main, documents_fts, row)")
    try:
        rows = conn.execute("SELECT term, doc FROM temp.search_terms_build").fetchall()
    finally:
        conn.execute("DROP TABLE temp.search_terms_build")
    conn.executemany("INSERT INTO search_terms (term, folded, docs) VALUES (?, ?, ?)",
                     [(term, fold(term), n) for term, n in rows])


def variants(db, folded_word: str, limit: int) -> list[str] | None:
    """The indexed words whose fold is `folded_word`, in index order, or None without the table."""
    try:
        return [row[0] for row in _conn(db).execute(
            "SELECT term FROM search_terms WHERE folded = ? ORDER BY term LIMIT ?",
            [folded_word, limit])]
    except sqlite3.OperationalError:
        return None


def document_count(db, term: str) -> int | None:
    """How many documents have this indexed word (0 for none), or None without the table."""
    try:
        row = _conn(db).execute("SELECT docs FROM search_terms WHERE term = ?", [term]).fetchone()
    except sqlite3.OperationalError:
        return None
    return row[0] if row else 0
