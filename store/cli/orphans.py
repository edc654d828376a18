"""`eventdesk orphans DOCUMENT_ID`: spans a revision could not place, for a person to place again."""

from __future__ import annotations

from store.cli.documents import resolve_document_id
from store.cli.terminal_safe import safe_line
from store.revisions.revise import orphaned_spans


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "orphans", help="list the spans of a revised document that lost their words",
        description="List orphaned spans (no position after a revision): label, old words, "
        "and the span they came from. Place them again in the workstation.")
    p.add_argument("document_id", metavar="DOCUMENT_ID")
    p.set_defaults(func=run)


def run(args, ctx) -> int:
    db = ctx.open_read()
    document_id = resolve_document_id(db, args.document_id)  # a unique prefix is enough
    rows = orphaned_spans(db, document_id)
    for row in rows:
        fields = ", ".join(row["fields"]) or "no field"
        print(f"{row['id']}  {safe_line(row['label'])}  {safe_line(repr(row['quote']))}"
              f"  by {safe_line(row['author'])}, evidence for {safe_line(fields)}"
              f"  (from span {row['derived_from']})", file=ctx.out)
    print(f"{len(rows)} orphaned spans", file=ctx.out)
    return 0
