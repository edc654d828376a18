"""`eventdesk export --format NAME [--output PATH]`.

A stream format goes to stdout, or atomically to `--output FILE` (a failed
export leaves any earlier file in place).  A folder format needs `--output DIR`.
Printed to a terminal (not piped or redirected), a stream export shows control
characters, escape sequences and bidi controls as placeholders, so an article's
ESC / OSC 52 / OSC 8 never reaches the terminal; piped, the output is exact.
"""

from __future__ import annotations

import sys
from pathlib import Path

from store import formats
from store.cli.terminal_safe import safe, safe_line
from store.errors import StoreError
from store.formats.atomic import atomic_write
from store.formats.evidence import raw_csv


def register(subparsers) -> None:
    names = sorted(formats.load_all())
    p = subparsers.add_parser(
        "export", help="export the database (json: lossless interchange; text: original files)",
    )
    p.add_argument("--format", "-f", default="json", metavar="FORMAT",
                   help=f"one of: {', '.join(names)} (default json)")
    p.add_argument("--output", "-o", metavar="PATH", help="file (or folder) to write; default stdout")
    p.add_argument("target", nargs="?", metavar="PATH",
                   help="the same as --output (so `export --format brat DIR` works)")
    p.add_argument("--offsets", choices=("codepoints", "utf16", "bytes"), default=None,
                   help="unit of the offsets written by w3c, jsonl, acled and ucdp "
                   "(default codepoints; brat and json always use code points)")
    p.add_argument("--tokens", action="store_true",
                   help="prodigy: add tokens and each span's token_start/token_end")
    p.add_argument("--raw-csv", action="store_true",
                   help="acled/ucdp: write cells exactly, even those a spreadsheet would run as "
                   "formulas (by default they get a leading ')")
    p.set_defaults(func=run)


def run(args, ctx) -> int:
    if args.target is not None:
        if args.output is not None and args.output != args.target:
            raise StoreError(f"two outputs given ({args.output} and {args.target}); give one")
        args.output = args.target
    try:
        with raw_csv(args.raw_csv):
            return _run(args, ctx)
    except BrokenPipeError:
        raise  # the reader went away (`| head`): main says nothing and exits 0
    except OSError as exc:  # a folder that cannot be made, a full disk: one line, no traceback
        where = args.output or exc.filename or "output"
        raise StoreError(f"cannot write {where}: {exc.strerror or exc}") from None


def _run(args, ctx) -> int:
    exporter = formats.get(args.format)
    options = {}
    if args.offsets and "offsets" not in exporter.options:
        raise StoreError(f"--format {exporter.name} always writes code points; --offsets does not apply")
    if "offsets" in exporter.options:
        options["offsets"] = args.offsets or "codepoints"
    if args.tokens and "tokens" not in exporter.options:
        raise StoreError(f"--tokens applies to --format prodigy, not {exporter.name}")
    if "tokens" in exporter.options:
        options["tokens"] = args.tokens
    if "warn" in exporter.options:
        options["warn"] = ctx.error
    if exporter.kind == "folder" and not args.output:
        raise StoreError(f"--format {exporter.name} writes a folder: give --output DIR")
    db = ctx.open_read()
    if exporter.kind == "folder":
        count = exporter.write(db, Path(args.output), **options)
        print(f"exported {count} documents to {safe_line(args.output)}", file=ctx.err)
        return 0
    if args.output:
        with atomic_write(args.output, "wb" if exporter.binary else "w") as handle:
            exporter.write(db, handle, **options)
        print(f"exported to {safe_line(args.output)}", file=ctx.err)
        return 0
    out = ctx.out
    if exporter.binary:
        out = getattr(out, "buffer", out)
    elif out is sys.stdout and hasattr(out, "reconfigure"):
        out.reconfigure(encoding="utf-8", errors="strict")  # JSON is UTF-8 whatever the locale
    if not exporter.binary and _is_terminal(out):
        out = _ShownSafely(out)
    exporter.write(db, out, **options)
    return 0


def _is_terminal(out) -> bool:
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty())


class _ShownSafely:
    """A text stream to a terminal that writes untrusted characters as placeholders.

    CSV and JSONL carry titles and quotes as they are (an ESC stays an ESC); that is
    right in a file or a pipe, but on a terminal it would act.  Only for display.
    """

    def __init__(self, out):
        self._out = out

    def write(self, text: str) -> int:
        self._out.write(safe(text))
        return len(text)

    def __getattr__(self, name):
        return getattr(self._out, name)
