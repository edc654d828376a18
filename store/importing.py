"""Import articles: text files, folders of them, and JSONL, streamed in batches.

The pipeline has three stages, so each can be extended on its own:

1. `expand_paths` turns the command line's PATHs into files, walking folders
   recursively in a deterministic order (sorted names, depth first).
2. `Importer.handle_file` turns one file into outcomes: a `Prepared` document
   row, a `Refused` reason, or a `Skipped` note.  A text file gives one outcome
   (`prepare_bytes`), a JSONL file one per line (`handle_jsonl`).  Later
   formats (brat `.txt` + `.ann` pairs, `--supersedes`) hook in here: a
   Prepared may carry an `after_store` callback that runs in the same
   transaction once the document has its id.
3. `Importer._flush` writes a batch of Prepared rows in one short transaction
   with `executemany` and `history.record_many`: a few hundred documents per
   commit is what makes a 100,000-article import fast, and a batch is also
   bounded in bytes, so memory does not grow with the corpus.

A refused file or line is reported and the rest goes on; nothing is written
for it.  The same text imported twice is reported ("already stored as <id>")
and stored once.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import queue
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Protocol

import sqlite_utils

from . import documents, history, metadata
from .db import StoreError, transaction
from .decoding import check_text, decode

#: Suffixes imported when walking a folder (a file named on the command line is always read).
TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl",)
#: A file bigger than this is not an article; refusing it keeps memory bounded.
MAX_FILE_BYTES = 256 * 1024 * 1024
BATCH_ROWS = 500
BATCH_BYTES = 32 * 1024 * 1024
JSONL_FIELDS = ("text", "title", "url", "published", "outlet")
OVERRIDE_FIELDS = ("title", "outlet", "published", "url")


# --- outcomes -----------------------------------------------------------------


@dataclass
class Prepared:
    """A document ready to store; `label` names it in messages (a path, or path:line)."""

    label: str
    row: dict
    warnings: tuple[str, ...] = ()
    #: Called as after_store(db, document_id, created) inside the batch's transaction
    #: (in the writer thread): the place for work that needs the document's id, such
    #: as a brat .ann file's spans.  Preparing a document (handle_file) must not write.
    after_store: Callable[[sqlite_utils.Database, str, bool], None] | None = None
    #: Filled by after_store (writer thread), run by the importer's thread once the batch is
    #: stored: each is called with the reporter (brat line problems, a revision's report).
    later: list[Callable[["Reporter"], None]] = field(default_factory=list)


@dataclass(frozen=True)
class Refused:
    label: str
    reason: str


@dataclass(frozen=True)
class Skipped:
    label: str
    reason: str


Outcome = Prepared | Refused | Skipped


@dataclass
class ImportSummary:
    imported: int = 0
    duplicates: int = 0
    refused: int = 0
    skipped: int = 0
    ids: list[str] = field(default_factory=list)  # of newly stored documents, in order

    def line(self) -> str:
        text = f"imported {self.imported}, duplicates {self.duplicates}, refused {self.refused}"
        if self.skipped:
            text += f", skipped {self.skipped}"
        return text


class Reporter(Protocol):
    """Where the importer tells what happens (the CLI prints; tests and seeding may ignore)."""

    def imported(self, label: str, document_id: str, row: dict) -> None: ...
    def duplicate(self, label: str, existing_id: str) -> None: ...
    def refused(self, label: str, reason: str) -> None: ...
    def skipped(self, label: str, reason: str) -> None: ...
    def warning(self, label: str, message: str) -> None: ...
    def not_stored(self, where: str, message: str) -> None: ...
    #: True to have start(files, total_bytes) called first (a second walk of the folders).
    wants_totals: bool
    def start(self, files: int, total_bytes: int) -> None: ...
    def advance(self, nbytes: int) -> None: ...


class SilentReporter:
    def imported(self, label, document_id, row): pass
    def duplicate(self, label, existing_id): pass
    def refused(self, label, reason): pass
    def skipped(self, label, reason): pass
    def warning(self, label, message): pass
    def not_stored(self, where, message): pass
    wants_totals = False
    def start(self, files, total_bytes): pass
    def advance(self, nbytes): pass


# --- stage 1: paths ---------------------------------------------------------------


@dataclass(frozen=True)
class InputFile:
    path: Path  # as the user gave it (or under the folder they gave): what messages name
    size: int
    named: bool  # given on the command line (read whatever its suffix) rather than found in a folder
    source: str  # the absolute path recorded as the document's source


def expand_paths(paths: Iterable[str | os.PathLike]) -> Iterator[InputFile | Refused | Skipped]:
    """Files to import, folders walked recursively in sorted order; hidden entries skipped."""
    for raw in paths:
        path = Path(raw)
        try:
            if path.is_dir():
                yield from _walk(path, _absolute(path))
            elif path.is_file():
                yield InputFile(path, path.stat().st_size, named=True, source=_absolute(path))
            elif path.exists():
                yield Refused(shown(path), "is not a regular file")
            else:
                yield Refused(shown(path), "does not exist")
        except OSError as exc:
            yield Refused(shown(path), f"cannot be read ({exc.strerror or exc})")


def _walk(folder: Path, source: str) -> Iterator[InputFile | Refused | Skipped]:
    """Depth first, each folder's entries in name order, so `a.txt, b/1.txt, c.txt`.

    Iterative (a stack of open listings), so no nesting depth is too deep.
    Symbolic links to folders are not followed (no loops); links to files are.
    """
    stack: list[tuple[Iterator[os.DirEntry], str]] = []
    listing = _listing(folder)
    if isinstance(listing, Refused):
        yield listing
        return
    stack.append((listing, source))
    while stack:
        entries, here = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            if entry.is_dir(follow_symlinks=False):
                listing = _listing(path)
                if isinstance(listing, Refused):
                    yield listing
                else:
                    stack.append((listing, os.path.join(here, shown(entry.name))))
            elif path.suffix.lower() == ".ann" and path.with_suffix(".txt").is_file():
                continue  # read with its .txt as a brat pair (store.formats.brat_store)
            elif path.suffix.lower() not in TEXT_SUFFIXES + JSONL_SUFFIXES:
                yield Skipped(shown(path), "not a .txt or .jsonl file")
            elif not entry.is_file():
                yield Refused(shown(path), "is not a regular file")
            else:
                yield InputFile(path, entry.stat().st_size, named=False,
                                source=os.path.join(here, shown(entry.name)))
        except OSError as exc:
            yield Refused(shown(path), f"cannot be read ({exc.strerror or exc})")


def _listing(folder: Path) -> Iterator[os.DirEntry] | Refused:
    """A folder's entries sorted by name (one folder's names in memory, not the corpus's)."""
    try:
        with os.scandir(folder) as it:
            return iter(sorted(it, key=lambda e: e.name))
    except OSError as exc:
        return Refused(shown(folder), f"cannot be read ({exc.strerror or exc})")


# --- stage 2: one file -> outcomes -------------------------------------------------------


def normalise_published(value: str) -> str:
    """An ISO date (or the ISO date-time given), from ISO or the written forms; else StoreError."""
    value = value.strip()
    iso = metadata.parse_date(value)
    if iso:
        return iso
    if metadata.ISO_PARTIAL.fullmatch(value):  # a year or a month: a coarser date
        return value
    try:
        _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        return value
    except ValueError:
        pass
    raise StoreError(f"published date {value!r} is not a date (use YYYY-MM-DD)")


def apply_fields(row: dict, fields: dict) -> dict:
    """Give or correct metadata on a prepared row: non-empty values win over what was extracted."""
    for key, value in fields.items():
        value = value.strip() if value is not None else ""
        if not value:
            continue  # not given: keep what was extracted
        row[key] = normalise_published(value) if key == "published" else value
    return row


def prepare_text(
    text: str,
    *,
    label: str,
    actor: str,
    bytes_sha256: str,
    encoding: str,
    bom: bool,
    source: str | None,
    fields: dict | None = None,
    warnings: tuple[str, ...] = (),
) -> Prepared:
    """A Prepared document for decoded text: metadata extracted, then `fields` applied over it."""
    found = metadata.extract(text)
    # UTF-8 without a BOM: the text's UTF-8 is the file, so one hash serves for both.
    same = encoding == "utf-8" and not bom
    row = documents.document_row(
        text=text, bytes_sha256=bytes_sha256, encoding=encoding, bom=bom, actor=actor,
        title=found.title, outlet=found.outlet, published=found.published, source=source,
        text_sha256=bytes_sha256 if same else None,
    )
    apply_fields(row, fields or {})
    return Prepared(label, row, warnings)


def prepare_bytes(
    data: bytes, *, label: str, actor: str, source: str | None, encoding: str | None = None,
    fields: dict | None = None,
) -> Prepared | Refused:
    """A text file's bytes decoded under the policy (store.decoding) and made a document."""
    try:
        decoded = decode(data, encoding)
        return prepare_text(
            decoded.text, label=label, actor=actor, bytes_sha256=documents.sha256_bytes(data),
            encoding=decoded.encoding, bom=decoded.bom, source=source, fields=fields,
            warnings=decoded.warnings,
        )
    except StoreError as exc:
        return Refused(label, str(exc))


def parse_jsonl_line(raw: bytes, *, label: str, actor: str, source: str) -> Prepared | Refused | None:
    """One JSONL line: an object with "text" and optional title/url/published/outlet strings.

    Returns None for a blank line.  The document's "original bytes" are its text as UTF-8.
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if not raw.strip():
        return None
    try:
        value = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return Refused(label, f"is not valid UTF-8 (at byte {exc.start} of the line)")
    except json.JSONDecodeError as exc:
        return Refused(label, f"is not valid JSON ({exc.msg} at column {exc.colno})")
    except RecursionError:
        return Refused(label, "is not valid JSON (nested too deeply)")
    if not isinstance(value, dict):
        return Refused(label, f"is a JSON {_json_kind(value)}, not an object with \"text\"")
    text = value.get("text")
    if not isinstance(text, str):
        return Refused(label, 'has no "text" string')
    fields = {}
    for key in JSONL_FIELDS[1:]:
        item = value.get(key)
        if item is not None and not isinstance(item, str):
            return Refused(label, f'"{key}" must be a string, not {type(item).__name__}')
        fields[key] = item
    try:
        check_text(text, surrogates=True)
        for key, item in fields.items():
            if item is not None:
                item.encode("utf-8")  # lone surrogates from \ud800 escapes cannot be stored
        return prepare_text(
            text, label=label, actor=actor, bytes_sha256=documents.sha256_text(text),
            encoding="utf-8", bom=False, source=source, fields=fields,
        )
    except UnicodeEncodeError:
        return Refused(label, "has a lone surrogate (an unpaired \\ud800-style escape) in a field")
    except StoreError as exc:
        return Refused(label, str(exc))


# --- the importer --------------------------------------------------------------------------


class Importer:
    """Imports files into `db` as `actor`, reporting each outcome to `reporter`."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        actor: str,
        *,
        encoding: str | None = None,
        fields: dict | None = None,
        reporter: Reporter | None = None,
        batch_rows: int = BATCH_ROWS,
        batch_bytes: int = BATCH_BYTES,
        background: bool = True,
        keep_ids: bool = True,
        supersedes: str | None = None,
    ):
        self.db = db
        #: `--supersedes ID`: the one text file is a new version of that document.
        self.supersedes = supersedes
        self.actor = actor
        self.encoding = encoding
        self.fields = {k: v for k, v in (fields or {}).items() if v is not None}
        self.reporter = reporter or SilentReporter()
        self.batch_rows = batch_rows
        self.batch_bytes = batch_bytes
        self.summary = ImportSummary()
        self.background = background
        self.keep_ids = keep_ids  # the CLI does not need 100,000 ids in memory
        self._writer: _BackgroundWriter | None = None
        self._batch: list[Prepared] = []
        self._batch_size = 0

    # -- driving --

    def import_paths(self, paths: Iterable[str | os.PathLike]) -> ImportSummary:
        """Import every file under `paths`, streaming: memory does not grow with the corpus."""
        paths = list(paths)
        if self.fields or self.supersedes:
            self._check_single_file(paths)
        if getattr(self.reporter, "wants_totals", False):
            # A first walk for the progress bar's total: names and sizes only.
            count = size = 0
            for item in expand_paths(paths):
                if isinstance(item, InputFile):
                    count, size = count + 1, size + item.size
            self.reporter.start(count, size)
        if self.background:
            self._writer = _BackgroundWriter(self.write_batch)
        try:
            for item in expand_paths(paths):
                if isinstance(item, InputFile):
                    for outcome in self.handle_file(item):
                        self.accept(outcome)
                else:
                    self.accept(item)
            self.flush()
        finally:
            writer, self._writer = self._writer, None
            if writer is not None:
                for done in writer.close():
                    self._report(done)
        return self.summary

    def _check_single_file(self, paths: list) -> None:
        if len(paths) != 1 or not Path(paths[0]).is_file() or Path(paths[0]).suffix.lower() in JSONL_SUFFIXES:
            raise StoreError(
                "--title, --outlet, --published, --url and --supersedes apply to one text file; "
                "to correct a stored document use `eventdesk document set ID`"
            )

    # -- stage 2 --

    def handle_file(self, item: InputFile) -> Iterator[Outcome]:
        """Every outcome of one file: extend here for new kinds of input."""
        from .revisions import as_revision

        if item.path.suffix.lower() in JSONL_SUFFIXES:
            for outcome in self.handle_jsonl(item):
                # A line whose url is stored with other text is a revised article.
                yield as_revision(outcome, None, self.actor) if isinstance(outcome, Prepared) else outcome
            return
        ann = item.path.with_suffix(".ann")
        if item.path.suffix.lower() == ".txt" and ann.is_file():
            from .formats.brat_store import prepare_pair

            self.reporter.advance(item.size)
            outcome = prepare_pair(item.path, ann, actor=self.actor, source=item.source)
        else:
            outcome = self.handle_text_file(item)
        if isinstance(outcome, Prepared):
            outcome = as_revision(outcome, self.supersedes, self.actor)
        yield outcome

    def handle_text_file(self, item: InputFile) -> Outcome:
        label = shown(item.path)
        if item.size > MAX_FILE_BYTES:
            self.reporter.advance(item.size)
            return Refused(label, f"is larger than {MAX_FILE_BYTES // 2**20} MiB; not an article")
        try:
            data = item.path.read_bytes()
        except OSError as exc:
            self.reporter.advance(item.size)
            return Refused(label, f"cannot be read ({exc.strerror or exc})")
        self.reporter.advance(item.size)
        return prepare_bytes(
            data, label=label, actor=self.actor, source=item.source,
            encoding=self.encoding, fields=self.fields,
        )

    def handle_jsonl(self, item: InputFile) -> Iterator[Outcome]:
        source = item.source
        try:
            handle = item.path.open("rb")
        except OSError as exc:
            self.reporter.advance(item.size)
            yield Refused(shown(item.path), f"cannot be read ({exc.strerror or exc})")
            return
        with handle:
            for number, raw in enumerate(handle, start=1):
                self.reporter.advance(len(raw))
                outcome = parse_jsonl_line(
                    raw, label=f"{shown(item.path)}:{number}", actor=self.actor, source=f"{source}:{number}",
                )
                if outcome is not None:
                    yield outcome

    # -- stage 3 --

    def accept(self, outcome: Outcome) -> None:
        if isinstance(outcome, Refused):
            self.summary.refused += 1
            self.reporter.refused(outcome.label, outcome.reason)
        elif isinstance(outcome, Skipped):
            self.summary.skipped += 1
            self.reporter.skipped(outcome.label, outcome.reason)
        else:
            for message in outcome.warnings:
                self.reporter.warning(outcome.label, message)
            self._batch.append(outcome)
            self._batch_size += outcome.row["length"]
            if len(self._batch) >= self.batch_rows or self._batch_size >= self.batch_bytes:
                self.flush()

    def flush(self) -> None:
        """Hand the pending batch to be stored; report what earlier batches stored."""
        batch, self._batch, self._batch_size = self._batch, [], 0
        if self._writer is not None:
            if batch:
                self._writer.submit(batch)
            for done in self._writer.finished():
                self._report(done)
        elif batch:
            self._report(self.write_batch(batch))

    def write_batch(self, batch: list[Prepared]) -> list[tuple[Prepared, str, bool]]:
        """Store a batch in one transaction: (prepared, document id, created) for each."""
        done: list[tuple[Prepared, str, bool]] = []
        with transaction(self.db) as conn:
            hashes = list({p.row["text_sha256"] for p in batch})
            known: dict[str, str] = {}
            for start in range(0, len(hashes), 900):
                chunk = hashes[start:start + 900]
                marks = ",".join("?" * len(chunk))
                known.update(conn.execute(
                    f"SELECT text_sha256, id FROM documents WHERE text_sha256 IN ({marks})", chunk,
                ))
            new_rows = []
            for prepared in batch:
                row = prepared.row
                existing = known.get(row["text_sha256"])
                if existing:
                    done.append((prepared, existing, False))
                else:
                    known[row["text_sha256"]] = row["id"]
                    new_rows.append(row)
                    done.append((prepared, row["id"], True))
            if new_rows:
                conn.executemany(_INSERT_DOCUMENT, new_rows)
                history.record_many(self.db, (
                    {"actor": row["imported_by"], "action": "import", "entity": "document",
                     "entity_id": row["id"], "after": documents.history_state(row),
                     "at": row["imported_at"]}
                    for row in new_rows
                ))
            for prepared, document_id, created in done:
                if prepared.after_store is not None:
                    prepared.after_store(self.db, document_id, created)
        return done

    def _report(self, done: list[tuple[Prepared, str, bool]]) -> None:
        for prepared, document_id, created in done:
            if created:
                self.summary.imported += 1
                if self.keep_ids:
                    self.summary.ids.append(document_id)
                self.reporter.imported(prepared.label, document_id, prepared.row)
            else:
                self.summary.duplicates += 1
                self.reporter.duplicate(prepared.label, document_id)
            for report in prepared.later:
                report(self.reporter)


class _BackgroundWriter:
    """Writes batches in a second thread while the caller reads and decodes the next ones.

    SQLite does its work (inserts, FTS indexing) with the GIL released, so reading
    files and writing the database overlap.  At most one batch waits while one is
    being written, which keeps memory bounded.  Results come back in order; an
    error in the writer is raised in the caller at the next call.
    """

    def __init__(self, write: Callable[[list[Prepared]], list]):
        self._write = write
        self._todo: queue.Queue = queue.Queue(maxsize=1)
        self._done: queue.Queue = queue.Queue()
        self._error: BaseException | None = None
        self._failed = False
        self._thread = threading.Thread(target=self._run, name="eventdesk-import-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            batch = self._todo.get()
            if batch is None:
                return
            if self._failed:
                continue  # drain: after a failure nothing more is written
            try:
                self._done.put(self._write(batch))
            except BaseException as exc:  # handed to the caller's thread
                self._error, self._failed = exc, True

    def _raise(self) -> None:
        """Raise the writer's error in the caller's thread, once."""
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def submit(self, batch: list[Prepared]) -> None:
        self._raise()
        self._todo.put(batch)

    def finished(self) -> Iterator[list]:
        while True:
            try:
                yield self._done.get_nowait()
            except queue.Empty:
                break
        self._raise()

    def close(self) -> Iterator[list]:
        """Wait for every batch; yield the remaining results."""
        self._todo.put(None)
        self._thread.join()
        yield from self.finished()


_COLUMNS = (
    "id", "text", "length", "text_sha256", "bytes_sha256", "encoding", "bom", "title", "outlet",
    "published", "source", "url", "imported_by", "imported_at", "supersedes", "revision",
)
_INSERT_DOCUMENT = (
    f"INSERT INTO documents ({', '.join(_COLUMNS)}) VALUES ({', '.join(':' + c for c in _COLUMNS)})"
)


def shown(path: str | os.PathLike) -> str:
    """A path as text that can be stored and printed.

    A file name that is not valid UTF-8 (Python keeps its bytes as lone
    surrogates) gets those bytes written as `\\xe9`, instead of failing later.
    """
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _absolute(path: Path) -> str:
    """The source recorded for a file: its absolute path (where it came from)."""
    try:
        return shown(path.resolve())
    except OSError:
        return shown(path)


def import_paths(db: sqlite_utils.Database, paths: Iterable[str | os.PathLike], actor: str,
                 **options) -> ImportSummary:
    """Convenience: import `paths` with an Importer and return the summary."""
    return Importer(db, actor, **options).import_paths(paths)


def _json_kind(value) -> str:
    """JSON's own word for a parsed value's kind (a person reads "array", not "list")."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return {list: "array", str: "string"}.get(type(value), type(value).__name__)
