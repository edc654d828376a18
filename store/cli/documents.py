"""`eventdesk document list` and `eventdesk document set ID --title ...`.

`set` gives or corrects a stored document's metadata (never its text); the
change goes to the history with the values before and after.
"""

from __future__ import annotations

from store.annotate.actions import SetDocumentMetadata
from store.annotate.gateway import Session
from store.cli.terminal_safe import safe_line
from store.errors import StoreError
from store.ingest.prepare import normalise_published
from store.records import documents, ids

SETTABLE = ("title", "outlet", "published", "url", "source")


def register(subparsers) -> None:
    p = subparsers.add_parser("document", help="list documents or correct a document's metadata")
    sub = p.add_subparsers(dest="document_command", metavar="ACTION", required=True)

    listing = sub.add_parser("list", help="one line per document: id, published, outlet, title")
    listing.set_defaults(func=run_list)

    setter = sub.add_parser("set", help="give or correct a document's title, outlet, published, url or source")
    setter.add_argument("id", metavar="ID", help="the document id (a unique prefix is enough)")
    for name in SETTABLE:
        setter.add_argument(f"--{name}", metavar=name.upper(),
                            help=f"the new {name} (an empty string clears it)")
    setter.set_defaults(func=run_set)


def resolve_document_id(db, prefix: str) -> str:
    """The id of the one document whose id is or starts with `prefix` (at least 4 characters)."""
    return ids.resolve(db, "documents", prefix)


def run_list(args, ctx) -> int:
    db = ctx.open_read()
    for doc in documents.list_documents(db):
        print(
            "\t".join(safe_line(str(v or "-")) for v in
                      (doc["id"], doc["published"], doc["outlet"], doc["title"])),
            file=ctx.out,
        )
    return 0


def run_set(args, ctx) -> int:
    changes = {}
    for name in SETTABLE:
        value = getattr(args, name)
        if value is None:
            continue
        value = value.strip()
        if name == "published" and value:
            value = normalise_published(value)
        changes[name] = value or None
    if not changes:
        raise StoreError("nothing to set: give --title, --outlet, --published, --url or --source")
    db = ctx.open()
    document_id = resolve_document_id(db, args.id)
    Session(db, ctx.login).apply(SetDocumentMetadata(document_id, changes))
    shown = ", ".join(f"{k}={safe_line(repr(v))}" for k, v in changes.items())
    print(f"updated {document_id}: {shown}", file=ctx.out)
    return 0
