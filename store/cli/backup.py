"""`eventdesk backup FILE`: a consistent copy of the live database (SQLite's online backup API).

The copy is taken page by page while others keep working (readers and the
writer are not stopped), written to a temporary file beside FILE, checked
(`PRAGMA integrity_check`), flushed to disk and renamed into place, so FILE is
either the previous backup or a complete new one, never half of one.  An
existing FILE is replaced only with `--replace`.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from store.cli.terminal_safe import safe_line
from store.errors import StoreError
from store.records.history import local_head


def register(subparsers) -> None:
    p = subparsers.add_parser("backup", help="copy the live database to FILE (online, consistent)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--replace", action="store_true", help="replace FILE if it exists")
    p.set_defaults(func=run)


def backup(source: Path, target: Path, *, replace: bool = False) -> tuple[int, str | None]:
    """Copy `source` to `target`; return the copy's history head (seq, hash)."""
    if not source.exists():
        raise StoreError(f"no database at {source}")
    if target.exists() and source.resolve() == target.resolve():
        raise StoreError(f"{target} is the database itself; back up to another file")
    if target.exists() and not replace:
        raise StoreError(f"{target} exists; choose another FILE or add --replace")
    temporary = target.with_name(f".{target.name}.partial-{os.getpid()}")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=10)
    try:
        dst = sqlite3.connect(temporary)
        try:
            src.backup(dst, pages=1024)
            if dst.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise StoreError(f"the copy of {source} failed its integrity check; nothing written")
            head = local_head(dst)
        finally:
            dst.close()
        with open(temporary, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    finally:
        src.close()
    return head or (0, None)


def run(args, ctx) -> int:
    target = Path(args.file)
    seq, digest = backup(ctx.db_path, target, replace=args.replace)
    print(safe_line(f"backed up {ctx.db_path} to {target}; history head: #{seq} {digest}"), file=ctx.out)
    return 0
