"""`eventdesk search QUERY`: ranked full-text search with a snippet per hit."""

from __future__ import annotations

import os
import re
import time

from store.cli.terminal_safe import safe_line
from store.search import find

_LINE_BREAKS = re.compile(r"\r\n|\r|\n")


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "search", help="full-text search over documents, best first, with a snippet per hit",
        description="FTS5 syntax works (Atme OR Atma, \"more than 100\", kill*); anything else "
        "is searched word by word.  A query matching more than 2,000 documents ranks the "
        "2,000 most recently imported of them (the last line says so).",
    )
    p.add_argument("query", nargs="+", metavar="QUERY")
    p.add_argument("-n", "--limit", type=int, default=20, help="at most this many hits (default 20)")
    p.add_argument("--timing", action="store_true",
                   help="print to stderr how long the search took, and the process so far")
    p.set_defaults(func=run)


def run(args, ctx) -> int:
    t0 = time.perf_counter()
    db = ctx.open_read()
    t1 = time.perf_counter()
    query = " ".join(args.query)
    found = find(db, query, max(1, args.limit))
    t2 = time.perf_counter()
    hits = found.hits
    if not hits:
        print(f"no documents match {safe_line(query)}", file=ctx.out)
    for hit in hits:
        title = safe_line(hit.title) if hit.title else "(untitled)"
        where = f" @{hit.match_start}" if hit.match_start is not None else ""
        print(f"{hit.document_id}{where}  {title}", file=ctx.out)
        # Line breaks inside a snippet become spaces so each hit stays two lines.
        print("    " + safe_line(_LINE_BREAKS.sub(" ", hit.snippet)), file=ctx.out)
    if hits:
        print(f"{found.matches.describe()}; {len(hits)} shown", file=ctx.out)
    if args.timing:
        age = _process_seconds()
        since = f"; the process so far {age * 1000:.0f} ms (Python start-up and imports included)" \
            if age is not None else ""
        print(f"search: {(t2 - t1) * 1000:.1f} ms the query (snippets included), "
              f"{(t1 - t0) * 1000:.1f} ms opening the database{since}", file=ctx.err)
    return 0 if hits else 1


def _process_seconds() -> float | None:
    """How long this process has run (Linux: /proc/self/stat's start time), else None."""
    try:
        with open("/proc/self/stat") as f:
            started = int(f.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime") as f:
            uptime = float(f.read().split()[0])
        return uptime - started / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None
