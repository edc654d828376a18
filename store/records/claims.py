"""Claims: who says what (speaker, cue, content), about which topic, how surely.

Each source's claim is its own record with its own evidence spans; the editor
decides what the event row says.  Claims are versioned like events.
"""

from __future__ import annotations

import sqlite_utils

from store.db.connection import new_id, transaction, utc_now
from store.errors import ConflictError, StoreError
from store.records import history, people, spans
from store.records.events import check_editable, get_event

TOPICS = ("occurrence", "casualties", "responsibility", "target identity", "location", "timing", "other")
POLARITIES = ("asserts", "denies")
CERTAINTIES = ("certain", "probable", "possible", "unknown")
SPAN_ROLES = ("speaker_span_id", "cue_span_id", "content_span_id")
EDITABLE = SPAN_ROLES + ("topic", "polarity", "certainty", "event_id")


def get_claim(db: sqlite_utils.Database, claim_id: str) -> dict:
    rows = list(db.query("SELECT * FROM claims WHERE id = ?", [claim_id]))
    if not rows:
        raise StoreError(f"no claim with id {claim_id}")
    return rows[0]


def list_claims(db: sqlite_utils.Database, document_id: str | None = None, event_id: str | None = None) -> list[dict]:
    if event_id is not None:
        return list(db.query("SELECT * FROM claims WHERE event_id = ? ORDER BY created_at", [event_id]))
    if document_id is not None:
        return list(db.query("SELECT * FROM claims WHERE document_id = ? ORDER BY created_at", [document_id]))
    return list(db.query("SELECT * FROM claims ORDER BY created_at"))


def _validate(changes: dict) -> None:
    bad = set(changes) - set(EDITABLE)
    if bad:
        raise StoreError(f"cannot set claim field(s): {', '.join(sorted(bad))}")
    if changes.get("topic") not in (None, *TOPICS):
        raise StoreError(f"topic must be one of: {', '.join(TOPICS)}")
    if "polarity" in changes and changes["polarity"] not in POLARITIES:
        raise StoreError(f"polarity must be one of: {', '.join(POLARITIES)}")
    if "certainty" in changes and changes["certainty"] not in CERTAINTIES:
        raise StoreError(f"certainty must be one of: {', '.join(CERTAINTIES)}")


def _check_event_editable(db: sqlite_utils.Database, event_id: str | None, actor: str) -> None:
    """A claim belongs to its event's proof: it changes only while the event may change."""
    if event_id is not None:
        check_editable(db, get_event(db, event_id), actor)


def create_claim(db: sqlite_utils.Database, document_id: str, actor: str, **fields) -> dict:
    """A claim always has the words it reports (its content span): an empty claim
    says nothing anyone can check."""
    _validate(fields)
    if not fields.get("content_span_id"):
        raise StoreError("a claim needs the words it reports: select them and label them Claim")
    now = utc_now()
    row = {"id": new_id(), "document_id": document_id, "version": 1,
           "created_by": actor, "created_at": now, "updated_by": actor, "updated_at": now}
    row.update(fields)
    with transaction(db):
        people.require(db, actor, "annotate", "recording claims")
        _check_event_editable(db, row.get("event_id"), actor)
        db["claims"].insert(row)
        claim = get_claim(db, row["id"])
        history.record(db, actor=actor, action="create", entity="claim", entity_id=row["id"], after=claim)
    return claim


def update_claim(db: sqlite_utils.Database, claim_id: str, expected_version: int, changes: dict, actor: str) -> dict:
    _validate(changes)
    if "content_span_id" in changes and not changes["content_span_id"]:
        raise StoreError("a claim cannot lose its words; remove the claim instead")
    with transaction(db):
        before = get_claim(db, claim_id)
        if before["version"] != expected_version:
            raise ConflictError(
                f"claim was changed by {before['updated_by']} at {before['updated_at']}", before)
        people.require(db, actor, "annotate", "changing claims")
        _check_event_editable(db, before["event_id"], actor)
        if changes.get("event_id"):
            _check_event_editable(db, changes["event_id"], actor)
        values = dict(changes, version=expected_version + 1, updated_by=actor, updated_at=utc_now())
        db["claims"].update(claim_id, values)
        after = get_claim(db, claim_id)
        history.record(db, actor=actor, action="update", entity="claim", entity_id=claim_id,
                       before=before, after=after)
    return after


def delete_claim(db: sqlite_utils.Database, claim_id: str, actor: str) -> dict:
    with transaction(db):
        before = get_claim(db, claim_id)
        people.require(db, actor, "annotate", "removing claims")
        _check_event_editable(db, before["event_id"], actor)
        db.execute("DELETE FROM claims WHERE id = ?", [claim_id])
        history.record(db, actor=actor, action="delete", entity="claim", entity_id=claim_id, before=before)
    return before


def discard_claim(db: sqlite_utils.Database, claim_id: str, expected_version: int, actor: str) -> dict:
    """Delete a claim and its content span (the undo of creating it)."""
    with transaction(db):
        claim = get_claim(db, claim_id)
        if claim["version"] != expected_version:
            raise ConflictError(
                f"claim was changed by {claim['updated_by']} at {claim['updated_at']}", claim)
        delete_claim(db, claim_id, actor)
        removed_span = None
        if claim["content_span_id"]:
            removed_span = spans.delete_span(db, claim["content_span_id"], actor)
    return {"claim": claim, "content": removed_span}


def restore_claim(db: sqlite_utils.Database, removed: dict, actor: str) -> dict:
    """Put back a claim removed by `discard_claim`, content span first."""
    with transaction(db):
        if removed["content"]:
            spans.restore_span(db, removed["content"], actor)
        db["claims"].insert(removed["claim"])
        history.record(db, actor=actor, action="restore", entity="claim",
                       entity_id=removed["claim"]["id"], after=removed["claim"])
    return removed["claim"]
