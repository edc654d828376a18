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
3. `Importer.write_batch` writes a batch of Prepared rows with `executemany`
   and `history.record_many`, in slices of ~10 ms, each its own transaction
   (store/db/fair.py: a person's save beside an import waits one slice); a
   batch is bounded in bytes, so memory does not grow with the corpus.

A refused file or line is reported and the rest goes on; nothing is written
for it.  The same text imported twice is reported ("already stored as <id>")
and stored once.
"""

from __future__ import annotations

import os
import queue
import threading
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

import sqlite_utils

from store import search_terms
from store.db.connection import transaction
from store.db.fair import Slicer
from store.errors import StoreError
from store.ingest.jsonl import parse_jsonl_line
from store.ingest.outcomes import ImportSummary, Prepared, Refused, Reporter, SilentReporter, Skipped
from store.ingest.paths import JSONL_SUFFIXES, MAX_FILE_BYTES, InputFile, expand_paths, shown
from store.ingest.prepare import prepare_bytes
from store.records import documents, history

BATCH_ROWS = 500


BATCH_BYTES = 32 * 1024 * 1024


Outcome = Prepared | Refused | Skipped


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
        format: str | None = None,
    ):
        self.db = db
        #: `--format doccano|prodigy`: every file is that tool's JSONL (store/ingest/annotated.py).
        self.format = format
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
        self._slicer = Slicer()  # ~10 ms transactions, learnt over the whole import

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
        from store.revisions.revise import as_revision

        if self.format is not None:
            yield from self.handle_jsonl(item)
            return
        if item.path.suffix.lower() in JSONL_SUFFIXES:
            for outcome in self.handle_jsonl(item):
                # A line whose url is stored with other text is a revised article.
                yield as_revision(outcome, None, self.actor) if isinstance(outcome, Prepared) else outcome
            return
        ann = item.path.with_suffix(".ann")
        if item.path.suffix.lower() == ".txt" and ann.is_file():
            from store.ingest.brat_pairs import prepare_pair

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
        parse = parse_jsonl_line
        if self.format is not None:
            from functools import partial

            from store.ingest.annotated import parse_annotated_line

            parse = partial(parse_annotated_line, fmt=self.format)
        try:
            handle = item.path.open("rb")
        except OSError as exc:
            self.reporter.advance(item.size)
            yield Refused(shown(item.path), f"cannot be read ({exc.strerror or exc})")
            return
        with handle:
            for number, raw in enumerate(handle, start=1):
                self.reporter.advance(len(raw))
                outcome = parse(
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
        """Store a batch: (prepared, document id, created) for each.

        It is written in slices of ~10 ms, each its own transaction, with a pause after
        each (store/db/fair.py), so a person's save waits one slice, not the batch.
        """
        done: list[tuple[Prepared, str, bool]] = []
        for results in self._slicer.run(batch, self.write_slice):
            done.extend(results)
        return done

    def write_slice(self, batch: Sequence[Prepared]) -> list[tuple[Prepared, str, bool]]:
        """Store some documents in one transaction: (prepared, document id, created) for each."""
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
                search_terms.documents_added(conn, [(row["title"], row["text"]) for row in new_rows])
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


def import_paths(db: sqlite_utils.Database, paths: Iterable[str | os.PathLike], actor: str,
                 **options) -> ImportSummary:
    """Convenience: import `paths` with an Importer and return the summary."""
    return Importer(db, actor, **options).import_paths(paths)
