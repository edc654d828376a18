"""What one input gives an import: a `Prepared` row, a `Refused` reason or a `Skipped` note.

A `Prepared` may carry an `after_store` callback (brat pairs, revisions) that
runs in the batch's transaction once the document has its id. The reporter
protocol is how the command line hears about each outcome.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Protocol

import sqlite_utils


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
