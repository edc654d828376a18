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
import urllib.parse
import uuid
from pathlib import Path
from typing import Iterator

import sqlite_utils

from store.db import sharing
from store.db.fair import begin_immediate
from store.db.schema import MIGRATIONS, migrate
from store.errors import StoreError

BUSY_TIMEOUT_MS = 10_000


DEFAULT_DB_NAME = "eventdesk.db"


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


def refuse_future_schema(conn: sqlite3.Connection, path: str | os.PathLike) -> None:
    """A database written by a newer eventdesk is refused before anything touches it:
    its tables mean things this version does not know (verify would cry tamper)."""
    found = conn.execute("PRAGMA user_version").fetchone()[0]
    known = len(MIGRATIONS)
    if found > known:
        conn.close()
        raise StoreError(f"{path} is at schema version {found}, newer than this eventdesk "
                         f"knows (version {known}); use a newer eventdesk; nothing was written")


def _connect(path: str | os.PathLike) -> sqlite3.Connection:
    conn = sqlite3.connect(
        str(path),
        isolation_level=None,
        timeout=BUSY_TIMEOUT_MS / 1000,
        check_same_thread=False,
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    refuse_future_schema(conn, path)
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


def open_db_readonly(path: str | os.PathLike) -> sqlite_utils.Database:
    """Open an existing database for reading only: nothing is created, migrated or written.

    `mode=ro` first, so a reader still sees what writers commit meanwhile; where the
    WAL index cannot be made (a read-only folder, a `-shm` this account cannot open)
    `immutable=1`, which reads the file as it stands.
    """
    path = Path(path)
    if not path.is_file():
        raise StoreError(f"no database at {path}")
    base = "file:" + urllib.parse.quote(str(path.resolve()))
    last: sqlite3.Error | None = None
    for options in ("mode=ro", "mode=ro&immutable=1"):
        try:
            conn = sqlite3.connect(f"{base}?{options}", uri=True, isolation_level=None,
                                   timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA query_only = ON")
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as exc:
            last = exc
            continue
        refuse_future_schema(conn, path)
        return sqlite_utils.Database(conn)
    raise _access_error(path, last) if isinstance(last, sqlite3.OperationalError) else StoreError(
        f"cannot read {path}: {last}")


@contextlib.contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite3.Connection]:
    """One short write transaction: `BEGIN IMMEDIATE`, commit on success, roll back on error.

    IMMEDIATE takes the write lock up front, so two processes never both read
    a version number and then both write.  While another connection writes, it
    tries again every millisecond (store/db/fair.py), so a save gets the lock as
    soon as a batch's short slice commits.  Nested use joins the outer
    transaction.
    """
    conn = db.conn
    if conn.in_transaction:
        yield conn
        return
    begin_immediate(conn, BUSY_TIMEOUT_MS)  # waits in ~1 ms polls: see store/db/fair.py
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")
