"""Migrations from 009 on, applied after those in schema.py, in this list's order.

They live apart only because schema.py reached the 600-line limit; `schema.MIGRATIONS`
is the one ordered list. Each is a function of one connection, run inside the
transaction `schema.migrate` opens, so it must not COMMIT.
"""

from __future__ import annotations

import sqlite3
from typing import Callable


def _m009_merge_origins(conn: sqlite3.Connection) -> None:
    """Per-origin history chains and the conflicts a merge keeps for an editor.

    `history.origin` is NULL for this database's own entries and the other
    database's `database_id` for entries a merge brought in; `origin_seq` is the
    entry's place in its own database (its seq there), so each origin's chain is
    checked on its own. ADD COLUMN fires no UPDATE trigger: the history stays
    append-only. `merge_conflicts` holds both values of a record changed
    differently on both sides (the local one stays in the live table).
    """
    conn.execute("ALTER TABLE history ADD COLUMN origin TEXT")
    conn.execute("ALTER TABLE history ADD COLUMN origin_seq INTEGER")
    conn.execute("CREATE INDEX history_origin ON history(origin, origin_seq)")
    conn.execute(
        """CREATE TABLE merge_conflicts (
            id TEXT PRIMARY KEY,
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            local TEXT,
            other TEXT,
            other_hash TEXT NOT NULL,
            origin TEXT NOT NULL,
            found_by TEXT NOT NULL,
            found_at TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
            kept TEXT CHECK (kept IN ('local', 'other')),
            resolved_by TEXT,
            resolved_at TEXT,
            UNIQUE (entity, entity_id, other_hash)
        )""")


def _m010_history_head(conn: sqlite3.Connection) -> None:
    """The chain's head kept beside it: `settings.history_head` = "SEQ HASH" of the last entry.

    A trigger writes it in the same transaction as every history entry, whoever writes
    (the gateway, an import's batch), so `verify` can tell a history whose last entries
    were deleted (and `sqlite_sequence` put back) from one that simply ends there. It is
    in the same file, so someone who can write the file can reset it too: a head recorded
    outside (`verify --head`) is the check that survives that.
    """
    conn.execute(
        "CREATE TRIGGER history_head AFTER INSERT ON history BEGIN\n"
        "    INSERT OR REPLACE INTO settings (key, value) VALUES ('history_head', NEW.seq || ' ' || NEW.hash);\n"
        "END")
    conn.execute("INSERT OR REPLACE INTO settings (key, value) SELECT 'history_head', seq || ' ' || hash"
                 " FROM history ORDER BY seq DESC LIMIT 1")


def _m011_review_queue_index(conn: sqlite3.Connection) -> None:
    """The review queue's "when was it submitted" read from the index alone (10,000 waiting
    events, store/review/queue_pages.py)."""
    conn.execute("CREATE INDEX IF NOT EXISTS reviews_event_action ON reviews(event_id, action, at, actor)")


def _m012_search_terms(conn: sqlite3.Connection) -> None:
    """The indexed words, folded, with their document counts (store/search_terms.py), built
    once from the index here and kept up by every write of documents after: spelling variants
    and ranking read a word's row instead of the index's whole vocabulary per query."""
    from store import search_terms

    search_terms.build(conn)


def _m013_suggestions_per_document(conn: sqlite3.Connection) -> None:
    """A document's suggestions as one JSON list in its `suggestion_runs` row (`body`), not
    a row per suggestion: a batch run stores about 80 per article, and the per-row table
    with its two indexes was most of the batch's storing time. Each element is
    [label, start, end, quote, value, why, suggester, parts], in reading order; ids are a
    hash of document, label and offsets (store/records/suggestions.py), so they are the
    same as before. Stored suggestions are moved, not recomputed."""
    import json

    conn.execute("ALTER TABLE suggestion_runs ADD COLUMN body TEXT NOT NULL DEFAULT '[]'")
    bodies: dict[str, list] = {}
    for document_id, label, start, end, quote, value, why, suggester, parts in conn.execute(
            'SELECT document_id, label, start, "end", quote, value, why, suggester, parts'
            ' FROM suggestions ORDER BY document_id, start, "end", label'):
        bodies.setdefault(document_id, []).append(
            [label, start, end, quote, json.loads(value) if value else None, why, suggester,
             json.loads(parts) if parts else None])
    encoder = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str)
    conn.executemany("UPDATE suggestion_runs SET body = ?, count = ? WHERE document_id = ?",
                     [(encoder.encode(rows), len(rows), document_id)
                      for document_id, rows in bodies.items()])
    conn.execute("DROP TABLE suggestions")


LATER_MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _m009_merge_origins,
    _m010_history_head,
    _m011_review_queue_index,
    _m012_search_terms,
    _m013_suggestions_per_document,
]
