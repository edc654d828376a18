"""A bundle: this database's work as one small SQLite file, for a coder who sends a file.

It is a consistent copy (SQLite's online backup API) with what must not travel taken
out (sign-in links, browser sessions, settings other than the database id, stored
suggestions) and, with `--since HEAD`, this database's own history entries up to
HEAD left out: the receiver has them (HEAD is the head of this database's chain
its `verify` printed as `history head of origin …`). The ids of the entries left
out stay (`bundle_known`), so the receiver can still tell what this side had seen;
entries other databases' chains brought here all travel (the receiver skips the
ones it has). Importing a bundle is a merge of it (store/merge/run.py), with every
check a merge makes: each chain must continue the one the receiver has.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from store.errors import StoreError

#: Tables emptied in a bundle: secrets and machine output the merge does not bring in.
NOT_SENT = ("sign_in_links", "web_sessions", "suggestion_runs",
            "suggestion_rejections")


def export_bundle(db, db_path: Path, target: Path, *, since: str | None = None,
                  replace: bool = False) -> dict:
    if target.exists() and not replace:
        raise StoreError(f"{target} exists; choose another FILE or add --replace")
    if target.exists() and target.resolve() == Path(db_path).resolve():
        raise StoreError(f"{target} is the database itself; write the bundle to another file")
    since_seq = None
    if since is not None:
        digest = since.strip().split()[-1].lower() if since.strip() else ""
        row = db.execute("SELECT seq FROM history WHERE hash = ? AND origin IS NULL",
                         [digest]).fetchone()
        if row is None:
            raise StoreError(f"--since {since[:20]!r} is not an entry of this database's own "
                             "history (give the head the receiver's verify printed for it)")
        since_seq, since = row[0], digest
    temporary = target.with_name(f".{target.name}.partial-{os.getpid()}")
    try:
        dst = sqlite3.connect(temporary, isolation_level=None)
        try:
            db.conn.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
            dst.execute("BEGIN")
            for table in NOT_SENT:
                if dst.execute("SELECT 1 FROM sqlite_master WHERE name = ?", [table]).fetchone():
                    dst.execute(f"DELETE FROM {table}")
            dst.execute("DELETE FROM settings WHERE key != 'database_id'")
            dst.execute("CREATE TABLE bundle_known (id TEXT PRIMARY KEY)")
            if since_seq is not None:
                dst.execute("DROP TRIGGER history_no_delete")
                dst.execute("INSERT INTO bundle_known SELECT id FROM history"
                            " WHERE origin IS NULL AND seq <= ?", [since_seq])
                dst.execute("DELETE FROM history WHERE origin IS NULL AND seq <= ?", [since_seq])
                dst.execute("INSERT INTO settings (key, value) VALUES ('bundle_since', ?)", [since])
            dst.execute("COMMIT")
            dst.execute("VACUUM")
            entries = dst.execute("SELECT COUNT(*) FROM history").fetchone()[0]
            documents = dst.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        finally:
            dst.close()
        with open(temporary, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return {"entries": entries, "documents": documents}
