"""The schema and its ordered migrations.

Each migration is a function applied once, in order, under the write lock;
`migrate` re-checks the version inside the transaction so two processes opening
a new database at once never apply one twice.
"""

from __future__ import annotations

import sqlite3
from typing import Callable

import sqlite_utils

EVENT_STATUSES = ("draft", "submitted", "approved", "rejected", "needs_revision")


ROLES = ("annotator", "editor", "admin")


ANCHORS = ("exact", "moved", "fuzzy", "orphaned")


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run several statements inside the caller's transaction.

    `executescript` would COMMIT first, breaking the one-transaction-per-migration rule.
    """
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            conn.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement in migration: {statement[:60]!r}")


def _m001_initial(conn: sqlite3.Connection) -> None:
    _run_script(
        conn,
        """
        CREATE TABLE users (
            login TEXT PRIMARY KEY,
            role TEXT NOT NULL CHECK (role IN ('annotator', 'editor', 'admin')),
            created_at TEXT NOT NULL,
            created_by TEXT
        );

        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            text TEXT NOT NULL,
            length INTEGER NOT NULL,
            text_sha256 TEXT NOT NULL,
            bytes_sha256 TEXT NOT NULL,
            encoding TEXT NOT NULL,
            bom INTEGER NOT NULL DEFAULT 0,
            title TEXT,
            outlet TEXT,
            published TEXT,
            source TEXT,
            url TEXT,
            imported_by TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            supersedes TEXT REFERENCES documents(id),
            revision INTEGER NOT NULL DEFAULT 1
        );
        CREATE UNIQUE INDEX documents_text_sha256 ON documents(text_sha256);
        CREATE INDEX documents_url ON documents(url);
        CREATE INDEX documents_supersedes ON documents(supersedes);

        CREATE VIRTUAL TABLE documents_fts USING fts5(
            title, text, content='documents', content_rowid='rowid',
            tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN
            INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, text)
                VALUES ('delete', old.rowid, old.title, old.text);
        END;
        CREATE TRIGGER documents_fts_au AFTER UPDATE OF title, text ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, text)
                VALUES ('delete', old.rowid, old.title, old.text);
            INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;

        -- A span is one contiguous run of the text.  Discontinuous annotations
        -- (brat `0 5;16 23`) are several spans sharing a group_id, so that
        -- text[start:end] == quote holds for every row.  An orphaned span (lost
        -- when its document was revised) has no position, only its quote.
        CREATE TABLE spans (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id),
            start INTEGER,
            "end" INTEGER,
            quote TEXT NOT NULL,
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            label TEXT NOT NULL,
            author TEXT NOT NULL,
            created_at TEXT NOT NULL,
            group_id TEXT,
            anchor TEXT NOT NULL DEFAULT 'exact'
                CHECK (anchor IN ('exact', 'moved', 'fuzzy', 'orphaned')),
            original_quote TEXT,
            derived_from TEXT,
            CHECK (anchor = 'orphaned' OR (start IS NOT NULL AND "end" IS NOT NULL
                                           AND 0 <= start AND start <= "end"))
        );
        CREATE INDEX spans_document ON spans(document_id, start);
        CREATE INDEX spans_group ON spans(group_id);

        CREATE TABLE events (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id),
            status TEXT NOT NULL DEFAULT 'draft'
                CHECK (status IN ('draft', 'submitted', 'approved', 'rejected', 'needs_revision')),
            version INTEGER NOT NULL DEFAULT 1,
            event_type TEXT,
            sub_event_type TEXT,
            trigger TEXT,
            date TEXT,
            date_start TEXT,
            date_end TEXT,
            time_precision INTEGER,
            location TEXT,
            country TEXT,
            admin1 TEXT,
            admin2 TEXT,
            admin3 TEXT,
            latitude REAL,
            longitude REAL,
            gazetteer_id TEXT,
            geo_precision INTEGER,
            actor1 TEXT,
            actor1_kind TEXT,
            assoc_actor_1 TEXT,
            actor2 TEXT,
            actor2_kind TEXT,
            assoc_actor_2 TEXT,
            killed TEXT,
            fatalities_low INTEGER,
            fatalities_best INTEGER,
            fatalities_high INTEGER,
            injured TEXT,
            injured_low INTEGER,
            injured_best INTEGER,
            injured_high INTEGER,
            civilian_targeting INTEGER,
            grading TEXT,
            notes TEXT,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_by TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            approved_hash TEXT
        );
        CREATE INDEX events_document ON events(document_id);
        CREATE INDEX events_status ON events(status);

        -- Which spans prove which field of an event.
        CREATE TABLE event_evidence (
            event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            field TEXT NOT NULL,
            span_id TEXT NOT NULL REFERENCES spans(id),
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (event_id, field, span_id)
        );
        CREATE INDEX event_evidence_span ON event_evidence(span_id);

        CREATE TABLE claims (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id),
            event_id TEXT REFERENCES events(id),
            speaker_span_id TEXT REFERENCES spans(id),
            cue_span_id TEXT REFERENCES spans(id),
            content_span_id TEXT REFERENCES spans(id),
            topic TEXT,
            polarity TEXT NOT NULL DEFAULT 'asserts' CHECK (polarity IN ('asserts', 'denies')),
            certainty TEXT NOT NULL DEFAULT 'unknown'
                CHECK (certainty IN ('certain', 'probable', 'possible', 'unknown')),
            version INTEGER NOT NULL DEFAULT 1,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_by TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX claims_document ON claims(document_id);
        CREATE INDEX claims_event ON claims(event_id);

        -- Every status transition of an event: who, when, why.
        CREATE TABLE reviews (
            id TEXT PRIMARY KEY,
            event_id TEXT NOT NULL REFERENCES events(id),
            action TEXT NOT NULL,
            from_status TEXT,
            to_status TEXT NOT NULL,
            actor TEXT NOT NULL,
            at TEXT NOT NULL,
            reason TEXT,
            event_version INTEGER NOT NULL
        );
        CREATE INDEX reviews_event ON reviews(event_id, at);

        -- Annotations carried over from other tools (brat R, E, *, A, N, #) that
        -- have no place in the event frame; kept so a round-trip loses nothing.
        CREATE TABLE relations (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id),
            kind TEXT NOT NULL,           -- 'relation', 'event' or 'equivalence'
            type TEXT NOT NULL,
            trigger_span_id TEXT REFERENCES spans(id),
            arguments TEXT NOT NULL,      -- JSON list of {"role", "target"}
            author TEXT NOT NULL,
            created_at TEXT NOT NULL,
            source_ref TEXT               -- the id the annotation had where it came from
        );
        CREATE INDEX relations_document ON relations(document_id);

        CREATE TABLE attributes (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id),
            target_id TEXT NOT NULL,      -- a span, relation or event id
            kind TEXT NOT NULL,           -- 'attribute', 'normalization' or 'note'
            name TEXT NOT NULL,           -- attribute name, normalization type or note type
            value TEXT,                   -- attribute value, reference (db:id) or note text
            text TEXT,                    -- a normalization's string
            author TEXT NOT NULL,
            created_at TEXT NOT NULL,
            source_ref TEXT
        );
        CREATE INDEX attributes_target ON attributes(target_id);
        CREATE INDEX attributes_document ON attributes(document_id);

        -- Append-only and hash-chained: each entry's hash covers its content and
        -- the previous entry's hash (see store/history.py).
        CREATE TABLE history (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            before TEXT,
            after TEXT,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        CREATE INDEX history_entity ON history(entity, entity_id);
        CREATE TRIGGER history_no_update BEFORE UPDATE ON history BEGIN
            SELECT RAISE(ABORT, 'history is append-only');
        END;
        CREATE TRIGGER history_no_delete BEFORE DELETE ON history BEGIN
            SELECT RAISE(ABORT, 'history is append-only');
        END;
        """
    )


def _m_grounding(conn: sqlite3.Connection) -> None:
    """Where each grounded event value came from; the editors' own places."""
    _run_script(
        conn,
        """
        -- One row per event field whose value grounding (or a person over it) set:
        -- the span it was read from, the rule, the words/DCT/flags/candidates (JSON).
        -- span_id has no foreign key: the row outlives an undone span as history.
        CREATE TABLE event_values (
            event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            field TEXT NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('grounded', 'accepted', 'picked', 'typed',
                                                   'suggested')),
            span_id TEXT,
            rule TEXT,
            detail TEXT NOT NULL DEFAULT '{}',
            by TEXT NOT NULL,
            at TEXT NOT NULL,
            PRIMARY KEY (event_id, field)
        );

        CREATE TABLE editor_places (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            alternate_names TEXT NOT NULL DEFAULT '[]',
            country TEXT,
            admin1 TEXT,
            admin2 TEXT,
            latitude REAL,
            longitude REAL,
            feature TEXT NOT NULL DEFAULT 'PPL',
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        """
    )


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _m001_initial,
    _m_grounding,
]


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: sqlite_utils.Database) -> int:
    """Apply every migration newer than the database, each in its own transaction."""
    conn = db.conn
    for number, migration in enumerate(MIGRATIONS, start=1):
        # Re-read inside the lock: another process may have migrated meanwhile.
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("PRAGMA user_version").fetchone()[0] >= number:
                conn.execute("COMMIT")
                continue
            migration(conn)
            conn.execute(f"PRAGMA user_version = {number}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return schema_version(db)
