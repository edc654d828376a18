"""A place's spelling variants in full-text search: Atmeh finds Atme and Atma, Deir ez-Zor
finds Deir al-Zour.

A plain query (words only, no FTS5 operators, at most `MAX_WORDS`) is widened
with every indexed word that `fold()`s like one of its words (the FTS5
vocabulary, read through a temporary `fts5vocab` table: nothing is written to
the project database) and with every name of an editor's place it names. The
original words still match as they did; the variants only add documents.
"""

from __future__ import annotations

import re
import sqlite3

import sqlite_utils

from store.grounding.folding import fold

MAX_WORDS = 4
MAX_VARIANTS = 20
_PLAIN = re.compile(r"[\w\s'\u2019-]+")
_OPERATORS = {"AND", "OR", "NOT", "NEAR"}


def _phrase(words: str) -> str:
    return '"' + words.replace('"', '""') + '"'


def _vocabulary(db: sqlite_utils.Database, first: str) -> list[str]:
    try:
        db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.documents_vocab "
                   "USING fts5vocab(main, documents_fts, row)")
        return [row[0] for row in db.execute(
            "SELECT term FROM temp.documents_vocab WHERE term >= ? AND term < ?",
            [first, first + "\uffff"])]
    except sqlite3.Error:
        return []


def _editor_names(db: sqlite_utils.Database, key: str) -> list[str]:
    try:
        from store.records.places import list_places
        places = list_places(db)
    except sqlite3.Error:
        return []
    names = []
    for place in places:
        every = [place["name"], *place["alternate_names"]]
        if any(fold(name) == key for name in every):
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
    for word in key.split():
        terms = [t for t in _vocabulary(db, word[0]) if fold(t) == word][:MAX_VARIANTS]
        if not terms:
            groups = []
            break
        groups.append("(" + " OR ".join(_phrase(t) for t in terms) + ")")
    alternatives = [_phrase(name) for name in dict.fromkeys(_editor_names(db, key))]
    if groups:
        alternatives.append("(" + " AND ".join(groups) + ")")
    if not alternatives:
        return None
    original = " ".join(_phrase(w) for w in query.split())
    return " OR ".join([f"({original})", *alternatives])
