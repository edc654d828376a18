"""The other side of a merge, read from a snapshot that was checked first.

The file is never opened for writing: it is copied with SQLite's online backup API
to a temporary file (consistent even while its owner keeps working), brought to
this eventdesk's schema there, and read from that copy. Each bad input is one
StoreError line and nothing is written: not an SQLite file or a corrupt one, a
schema newer than this eventdesk (or too old to have a database id), this
database itself, or a copy of it (the same database id).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from store.db.connection import open_db
from store.db.schema import MIGRATIONS
from store.errors import StoreError

SQLITE_MAGIC = b"SQLite format 3\x00"

#: The first schema with settings.database_id (migration 4): older files cannot be merged.
FIRST_WITH_DATABASE_ID = 4


def database_id(db) -> str:
    row = db.execute("SELECT value FROM settings WHERE key = 'database_id'").fetchone()
    if row is None:
        raise StoreError("this database has no database_id; nothing was merged")
    return row[0]


@dataclass
class Source:
    """A checked snapshot of the other database, with what the merge needs to know of it."""

    path: Path
    db: sqlite_utils.Database
    database_id: str
    folder: str
    #: History entry ids the other side has but did not send (a bundle's older entries).
    known_ids: set[str] = field(default_factory=set)
    #: For a bundle: the head it was exported since (None: the whole history).
    since: str | None = None

    def close(self) -> None:
        self.db.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def _refuse_unreadable(path: Path) -> None:
    if not path.exists():
        raise StoreError(f"no database at {path}; nothing was merged")
    if not path.is_file():
        raise StoreError(f"{path} is not a file; nothing was merged")
    with open(path, "rb") as handle:
        if handle.read(16) != SQLITE_MAGIC:
            raise StoreError(f"{path} is not an eventdesk database (not an SQLite file); "
                             "nothing was merged")


def _snapshot(path: Path, folder: str) -> Path:
    copy = Path(folder) / "other.db"
    try:
        src = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True, timeout=10)
        try:
            found = src.execute("PRAGMA user_version").fetchone()[0]
            if found > len(MIGRATIONS):
                raise StoreError(
                    f"{path} is at schema version {found}, newer than this eventdesk knows "
                    f"(version {len(MIGRATIONS)}); use a newer eventdesk; nothing was merged")
            if found < FIRST_WITH_DATABASE_ID:
                raise StoreError(f"{path} is at schema version {found}, too old to merge "
                                 "(it has no database id); nothing was merged")
            dst = sqlite3.connect(copy)
            try:
                src.backup(dst)
                check = dst.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is corrupt or not an eventdesk database ({exc}); "
                         "nothing was merged") from exc
    if check != "ok":
        raise StoreError(f"{path} is corrupt (integrity check: {check}); nothing was merged")
    return copy


def open_source(local_db, local_path: Path, path: Path) -> Source:
    """The other database, snapshot and checked, or one StoreError line."""
    path = Path(path)
    _refuse_unreadable(path)
    if local_path.exists() and os.path.samefile(path, local_path):
        raise StoreError(f"{path} is this database itself; nothing to merge")
    folder = tempfile.mkdtemp(prefix="eventdesk-merge-")
    try:
        copy = _snapshot(path, folder)
        try:
            db = open_db(copy)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path} is corrupt or not an eventdesk database ({exc}); "
                             "nothing was merged") from exc
        try:
            if not db["history"].exists() or not db["documents"].exists():
                raise StoreError(f"{path} is not an eventdesk database; nothing was merged")
            other_id = database_id(db)
            if other_id == database_id(local_db):
                raise StoreError(
                    f"{path} has this database's own id ({other_id[:12]}): it is a copy of this "
                    "database, not another coder's; nothing was merged")
            source = Source(path, db, other_id, folder)
            if db["bundle_known"].exists():
                source.known_ids = {r[0] for r in db.execute("SELECT id FROM bundle_known")}
                row = db.execute("SELECT value FROM settings WHERE key = 'bundle_since'").fetchone()
                source.since = row[0] if row else None
            return source
        except BaseException:
            db.close()
            raise
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
