"""The SQLite connection, the schema and its ordered migrations.

Every connection is opened the same way: WAL journal (readers never block the
writer, and a `kill -9` loses nothing committed), foreign keys on, a busy
timeout so that two processes sharing a database wait instead of failing.
Python's sqlite3 runs in autocommit mode here (`isolation_level=None`) and every
write goes through `transaction()`, one short `BEGIN IMMEDIATE … COMMIT`.

A connection belongs to the thread that opened it: the app's workers each open
their own with `open_db`.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import sqlite3
import uuid
from pathlib import Path
from typing import Callable, Iterator

import sqlite_utils

from . import sharing

BUSY_TIMEOUT_MS = 10_000
DEFAULT_DB_NAME = "eventdesk.db"

EVENT_STATUSES = ("draft", "submitted", "approved", "rejected", "needs_revision")
ROLES = ("annotator", "editor", "admin")
ANCHORS = ("exact", "moved", "fuzzy", "orphaned")


class StoreError(Exception):
    """A refusal or failure to show the user as one line (never a traceback)."""


def new_id() -> str:
    """A fresh UUID, so databases made on different machines merge without collisions."""
    return str(uuid.uuid4())


def utc_now() -> str:
    """The current time as ISO 8601 UTC with microseconds (sortable as text)."""
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="microseconds")


def resolve_db_path(explicit: str | os.PathLike | None = None) -> Path:
    """`--db PATH`, else `EVENTDESK_DB`, else `./eventdesk.db`."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("EVENTDESK_DB")
    if env:
        return Path(env)
    return Path(DEFAULT_DB_NAME)


def connect(path: str | os.PathLike) -> sqlite3.Connection:
    """A raw sqlite3 connection with the project's pragmas applied.

    A new database file is created with its folder's group permissions (see
    store/sharing.py); a file this account may not write raises a StoreError
    naming it and the fix.
    """
    sharing.create_db_file(path)
    try:
        return _connect(path)
    except sqlite3.OperationalError as exc:
        raise _access_error(path, exc) from exc


def _access_error(path: str | os.PathLike, exc: sqlite3.OperationalError) -> Exception:
    """A StoreError in plain words for a permission failure, else `exc` itself."""
    message = sharing.explain_access_error(path, exc)
    return StoreError(message) if message else exc


def _connect(path: str | os.PathLike) -> sqlite3.Connection:
    conn = sqlite3.connect(
        str(path),
        isolation_level=None,
        timeout=BUSY_TIMEOUT_MS / 1000,
        check_same_thread=False,
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    if str(path) != ":memory:":
        conn.execute("PRAGMA journal_mode = WAL")
    # NORMAL is durable in WAL mode against a process crash (kill -9); only an
    # OS crash or power loss can lose the last transactions.
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def open_db(path: str | os.PathLike) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the database at `path`."""
    db = sqlite_utils.Database(connect(path))
    try:
        migrate(db)
    except sqlite3.OperationalError as exc:
        db.close()
        raise _access_error(path, exc) from exc
    return db


@contextlib.contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite3.Connection]:
    """One short write transaction: `BEGIN IMMEDIATE`, commit on success, roll back on error.

    IMMEDIATE takes the write lock up front, so two processes never both read
    a version number and then both write.  Nested use joins the outer
    transaction.
    """
    conn = db.conn
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


# --- migrations -----------------------------------------------------------------
#
# Ordered functions; each runs in its own transaction and bumps
# PRAGMA user_version to its position.  Never edit a landed migration:
# append a new one.


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


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _m001_initial,
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
