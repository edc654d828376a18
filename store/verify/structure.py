"""Checks of what guards the records rather than the records: the history's recorded head,
the schema's triggers, the search index.

- history-head: `settings.history_head` (written by a trigger with every history entry,
  store/db/later_migrations.py) must name the chain's last entry. Deleting the last
  entries and putting `sqlite_sequence` back leaves it naming an entry that is gone.
- triggers: the triggers this eventdesk's migrations create (history append-only, its head,
  the search index's upkeep) must exist with the same SQL, and there must be no others:
  a dropped `history_no_delete` makes the history editable, a trigger added behind the
  app's back can rewrite rows as the app writes them.
- search-index: the FTS index is rebuilt from the documents in a temporary table and
  compared with the live one term by term (fts5vocab); every document whose index entries
  differ is named, so a poisoned index (rows inserted into or deleted from `documents_fts`
  to hide or plant a document in search results) is caught.

Each takes the database and yields one line per problem.
"""

from __future__ import annotations

import re
import sqlite3
from functools import lru_cache
from typing import Iterator

import sqlite_utils

from store.verify.replay import shown

#: At most this many differing terms are looked at document by document (a wiped
#: index differs in every term; naming its first documents is enough).
MAX_TERMS_EXAMINED = 200
#: At most this many documents are named one by one.
MAX_DOCUMENTS_NAMED = 50


def check_history_head(db: sqlite_utils.Database) -> Iterator[str]:
    if not _has_table(db, "settings"):
        return
    row = db.execute("SELECT value FROM settings WHERE key = 'history_head'").fetchone()
    last = db.execute("SELECT seq, hash FROM history ORDER BY seq DESC LIMIT 1").fetchone()
    if last is None:
        if row is not None:
            yield f"the head recorded with the last write is {shown(row[0])}, but the history is empty"
        return
    recorded = row[0] if row else None
    if recorded is None:
        yield f"no head is recorded beside the chain (settings.history_head), which ends at #{last[0]}"
        return
    seq, _, digest = str(recorded).partition(" ")
    if recorded != f"{last[0]} {last[1]}":
        found = db.execute("SELECT seq FROM history WHERE hash = ?", [digest]).fetchone()
        if seq.isdigit() and int(seq) > last[0]:
            yield (f"the last write recorded head #{seq}, the chain ends at #{last[0]} "
                   f"(entries #{last[0] + 1}..#{seq} were deleted)")
        elif found is None:
            yield (f"the recorded head {shown(recorded)} is not in the chain, which ends at #{last[0]} "
                   "(entries deleted or rewritten)")
        else:
            yield (f"the recorded head is #{found[0]}, the chain ends at #{last[0]} "
                   "(entries added behind the app's back)")


# --- triggers ------------------------------------------------------------------------


def _normal(sql: str | None) -> str:
    return re.sub(r"\s+", " ", sql or "").strip()


@lru_cache(maxsize=None)
def expected_triggers(version: int) -> dict[str, tuple[str, str]]:
    """name -> (table, SQL) of the triggers a database at `version` has, from the migrations."""
    from store.db.schema import MIGRATIONS

    conn = sqlite3.connect(":memory:")
    try:
        for migration in MIGRATIONS[:version]:
            migration(conn)
        return {name: (table, _normal(sql)) for name, table, sql in conn.execute(
            "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")}
    finally:
        conn.close()


def check_triggers(db: sqlite_utils.Database) -> Iterator[str]:
    version = db.execute("PRAGMA user_version").fetchone()[0]
    expected = expected_triggers(version)
    live = {name: (table, _normal(sql)) for name, table, sql in db.execute(
        "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")}
    for name, (table, sql) in sorted(expected.items()):
        guards = ": the history is no longer append-only" if name.startswith("history_no_") else ""
        if name not in live:
            yield f"trigger {name} on {table} is missing (dropped behind the app's back){guards}"
        elif live[name][1] != sql:
            yield f"trigger {name} on {table} is not the one eventdesk created (changed behind the app's back){guards}"
    for name in sorted(set(live) - set(expected)):
        yield f"trigger {shown(name)} on {shown(live[name][0])} is not eventdesk's (added behind the app's back)"


# --- the search index ----------------------------------------------------------------


def _has_table(db, name: str) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", [name]).fetchone() is not None


def _tokenizer(db) -> str:
    sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'documents_fts'").fetchone()[0] or ""
    match = re.search(r"""tokenize\s*=\s*(["'])(.*?)\1""", sql)
    return match.group(2) if match else "unicode61"


def check_search_index(db: sqlite_utils.Database) -> Iterator[str]:
    if not _has_table(db, "documents_fts"):
        yield "the search index documents_fts is missing"
        return
    conn = db.conn
    names = ("verify_fts", "verify_fts_vocab", "verify_live_vocab", "verify_fts_at", "verify_live_at")
    # The rebuilt index is a TEMP table: a read connection (mode=ro, or immutable) cannot
    # write the database file whatever query_only says, so query_only is lifted meanwhile
    # for the temporary schema alone.
    query_only = conn.execute("PRAGMA query_only").fetchone()[0]
    conn.execute("PRAGMA query_only = OFF")
    for name in names:
        conn.execute(f"DROP TABLE IF EXISTS temp.{name}")
    try:
        tokenizer = _tokenizer(db).replace("'", "''")
        conn.execute(f"CREATE VIRTUAL TABLE temp.verify_fts USING fts5(title, text, content='', "
                     f"tokenize='{tokenizer}')")
        conn.execute("INSERT INTO temp.verify_fts (rowid, title, text) SELECT rowid, title, text FROM main.documents")
        conn.execute("CREATE VIRTUAL TABLE temp.verify_fts_vocab USING fts5vocab(temp, verify_fts, col)")
        conn.execute("CREATE VIRTUAL TABLE temp.verify_live_vocab USING fts5vocab(main, documents_fts, col)")
        conn.execute("CREATE VIRTUAL TABLE temp.verify_fts_at USING fts5vocab(temp, verify_fts, instance)")
        conn.execute("CREATE VIRTUAL TABLE temp.verify_live_at USING fts5vocab(main, documents_fts, instance)")
        yield from _compare(conn)
    finally:
        for name in names:
            conn.execute(f"DROP TABLE IF EXISTS temp.{name}")
        conn.execute(f"PRAGMA query_only = {int(bool(query_only))}")


def _differing_terms(conn) -> Iterator[str]:
    """Terms whose (column, rows, count) differ between the rebuilt and the live index, in order."""
    rebuilt = conn.execute("SELECT term, col, doc, cnt FROM temp.verify_fts_vocab")
    live = conn.execute("SELECT term, col, doc, cnt FROM temp.verify_live_vocab")
    a, b = next(rebuilt, None), next(live, None)
    last = None
    while a is not None or b is not None:
        if b is None or (a is not None and (a[0], a[1]) < (b[0], b[1])):
            term, a = a[0], next(rebuilt, None)
        elif a is None or (b[0], b[1]) < (a[0], a[1]):
            term, b = b[0], next(live, None)
        else:
            term = a[0] if a != b else None
            a, b = next(rebuilt, None), next(live, None)
        if term is not None and term != last:
            last = term
            yield term


def _compare(conn) -> Iterator[str]:
    wrong: dict[int, list[str]] = {}
    more_terms = 0
    for term in _differing_terms(conn):
        if len(wrong) >= MAX_DOCUMENTS_NAMED or more_terms >= MAX_TERMS_EXAMINED:
            more_terms += 1
            continue
        rebuilt = set(conn.execute("SELECT doc, col, offset FROM temp.verify_fts_at WHERE term = ?", [term]))
        live = set(conn.execute("SELECT doc, col, offset FROM temp.verify_live_at WHERE term = ?", [term]))
        for doc in sorted({d for d, _, _ in rebuilt ^ live}):
            wrong.setdefault(doc, []).append(term)
        more_terms += 1
    for rowid, terms in sorted(wrong.items())[:MAX_DOCUMENTS_NAMED]:
        row = conn.execute("SELECT id FROM main.documents WHERE rowid = ?", [rowid]).fetchone()
        words = ", ".join(shown(t) for t in terms[:5]) + (" …" if len(terms) > 5 else "")
        if row is None:
            yield (f"the search index has entries for row {rowid}, which is no document "
                   f"({words}): planted behind the app's back")
        else:
            yield (f"document {row[0]}: its search index entries differ from its title and text "
                   f"({words}): the index was changed behind the app's back")
    if len(wrong) > MAX_DOCUMENTS_NAMED:
        yield f"… and {len(wrong) - MAX_DOCUMENTS_NAMED} more documents whose index entries differ"
    if more_terms > MAX_TERMS_EXAMINED:
        yield f"{more_terms} terms differ in all; rebuild the index (INSERT INTO documents_fts(documents_fts) VALUES ('rebuild'))"


#: (name, check) pairs store/verify/checks.py runs.
STRUCTURE_CHECKS = (
    ("history-head", check_history_head),
    ("triggers", check_triggers),
    ("search-index", check_search_index),
)
