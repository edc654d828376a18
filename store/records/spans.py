"""Spans: exact runs of a document's text, with a label.

The invariant `text[start:end] == quote` is checked here on every write, so no
caller can store a span that does not cut out its own quote.  The prefix and
suffix (CONTEXT_CHARS each side) let a span be found again in a revised text
and let a W3C TextQuoteSelector be written without the document at hand.
"""

from __future__ import annotations

import sqlite_utils

from store.db.connection import new_id, transaction, utc_now
from store.errors import StoreError
from store.records import history, people
from store.records.events import check_editable

CONTEXT_CHARS = 32

#: The default label legend, in the order of the number keys 1-9.
DEFAULT_LABELS = (
    "Trigger", "Date", "Location", "Actor", "Target", "Killed", "Injured", "Speaker", "Claim",
)

SPAN_COLUMNS = (
    "id", "document_id", "start", "end", "quote", "prefix", "suffix", "label", "author",
    "created_at", "group_id", "anchor", "original_quote", "derived_from",
)


def context(text: str, start: int, end: int, chars: int = CONTEXT_CHARS) -> tuple[str, str]:
    """The `chars` characters before `start` and after `end`."""
    return text[max(0, start - chars):start], text[end:end + chars]


def span_row(
    text: str,
    *,
    document_id: str,
    start: int,
    end: int,
    label: str,
    author: str,
    group_id: str | None = None,
    anchor: str = "exact",
    original_quote: str | None = None,
    derived_from: str | None = None,
    span_id: str | None = None,
    created_at: str | None = None,
    suggested_by: str | None = None,
) -> dict:
    """A validated span row for `text` (no I/O); `suggested_by` names the suggester
    a coder accepted it from (the coder stays its author)."""
    if not isinstance(start, int) or not isinstance(end, int):
        raise StoreError(f"span offsets must be integers, got {start!r}..{end!r}")
    if not 0 <= start < end <= len(text):
        raise StoreError(
            f"span {start}..{end} is outside the document (0..{len(text)}) or empty"
        )
    if not label or not label.strip():
        raise StoreError("a span needs a label")
    prefix, suffix = context(text, start, end)
    return {
        "id": span_id or new_id(),
        "document_id": document_id,
        "start": start,
        "end": end,
        "quote": text[start:end],
        "prefix": prefix,
        "suffix": suffix,
        "label": label,
        "author": author,
        "created_at": created_at or utc_now(),
        "group_id": group_id,
        "anchor": anchor,
        "original_quote": original_quote,
        "derived_from": derived_from,
    } | ({"suggested_by": suggested_by} if suggested_by else {})


def _document_text(db: sqlite_utils.Database, document_id: str) -> str:
    row = db.execute("SELECT text FROM documents WHERE id = ?", [document_id]).fetchone()
    if row is None:
        raise StoreError(f"no document with id {document_id}")
    return row[0]


def add_span(
    db: sqlite_utils.Database, document_id: str, start: int, end: int, label: str, actor: str,
    **extra,
) -> dict:
    """Store a span over text[start:end] and return its row."""
    with transaction(db):
        people.require(db, actor, "annotate", "marking spans")
        row = span_row(
            _document_text(db, document_id), document_id=document_id, start=start, end=end,
            label=label, author=actor, **extra,
        )
        db["spans"].insert(row)
        history.record(db, actor=actor, action="create", entity="span", entity_id=row["id"], after=row)
    return row


def get_span(db: sqlite_utils.Database, span_id: str) -> dict:
    rows = list(db.query("SELECT * FROM spans WHERE id = ?", [span_id]))
    if not rows:
        raise StoreError(f"no span with id {span_id}")
    return rows[0]


def list_spans(db: sqlite_utils.Database, document_id: str) -> list[dict]:
    return list(
        db.query(
            'SELECT * FROM spans WHERE document_id = ? ORDER BY start, "end", created_at',
            [document_id],
        )
    )


def relabel_span(db: sqlite_utils.Database, span_id: str, label: str, actor: str) -> dict:
    with transaction(db):
        people.require(db, actor, "annotate", "relabelling spans")
        before = get_span(db, span_id)
        db["spans"].update(span_id, {"label": label})
        after = dict(before, label=label)
        history.record(db, actor=actor, action="update", entity="span", entity_id=span_id,
                       before=before, after=after)
    return after


def delete_span(db: sqlite_utils.Database, span_id: str, actor: str) -> dict:
    """Remove a span with the evidence links and claim roles that point at it.

    Returns {"span": row, "evidence": [...], "claims": [...]} so that an undo can
    put everything back with `restore_span`.
    """
    with transaction(db):
        people.require(db, actor, "annotate", "removing spans")
        span = get_span(db, span_id)
        # The span is part of the proof of the events it is evidence for: it goes
        # only if each of them may change (not approved or rejected; a submitted
        # one only by an editor).
        for event in db.query(
            "SELECT e.* FROM events e JOIN event_evidence ev ON ev.event_id = e.id"
            " WHERE ev.span_id = ?", [span_id]):
            check_editable(db, event, actor)
        evidence = list(db.query("SELECT * FROM event_evidence WHERE span_id = ?", [span_id]))
        if db.execute("SELECT 1 FROM claims WHERE content_span_id = ?", [span_id]).fetchone():
            raise StoreError("these words are a claim's content: remove the claim with them "
                             "(x in the workstation does both)")
        claim_refs = []
        for role in ("speaker_span_id", "cue_span_id"):
            for (claim_id,) in db.execute(f"SELECT id FROM claims WHERE {role} = ?", [span_id]):
                claim_refs.append({"claim_id": claim_id, "role": role})
                db.execute(f"UPDATE claims SET {role} = NULL WHERE id = ?", [claim_id])
        # Attributes, normalisations and notes carried over from brat go with the span
        # and come back with it on undo.
        attributes = list(db.query("SELECT * FROM attributes WHERE target_id = ?", [span_id]))
        db.execute("DELETE FROM event_evidence WHERE span_id = ?", [span_id])
        db.execute("DELETE FROM attributes WHERE target_id = ?", [span_id])
        db.execute("DELETE FROM spans WHERE id = ?", [span_id])
        removed = {"span": span, "evidence": evidence, "claims": claim_refs,
                   "attributes": attributes}
        history.record(db, actor=actor, action="delete", entity="span", entity_id=span_id,
                       before=removed)
    return removed


def restore_span(db: sqlite_utils.Database, removed: dict, actor: str) -> dict:
    """Undo `delete_span`: re-insert the span (same id) and its links, checked against the text."""
    span = removed["span"]
    with transaction(db):
        people.require(db, actor, "annotate", "restoring spans")
        text = _document_text(db, span["document_id"])
        if text[span["start"]:span["end"]] != span["quote"]:
            raise StoreError("the document text no longer matches this span; cannot restore it")
        db["spans"].insert(span)
        for link in removed.get("evidence", []):
            db["event_evidence"].insert(link, ignore=True)
        for attribute in removed.get("attributes", []):
            db["attributes"].insert(attribute, ignore=True)
        for ref in removed.get("claims", []):
            db.execute(f"UPDATE claims SET {ref['role']} = ? WHERE id = ?",
                       [span["id"], ref["claim_id"]])
        history.record(db, actor=actor, action="restore", entity="span", entity_id=span["id"],
                       after=removed)
    return span


def spans_at(db: sqlite_utils.Database, document_id: str, offset: int) -> list[dict]:
    """Spans covering the character at `offset`, innermost (shortest) first."""
    return list(
        db.query(
            'SELECT * FROM spans WHERE document_id = ? AND start <= ? AND "end" > ?'
            ' ORDER BY ("end" - start), created_at DESC',
            [document_id, offset, offset],
        )
    )
