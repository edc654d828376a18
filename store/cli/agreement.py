"""`eventdesk agreement [--document ID]`: how far annotators of the same documents agree."""

from __future__ import annotations

from store.cli.terminal_safe import safe_line
from store.records import ids
from store.review import agreement
from store.review.report import report_lines


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "agreement", help="span F1 and field agreement between annotators, with the disagreements")
    p.add_argument("--document", metavar="ID", help="only this document (default: every document "
                   "two or more people coded, pooled)")
    p.set_defaults(func=run)


def run(args, ctx) -> int:
    db = ctx.open_read()
    document = ids.resolve(db, "documents", args.document) if args.document else None
    for line in report_lines(agreement.agreement(db, document)):
        print(safe_line(line), file=ctx.out)
    return 0
