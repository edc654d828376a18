"""`eventdesk import PATH...`: text files, folders and JSONL of articles.

Each outcome gets one line: imported documents on stdout, duplicates and
warnings on stdout, refusals on stderr; then a summary line.  The exit status
is 1 when anything was refused, including brat annotation lines left out.  On a terminal, a long import shows a progress
bar (on stderr) measured in bytes read.
"""

from __future__ import annotations

from store.cli.terminal_safe import safe_line
from store.ingest.importer import Importer
from store.ingest.prepare import OVERRIDE_FIELDS

#: Show a progress bar only for imports at least this big (bytes or files).
PROGRESS_MIN_BYTES = 8 * 1024 * 1024
PROGRESS_MIN_FILES = 200


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "import", help="import text files, folders (recursively) and JSONL of articles",
        description="Import articles. Folders are walked recursively for .txt and .jsonl files; "
        "a JSONL line is {\"text\", \"title\", \"url\", \"published\", \"outlet\"}. "
        "Text must be UTF-8 or UTF-16 with a byte-order mark, unless --encoding names another.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="a text file, a .jsonl file or a folder")
    p.add_argument("--encoding", metavar="NAME",
                   help="decode with this legacy encoding on purpose (e.g. cp1252, latin-1)")
    for name in OVERRIDE_FIELDS:
        p.add_argument(f"--{name}", metavar=name.upper(),
                       help=f"give or correct the {name} (one text file only)")
    p.add_argument("--supersedes", metavar="DOCUMENT_ID",
                   help="the (one) file is a revised version of this document: store it as a new "
                   "version and carry its spans, events and claims over")
    p.add_argument("--format", choices=("doccano", "prodigy"), default=None,
                   help="the files are doccano or Prodigy JSONL: documents with their spans "
                   "(offsets in code points, checked; a bad span is reported FILE:LINE)")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="no line per imported document (refusals and the summary still show)")
    p.set_defaults(func=run)


class CliReporter:
    """Prints each outcome as one terminal-safe line; drives the progress bar."""

    def __init__(self, ctx, quiet: bool = False):
        self.ctx = ctx
        self.quiet = quiet
        self.progress = None
        self.task = None
        self.not_stored_count = 0
        err = ctx.err
        self.wants_totals = bool(hasattr(err, "isatty") and err.isatty())

    def _emit(self, stream, line: str) -> None:
        if self.progress is not None:
            from rich.text import Text

            self.progress.console.print(Text(line), soft_wrap=True)  # above the bar
        else:
            print(line, file=stream)

    def start(self, files: int, total_bytes: int) -> None:
        err = self.ctx.err
        if total_bytes < PROGRESS_MIN_BYTES and files < PROGRESS_MIN_FILES:
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
            TransferSpeedColumn,
        )

        self.progress = Progress(
            TextColumn("importing"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
            TimeRemainingColumn(), console=Console(file=err), transient=True,
        )
        self.task = self.progress.add_task("import", total=total_bytes)
        self.progress.start()

    def advance(self, nbytes: int) -> None:
        if self.progress is not None:
            self.progress.advance(self.task, nbytes)

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None

    def imported(self, label, document_id, row) -> None:
        if not self.quiet:
            self._emit(self.ctx.out, f"imported {safe_line(label)} as {document_id}")

    def duplicate(self, label, existing_id) -> None:
        self._emit(self.ctx.out, f"duplicate {safe_line(label)}: already stored as {existing_id}")

    def refused(self, label, reason) -> None:
        self._emit(self.ctx.err, f"refused {safe_line(label)}: {safe_line(reason)}")

    def skipped(self, label, reason) -> None:
        if not self.quiet:
            self._emit(self.ctx.out, f"skipped {safe_line(label)}: {safe_line(reason)}")

    def revised(self, label, report) -> None:
        """A new version was stored: how its spans landed, and each one that was lost."""
        self._emit(self.ctx.out, f"revision {safe_line(label)}: {report.line()}")
        for row in report.orphans:
            self._emit(self.ctx.out, f"  orphaned {safe_line(row['label'])} "
                       f"{safe_line(repr(row['quote']))} (was span {row['derived_from']}): "
                       f"{safe_line(row['reason'])}")
        for row in report.fuzzy:
            self._emit(self.ctx.out, f"  fuzzy {safe_line(row['label'])} "
                       f"{safe_line(repr(row['original_quote']))} -> {safe_line(repr(row['quote']))}")

    def warning(self, label, message) -> None:
        self._emit(self.ctx.err, f"warning {safe_line(label)}: {safe_line(message)}")

    def not_stored(self, where, message) -> None:
        """An annotation line (or a whole .ann) that was reported and left out."""
        self.not_stored_count += 1
        self._emit(self.ctx.err, f"left out {safe_line(where)}: {safe_line(message)}")


def run(args, ctx) -> int:
    db = ctx.open()
    fields = {name: getattr(args, name) for name in OVERRIDE_FIELDS}
    reporter = CliReporter(ctx, quiet=args.quiet)
    if args.supersedes:
        from store.cli.documents import resolve_document_id

        # An unknown id is one error before anything is read; a unique prefix is enough.
        args.supersedes = resolve_document_id(db, args.supersedes)
    importer = Importer(db, ctx.login, encoding=args.encoding, fields=fields, reporter=reporter,
                        keep_ids=False, supersedes=args.supersedes,
                        format=args.format)
    if args.encoding:
        from store.records.decoding import canonical_encoding

        canonical_encoding(args.encoding)  # an unknown name is one error, not one per file
    try:
        summary = importer.import_paths(args.paths)
    finally:
        reporter.stop()
    line = summary.line()
    if reporter.not_stored_count:
        line += f", annotation lines not stored {reporter.not_stored_count}"
    print(line, file=ctx.out)
    return 1 if summary.refused or reporter.not_stored_count else 0
