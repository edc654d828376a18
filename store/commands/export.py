"""`eventdesk export --format NAME [--output PATH]`.

A stream format goes to stdout, or atomically to `--output FILE` (a failed
export leaves any earlier file in place).  A folder format needs `--output DIR`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .. import formats
from ..atomic import atomic_write
from ..db import StoreError


def register(subparsers) -> None:
    names = sorted(formats.load_all())
    p = subparsers.add_parser(
        "export", help="export the database (json: lossless interchange; text: original files)",
    )
    p.add_argument("--format", "-f", default="json", metavar="FORMAT",
                   help=f"one of: {', '.join(names)} (default json)")
    p.add_argument("--output", "-o", metavar="PATH", help="file (or folder) to write; default stdout")
    p.set_defaults(func=run)


def run(args, ctx) -> int:
    exporter = formats.get(args.format)
    db = ctx.open()
    if exporter.kind == "folder":
        if not args.output:
            raise StoreError(f"--format {exporter.name} writes a folder: give --output DIR")
        count = exporter.write(db, Path(args.output))
        print(f"exported {count} documents to {args.output}", file=ctx.err)
        return 0
    if args.output:
        with atomic_write(args.output, "wb" if exporter.binary else "w") as handle:
            exporter.write(db, handle)
        print(f"exported to {args.output}", file=ctx.err)
        return 0
    out = ctx.out
    if exporter.binary:
        out = getattr(out, "buffer", out)
    elif out is sys.stdout and hasattr(out, "reconfigure"):
        out.reconfigure(encoding="utf-8", errors="strict")  # JSON is UTF-8 whatever the locale
    exporter.write(db, out)
    return 0
