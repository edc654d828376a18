"""`eventdesk search QUERY`: ranked full-text search with a snippet per hit."""

from __future__ import annotations

import re

from store.cli.terminal_safe import safe_line
from store.search import search_documents

_LINE_BREAKS = re.compile(r"\r\n|\r|\n")


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "search", help="full-text search over documents, best first, with a snippet per hit",
        description="FTS5 syntax works (Atme OR Atma, \"more than 100\", kill*); anything else "
        "is searched word by word.",
    )
    p.add_argument("query", nargs="+", metavar="QUERY")
    p.add_argument("-n", "--limit", type=int, default=20, help="at most this many hits (default 20)")
    p.set_defaults(func=run)


def run(args, ctx) -> int:
    db = ctx.open_read()
    query = " ".join(args.query)
    hits = search_documents(db, query, max(1, args.limit))
    if not hits:
        print(f"no documents match {safe_line(query)}", file=ctx.out)
        return 1
    for hit in hits:
        title = safe_line(hit.title) if hit.title else "(untitled)"
        where = f" @{hit.match_start}" if hit.match_start is not None else ""
        print(f"{hit.document_id}{where}  {title}", file=ctx.out)
        # Line breaks inside a snippet become spaces so each hit stays two lines.
        print("    " + safe_line(_LINE_BREAKS.sub(" ", hit.snippet)), file=ctx.out)
    return 0
