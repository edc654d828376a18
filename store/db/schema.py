"""The schema and its ordered migrations.

Each migration is a function applied once, in order, under the write lock;
`migrate` re-checks the version inside the transaction so two processes opening
a new database at once never apply one twice.
"""

from __future__ import annotations

import sqlite3
from typing import Callable

import sqlite_utils

from store.db.later_migrations import LATER_MIGRATIONS

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


def _m002_stale_fields(conn: sqlite3.Connection) -> None:
    """Event fields whose evidence a revision moved or lost: marked until a person
    confirms or changes them (store.records.stale)."""
    _run_script(
        conn,
        """
        CREATE TABLE stale_fields (
            event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            field TEXT NOT NULL,
            reason TEXT NOT NULL,
            span_id TEXT,
            marked_by TEXT NOT NULL,
            marked_at TEXT NOT NULL,
            PRIMARY KEY (event_id, field)
        );
        """,
    )


def _m003_incidents(conn: sqlite3.Connection) -> None:
    """Incidents: events of different articles grouped as one real-world incident.

    `incident_members.event_id` is the primary key, so an event belongs to at
    most one incident whatever two terminals do at once. `link_decisions` keeps
    every link, unlink and "not the same" with its author (history has the rest).
    """
    _run_script(
        conn,
        """
        CREATE TABLE incidents (
            id TEXT PRIMARY KEY,
            status TEXT NOT NULL DEFAULT 'draft'
                CHECK (status IN ('draft', 'submitted', 'approved', 'rejected', 'needs_revision')),
            version INTEGER NOT NULL DEFAULT 1,
            picks TEXT NOT NULL DEFAULT '{}',
            notes TEXT,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_by TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            approved_hash TEXT
        );
        CREATE TABLE incident_members (
            event_id TEXT PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
            incident_id TEXT NOT NULL REFERENCES incidents(id),
            linked_by TEXT NOT NULL,
            linked_at TEXT NOT NULL
        );
        CREATE INDEX incident_members_incident ON incident_members(incident_id);
        CREATE TABLE link_decisions (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('link', 'unlink', 'not_same', 'retract_not_same')),
            a TEXT NOT NULL,
            b TEXT,
            incident_id TEXT,
            author TEXT NOT NULL,
            at TEXT NOT NULL,
            reason TEXT
        );
        CREATE INDEX link_decisions_pair ON link_decisions(a, b);
        """
    )


def _m004_team(conn: sqlite3.Connection) -> None:
    """Team work: sign-in links and browser sessions (`eventdesk serve`), settings (`--as`).

    Only SHA-256 hashes of tokens and session ids are stored, so a copy of the
    database does not let anyone sign in.  `settings` holds the database's own
    id (`database_id`, its origin name when merged elsewhere) and switches such
    as `accept_as`.
    """
    # One statement at a time: executescript() would commit the migration's transaction.
    for statement in (
        """CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )""",
        """CREATE TABLE sign_in_links (
            token_hash TEXT PRIMARY KEY,
            login TEXT NOT NULL REFERENCES users(login),
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            used_at TEXT
        )""",
        """CREATE TABLE web_sessions (
            session_hash TEXT PRIMARY KEY,
            login TEXT NOT NULL REFERENCES users(login),
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            ended_at TEXT
        )""",
    ):
        conn.execute(statement)
    conn.execute("INSERT INTO settings (key, value) VALUES ('database_id', lower(hex(randomblob(16))))")


def _m005_datasette_ready(conn: sqlite3.Connection) -> None:
    """Datasette finds the FTS table, and readable views (issue 16).

    Datasette (and sqlite-utils' `detect_fts`) recognise an external-content FTS
    table by `content="documents"` in double quotes; the first schema wrote single
    quotes, so `?_search=` silently matched every row.  The table is declared again
    the same way otherwise (same columns, tokenizer, rowid) and rebuilt from
    `documents`; the triggers keep their names and SQL.  The views give readable
    names to what an editor asks of the data (see store/datasette.py).
    """
    _run_script(conn, """
        DROP TABLE documents_fts;
        CREATE VIRTUAL TABLE documents_fts USING fts5(
            title, text, content="documents", content_rowid="rowid",
            tokenize="unicode61 remove_diacritics 2"
        );
        INSERT INTO documents_fts(documents_fts) VALUES ('rebuild');

        CREATE VIEW event_evidence_quotes AS
            SELECT e.id AS event_id, e.status, d.title AS document, x.field, s.quote,
                   s.start, s."end", s.anchor, s.id AS span_id, d.id AS document_id
            FROM event_evidence x JOIN events e ON e.id = x.event_id
            JOIN spans s ON s.id = x.span_id JOIN documents d ON d.id = e.document_id;

        CREATE VIEW events_with_evidence AS
            SELECT e.id AS event_id, d.title AS document, e.status, e.event_type, e.sub_event_type,
                   e.date_start, e.date_end, e.location, e.country, e.latitude, e.longitude,
                   e.gazetteer_id, e.actor1, e.actor2, e.fatalities_low, e.fatalities_best,
                   e.fatalities_high,
                   (SELECT group_concat(x.field || ': ' || s.quote, ' | ') FROM event_evidence x
                      JOIN spans s ON s.id = x.span_id WHERE x.event_id = e.id) AS evidence,
                   e.document_id
            FROM events e JOIN documents d ON d.id = e.document_id;

        CREATE VIEW claims_readable AS
            SELECT c.id AS claim_id, d.title AS document, sp.quote AS speaker, cu.quote AS cue,
                   co.quote AS content, c.topic, c.polarity, c.certainty, c.event_id, c.document_id
            FROM claims c JOIN documents d ON d.id = c.document_id
            LEFT JOIN spans sp ON sp.id = c.speaker_span_id
            LEFT JOIN spans cu ON cu.id = c.cue_span_id
            LEFT JOIN spans co ON co.id = c.content_span_id;

        CREATE VIEW review_queue AS
            SELECT e.id AS event_id, d.title AS document, e.event_type, e.location, e.date_start,
                   e.created_by, e.updated_by,
                   (SELECT max(r.at) FROM reviews r WHERE r.event_id = e.id
                      AND r.to_status = 'submitted') AS submitted_at, e.document_id
            FROM events e JOIN documents d ON d.id = e.document_id
            WHERE e.status = 'submitted' ORDER BY submitted_at;
    """)


def _m006_suggestions(conn: sqlite3.Connection) -> None:
    """Suggestions stored per document, rejections remembered, spans say which suggester."""
    _run_script(
        conn,
        """
        ALTER TABLE spans ADD COLUMN suggested_by TEXT;
        CREATE TABLE suggestions (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            label TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            quote TEXT NOT NULL,
            value TEXT,
            why TEXT NOT NULL,
            suggester TEXT NOT NULL,
            parts TEXT,
            CHECK (start >= 0 AND "end" > start)
        );
        CREATE INDEX suggestions_document ON suggestions(document_id, start);
        CREATE TABLE suggestion_runs (
            document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            computed_at TEXT NOT NULL,
            count INTEGER NOT NULL,
            capped INTEGER NOT NULL DEFAULT 0,
            places INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE suggestion_rejections (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            label TEXT NOT NULL,
            pattern TEXT NOT NULL,
            rejected_by TEXT NOT NULL,
            rejected_at TEXT NOT NULL,
            PRIMARY KEY (document_id, label, pattern)
        );
        """,
    )


def _m007_grounding(conn: sqlite3.Connection) -> None:
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


def _m008_library_indexes(conn: sqlite3.Connection) -> None:
    """Indexes for the paged library: each sort key (rowid appended) and events per coder."""
    _run_script(
        conn,
        """
        CREATE INDEX IF NOT EXISTS documents_by_published ON documents(coalesce(published, ''));
        CREATE INDEX IF NOT EXISTS documents_by_outlet ON documents(coalesce(outlet, ''));
        CREATE INDEX IF NOT EXISTS documents_by_title ON documents(coalesce(title, ''));
        CREATE INDEX IF NOT EXISTS documents_outlet ON documents(outlet);
        CREATE INDEX IF NOT EXISTS events_document_status ON events(document_id, status);
        CREATE INDEX IF NOT EXISTS events_created_by ON events(created_by, document_id);
        """,
    )


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _m001_initial,
    _m002_stale_fields,
    _m003_incidents,
    _m004_team,
    _m005_datasette_ready,
    _m006_suggestions,
    _m007_grounding,
    _m008_library_indexes,
    *LATER_MIGRATIONS,
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
