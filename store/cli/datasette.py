"""`eventdesk datasette-metadata`: print a Datasette metadata file for the database."""

from __future__ import annotations

from pathlib import Path

from store.datasette import metadata_json


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "datasette-metadata",
        help="print Datasette metadata (descriptions, labels, canned queries) as JSON",
        description="Use as: eventdesk datasette-metadata > metadata.json && "
        "datasette eventdesk.db --metadata metadata.json",
    )
    p.add_argument("--name", metavar="NAME",
                   help="the database's name in Datasette (default: the --db file's stem)")
    p.set_defaults(func=run)


def run(args, ctx) -> int:
    name = args.name or Path(ctx.db_path).stem
    ctx.out.write(metadata_json(name))
    return 0
