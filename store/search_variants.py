"""A place's spelling variants in full-text search: Atmeh finds Atme and Atma, Deir ez-Zor
finds Deir al-Zour.

A plain query (words only, no FTS5 operators, at most `MAX_WORDS`) is widened
with every indexed word that `fold()`s like one of its words (looked up in the
`search_terms` table, store/search_terms.py, kept up at import; a database
without it, not yet migrated and opened read-only, reads the FTS5 vocabulary
through a temporary `fts5vocab` table instead: nothing is written to the
project database) and with every name of an editor's place it names. The
original words still match as they did; the variants only add documents.
"""

from __future__ import annotations

import json
import re
import sqlite3

import sqlite_utils

from store import search_terms
from store.grounding.folding import fold

MAX_WORDS = 4
MAX_VARIANTS = 20
_PLAIN = re.compile(r"[\w\s'\u2019-]+")
_OPERATORS = {"AND", "OR", "NOT", "NEAR"}
#: A word FTS5's tokenizer indexes as its lower case.
_ASCII_WORD = re.compile(r"[a-z0-9]+")


def _phrase(words: str) -> str:
    return '"' + words.replace('"', '""') + '"'


_VOCAB_TABLE = ("CREATE VIRTUAL TABLE IF NOT EXISTS temp.documents_vocab "
                "USING fts5vocab(main, documents_fts, row)")


def _make_vocab_table(db: sqlite_utils.Database) -> None:
    """The connection's own temporary fts5vocab table over the index.

    A read-only connection (`open_db_readonly`: `mode=ro` and `query_only`, what
    `eventdesk search` uses) refuses even a temporary table while `query_only` is on,
    so it is lifted for this one statement: the file itself stays `mode=ro`, which
    SQLite enforces whatever `query_only` says; the table lives in the connection's
    temp schema and goes with it.  (It used to fail there, silently: the CLI found
    no spelling variants.)
    """
    try:
        db.execute(_VOCAB_TABLE)
        return
    except sqlite3.OperationalError:
        if not db.execute("PRAGMA query_only").fetchone()[0]:
            raise
    db.execute("PRAGMA query_only = OFF")
    try:
        db.execute(_VOCAB_TABLE)
    finally:
        db.execute("PRAGMA query_only = ON")


def _vocabulary(db: sqlite_utils.Database, first: str) -> list[str]:
    try:
        _make_vocab_table(db)
        return [row[0] for row in db.execute(
            "SELECT term FROM temp.documents_vocab WHERE term >= ? AND term < ?",
            [first, first + "\uffff"])]
    except sqlite3.Error:
        return []


#: The indexed words by first letter, folded, per database file and state of its index:
#: reading them (fts5vocab reads every matching word's document list) costs 100-600 ms
#: on 100,000 articles, so a process that searches again (the workstation's library)
#: reads each letter once per change of the index.
_FOLDED: dict[tuple, dict[str, list[str]]] = {}
_FOLDED_KEEP = 64


def _index_state(db: sqlite_utils.Database) -> tuple | None:
    """The database file and its full-text index's structure record (rewritten on every
    change of the index), or None when there is no file to name (in memory)."""
    try:
        path = next((row[2] for row in db.execute("PRAGMA database_list") if row[1] == "main"), "")
        row = db.execute("SELECT block FROM documents_fts_data WHERE id = 10").fetchone()
    except sqlite3.Error:
        return None
    return (path, row[0]) if path and row else None


def _folded_terms(db: sqlite_utils.Database, first: str, state: tuple | None) -> dict[str, list[str]]:
    """The indexed words starting with `first`, by fold(): in index (sorted) order."""
    key = (state, first)
    folded = _FOLDED.get(key) if state is not None else None
    if folded is None:
        folded = {}
        for term in _vocabulary(db, first):
            folded.setdefault(fold(term), []).append(term)
        if state is not None:
            if len(_FOLDED) >= _FOLDED_KEEP:
                _FOLDED.clear()
            _FOLDED[key] = folded
    return folded


def _editor_names(db: sqlite_utils.Database, key: str) -> list[str]:
    """Every name of each editor's place one of whose names folds to `key`.  Read here, not
    through store.records.places: importing that costs `eventdesk search` 25-30 ms."""
    try:
        rows = db.execute("SELECT name, alternate_names FROM editor_places ORDER BY name, id").fetchall()
    except sqlite3.Error:
        return []
    names = []
    for name, alternates in rows:
        every = [name, *json.loads(alternates or "[]")]
        if any(fold(n) == key for n in every):
            names += every
    return names


def expanded_query(db: sqlite_utils.Database, query: str) -> str | None:
    """An FTS5 query matching `query` and its variants, or None when there are none."""
    if not _PLAIN.fullmatch(query) or any(w in _OPERATORS for w in query.split()):
        return None
    if len(query.split()) > MAX_WORDS:
        return None
    key = fold(query)
    if not key:
        return None
    groups = []
    state = None
    # Typed words FTS5 indexes as they are: a word whose only variant is itself adds nothing.
    typed = [w.lower() for w in query.split()]
    typed = typed if len(typed) == len(key.split()) else []
    widened = False
    for index, word in enumerate(key.split()):
        terms = search_terms.variants(db, word, MAX_VARIANTS)
        if terms is None:  # no search_terms table: the vocabulary of the letter, kept
            state = state if state is not None else _index_state(db)
            terms = _folded_terms(db, word[0], state).get(word, [])[:MAX_VARIANTS]
        if not terms:
            groups = []
            break
        groups.append("(" + " OR ".join(_phrase(t) for t in terms) + ")")
        widened = widened or not (typed and terms == [typed[index]]
                                  and _ASCII_WORD.fullmatch(typed[index]))
    if not widened:
        groups = []  # each word's only variant is itself: the query alone, not it twice over
    alternatives = [_phrase(name) for name in dict.fromkeys(_editor_names(db, key))]
    if groups:
        alternatives.append("(" + " AND ".join(groups) + ")")
    if not alternatives:
        return None
    original = " ".join(_phrase(w) for w in query.split())
    return " OR ".join([f"({original})", *alternatives])
