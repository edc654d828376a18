"""eventdesk as a Python library: open a database, import, read, label, as plain records.

    >>> from store import api
    >>> desk = api.open("example.db", login="alice")     # doctest: +SKIP

Every read returns a list of dicts (one per row, JSON-ready), so
`pandas.DataFrame(desk.events())` or `api.to_dataframe(desk.spans())` gives a table;
pandas is used only if it is installed, never required.  Every change goes through
the same path as the workstation (`store.annotate.gateway.Session.apply`: one
transaction, permission checks, the hash-chained history), and imports through
the same importer as `eventdesk import`; reads never write.  Errors are
`store.errors.StoreError` (one line, like the command line shows).

The README's "Python API" section is a worked example; it runs as a test.
Incidents (`store.incidents`) are not read here yet: their tables come with the
incidents work.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

import sqlite_utils

from store.annotate import actions
from store.annotate.gateway import Session
from store.db.connection import open_db
from store.errors import StoreError
from store.ingest.importer import Importer
from store.ingest.outcomes import ImportSummary
from store.ingest.seeds import seed_files
from store.records import people
from store.search import search_documents

__all__ = ["Desk", "open", "to_dataframe"]

_DOCUMENT_COLUMNS = ("id", "title", "outlet", "published", "url", "source", "length", "revision",
                     "supersedes", "imported_by", "imported_at", "text_sha256")


class Desk:
    """One database opened by one person (`login`, by default the OS account)."""

    def __init__(self, path: str | os.PathLike, login: str | None = None):
        self.path = Path(path)
        self.db: sqlite_utils.Database = open_db(self.path)
        self.login = login or people.os_login()
        people.ensure_user(self.db, self.login)
        self.session = Session(self.db, self.login)

    # -- life --

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Desk":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- import --

    def import_files(self, paths: Iterable[str | os.PathLike], *, format: str | None = None,
                     encoding: str | None = None) -> ImportSummary:
        """Import text files, folders, JSONL (or doccano/Prodigy JSONL with `format=`).

        Returns the summary (`.imported`, `.duplicates`, `.refused`, `.ids`).
        """
        importer = Importer(self.db, self.login, format=format, encoding=encoding, background=False)
        return importer.import_paths([Path(p) for p in paths])

    def import_seeds(self) -> ImportSummary:
        """Import the five bundled seed articles."""
        return self.import_files(seed_files())

    # -- reads (never write) --

    def documents(self) -> list[dict]:
        """Every document's metadata, in import order (the text: `text(id)`)."""
        return [dict(r) for r in self.db.query(
            f"SELECT {', '.join(_DOCUMENT_COLUMNS)} FROM documents ORDER BY rowid")]

    def text(self, document_id: str) -> str:
        """The document's exact text: span offsets are code points into it."""
        row = self.db.execute("SELECT text FROM documents WHERE id = ?", [document_id]).fetchone()
        if row is None:
            raise StoreError(f"no document with id {document_id}")
        return row[0]

    def spans(self, document_id: str | None = None) -> list[dict]:
        """Spans: id, document_id, start, end, quote, label, author, anchor, ... in text order."""
        where, args = ("WHERE document_id = ?", [document_id]) if document_id else ("", [])
        return [dict(r) for r in self.db.query(
            f'SELECT * FROM spans {where} ORDER BY document_id, start, "end", rowid', args)]

    def events(self, document_id: str | None = None) -> list[dict]:
        """Events with every field, plus `evidence`: field -> [{span_id, start, end, quote}]."""
        where, args = ("WHERE document_id = ?", [document_id]) if document_id else ("", [])
        out = []
        for event in self.db.query(f"SELECT * FROM events {where} ORDER BY created_at, rowid", args):
            event = dict(event)
            evidence: dict[str, list[dict]] = {}
            for row in self.db.query(
                    'SELECT x.field, s.id AS span_id, s.start, s."end", s.quote FROM event_evidence x '
                    "JOIN spans s ON s.id = x.span_id WHERE x.event_id = ? ORDER BY x.created_at, x.rowid",
                    [event["id"]]):
                evidence.setdefault(row.pop("field"), []).append(row)
            event["evidence"] = evidence
            out.append(event)
        return out

    def claims(self, document_id: str | None = None) -> list[dict]:
        """Claims with their speaker, cue and content words (`speaker`, `cue`, `content`)."""
        where, args = ("WHERE c.document_id = ?", [document_id]) if document_id else ("", [])
        return [dict(r) for r in self.db.query(
            "SELECT c.*, sp.quote AS speaker, cu.quote AS cue, co.quote AS content FROM claims c "
            "LEFT JOIN spans sp ON sp.id = c.speaker_span_id LEFT JOIN spans cu ON cu.id = c.cue_span_id "
            f"LEFT JOIN spans co ON co.id = c.content_span_id {where} ORDER BY c.created_at, c.rowid",
            args)]

    def incidents(self) -> list[dict]:
        """Every incident: its status, the events it groups (`members`), the reconciled
        fields with the events and claims each rests on, the conflicts between its
        sources and how many sources it has."""
        from store.formats.incident_rows import incident_records

        return list(incident_records(self.db))

    def search(self, query: str, limit: int = 20) -> list[dict]:
        """Ranked full-text search: document_id, title, snippet ([match] marked), match offsets."""
        return [{"document_id": h.document_id, "title": h.title, "snippet": h.snippet,
                 "match_start": h.match_start, "match_end": h.match_end}
                for h in search_documents(self.db, query, limit)]

    # -- changes (the workstation's one write path) --

    def apply(self, action: actions.Action):
        """Apply any `store.annotate.actions` action; returns what it did (`.result`)."""
        return self.session.apply(action)

    def label(self, document_id: str, start: int, end: int, label: str,
              event_id: str | None = None) -> dict:
        """Label text[start:end]; with `event_id`, the label's field of that event is filled
        from the words and the span becomes its evidence (as the number keys do)."""
        version = None
        if event_id is not None:
            version = self.db.execute("SELECT version FROM events WHERE id = ?", [event_id]).fetchone()
            version = version[0] if version else None
        return self.apply(actions.LabelSpan(document_id, start, end, label, event_id, version)).result["span"]

    def new_event(self, document_id: str) -> dict:
        """A new draft event on the document."""
        return self.apply(actions.CreateEvent(document_id)).result["event"]

    def update_event(self, event_id: str, **changes) -> dict:
        """Set event fields (date_start="2022-02-03", latitude=..., fatalities_best=13, ...)."""
        row = self.db.execute("SELECT document_id, version FROM events WHERE id = ?", [event_id]).fetchone()
        if row is None:
            raise StoreError(f"no event with id {event_id}")
        return self.apply(actions.UpdateEvent(row[0], event_id, changes, row[1])).result["event"]


def open(path: str | os.PathLike, login: str | None = None) -> Desk:  # noqa: A001 - the API's verb
    """Open (creating and migrating if new) the database at `path` as `login`."""
    return Desk(path, login)


def to_dataframe(records: list[dict]):
    """The records as a pandas DataFrame (pandas must be installed; eventdesk does not need it)."""
    try:
        import pandas
    except ImportError:
        raise StoreError("to_dataframe needs pandas (pip install pandas); the records themselves "
                         "are plain lists of dicts") from None
    return pandas.DataFrame.from_records(records)
