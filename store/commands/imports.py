"""`eventdesk import PATH...` (placeholder until the import pipeline lands)."""

from __future__ import annotations


def register(subparsers) -> None:
    p = subparsers.add_parser("import", help="import text files, folders and JSONL of articles")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.set_defaults(func=run)


def run(args, ctx) -> int:
    ctx.error("import is not implemented yet")
    return 2
