"""Editor review: the status machine of an event, four eyes, and the approved hash.

    draft ──submit──▶ submitted ──approve──▶ approved ──reopen──▶ needs_revision
                          │  ──reject───▶ rejected ──reopen──▶ needs_revision
                          └─ ──return───▶ needs_revision ──submit──▶ submitted …

Every transition happens in one write transaction that re-reads the event,
checks the caller's expected version (optimistic concurrency: a stale screen
gets `ConflictError`, nothing is written), checks the role and four eyes, bumps
the version, writes a `reviews` row (who, when, why) and history entries for
both the event and the review.

Four eyes: nobody approves an event they created, submitted last, or changed
(fields, evidence, its claims) after its last submission.  An editor who
corrects a field of a submitted event is recorded as its author of that change,
so someone else must approve it.

An approved event carries `approved_hash`: SHA-256 over the canonical JSON of
its row, its evidence spans (ids, offsets, quotes) and its document's
`text_sha256`.  `store.verify.tamper` recomputes it to catch edits made behind the
app's back.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import sqlite_utils

from store.db.connection import new_id, transaction, utc_now
from store.errors import ConflictError, PermissionDenied, StoreError
from store.records import history, people
from store.records.events import get_event, missing_for_submission

#: History actions that change an event's content (as opposed to its status).
CONTENT_ACTIONS = ("update", "link", "unlink")


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str
    permission: str
    words: str  # for refusals: "approve", "send back" …
    needs_reason: str | None = None  # what the reason is called, when one is required


TRANSITIONS = {
    "submit": Transition("submit", ("draft", "needs_revision"), "submitted", "annotate", "submit"),
    "approve": Transition("approve", ("submitted",), "approved", "review", "approve"),
    "reject": Transition("reject", ("submitted",), "rejected", "review", "reject", "a reason"),
    "return": Transition("return", ("submitted",), "needs_revision", "review", "send back",
                         "a comment"),
    "reopen": Transition("reopen", ("approved", "rejected"), "needs_revision", "review", "reopen",
                         "a reason"),
}


class FourEyesError(PermissionDenied):
    """The approver did part of the work being approved."""


def approved_state(db: sqlite_utils.Database, event: dict) -> dict:
    """What an approval vouches for: the event row, its evidence spans, its document's text hash."""
    fields = {k: v for k, v in event.items() if k != "approved_hash"}
    evidence = [
        dict(zip(("field", "span_id", "start", "end", "quote"), row))
        for row in db.execute(
            'SELECT ev.field, ev.span_id, s.start, s."end", s.quote FROM event_evidence ev'
            " LEFT JOIN spans s ON s.id = ev.span_id WHERE ev.event_id = ?"
            " ORDER BY ev.field, ev.span_id",
            [event["id"]],
        )
    ]
    row = db.execute("SELECT text_sha256 FROM documents WHERE id = ?",
                     [event["document_id"]]).fetchone()
    return {"event": fields, "evidence": evidence, "document_text_sha256": row[0] if row else None}


def compute_approved_hash(db: sqlite_utils.Database, event: dict) -> str:
    payload = history.canonical_json(approved_state(db, event))
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


def _last_submission_seq(db: sqlite_utils.Database, event_id: str) -> tuple[int, str | None]:
    row = db.execute(
        "SELECT seq, actor FROM history WHERE entity = 'event' AND entity_id = ? AND action = 'submit'"
        " ORDER BY seq DESC LIMIT 1", [event_id]).fetchone()
    return (row[0], row[1]) if row else (0, None)


def changed_since_submission(db: sqlite_utils.Database, event_id: str, login: str) -> list[str]:
    """What `login` changed on the event (or its claims) since it was last submitted."""
    seq, _ = _last_submission_seq(db, event_id)
    changes = []
    for action, entity, before, after in db.execute(
        "SELECT action, entity, before, after FROM history WHERE seq > ? AND actor = ? AND ("
        " (entity = 'event' AND entity_id = ? AND action IN ('update', 'link', 'unlink'))"
        " OR (entity = 'claim' AND (json_extract(after, '$.event_id') = ?"
        "                           OR json_extract(before, '$.event_id') = ?))"
        # Removing (or restoring) a span takes its evidence links with it.
        " OR (entity = 'span' AND action IN ('delete', 'restore') AND EXISTS ("
        "     SELECT 1 FROM json_each(coalesce(before, after), '$.evidence')"
        "     WHERE json_extract(value, '$.event_id') = ?)))"
        " ORDER BY seq",
        [seq, login, event_id, event_id, event_id, event_id],
    ):
        changes.append(f"{action} {entity}")
    return changes


def four_eyes_problem(db: sqlite_utils.Database, event: dict, login: str) -> str | None:
    """Why `login` may not approve `event` under four eyes, or None if they may."""
    if event["created_by"] == login:
        return f"{login} created this event; another editor must approve it"
    _, submitter = _last_submission_seq(db, event["id"])
    if submitter == login:
        return f"{login} submitted this event; another editor must approve it"
    if changed_since_submission(db, event["id"], login):
        return f"{login} changed this event after it was submitted; another editor must approve it"
    return None


def approval_problem(db: sqlite_utils.Database, event_id: str, login: str) -> str | None:
    """Why `login` cannot approve the event right now (role, status, four eyes), or None.

    For screens that want to say so before the user presses the key; `approve`
    checks the same things again inside its transaction.
    """
    try:
        event = get_event(db, event_id)
        _check_transition(db, TRANSITIONS["approve"], event, login)
    except StoreError as exc:
        return str(exc)
    return four_eyes_problem(db, event, login)


def _check_transition(db, t: Transition, event: dict, actor: str) -> None:
    people.require(db, actor, t.permission, f"to {t.words} events")
    if event["status"] not in t.sources:
        raise StoreError(
            f"cannot {t.words} an event that is {event['status'].replace('_', ' ')}"
            f" (only {' or '.join(s.replace('_', ' ') for s in t.sources)})")


def _transition(db: sqlite_utils.Database, action: str, event_id: str, actor: str, *,
                reason: str | None = None, expected_version: int | None = None) -> dict:
    t = TRANSITIONS[action]
    if t.needs_reason and (reason is None or not reason.strip()):
        raise StoreError(f"to {t.words} an event, give {t.needs_reason}")
    with transaction(db):
        before = get_event(db, event_id)
        if expected_version is not None and before["version"] != expected_version:
            raise ConflictError(
                f"event was changed by {before['updated_by']} at {before['updated_at']} "
                f"(version {before['version']}, you had {expected_version})", before)
        _check_transition(db, t, before, actor)
        if action == "submit":
            missing = missing_for_submission(before)
            if missing:
                raise StoreError(f"cannot submit: {', '.join(missing)}")
        if action == "approve":
            problem = four_eyes_problem(db, before, actor)
            if problem:
                raise FourEyesError(problem)
        now = utc_now()
        changes = {"status": t.target, "version": before["version"] + 1,
                   "updated_by": actor, "updated_at": now}
        if action == "reopen":
            changes["approved_hash"] = None
        db["events"].update(event_id, changes)
        after = get_event(db, event_id)
        if action == "approve":
            digest = compute_approved_hash(db, after)
            db["events"].update(event_id, {"approved_hash": digest})
            after["approved_hash"] = digest
        review = {
            "id": new_id(), "event_id": event_id, "action": action,
            "from_status": before["status"], "to_status": t.target, "actor": actor, "at": now,
            "reason": reason.strip() if reason else None, "event_version": after["version"],
        }
        db["reviews"].insert(review)
        history.record(db, actor=actor, action=action, entity="event", entity_id=event_id,
                       before=before, after=after, at=now)
        history.record(db, actor=actor, action="create", entity="review", entity_id=review["id"],
                       after=review, at=now)
    return after


def submit(db, event_id: str, actor: str, expected_version: int | None = None) -> dict:
    """Hand an event to the editors; refused while required fields are missing."""
    return _transition(db, "submit", event_id, actor, expected_version=expected_version)


def approve(db, event_id: str, actor: str, expected_version: int | None = None) -> dict:
    """Approve a submitted event (editors; four eyes); it becomes read-only and hashed."""
    return _transition(db, "approve", event_id, actor, expected_version=expected_version)


def reject(db, event_id: str, actor: str, reason: str, expected_version: int | None = None) -> dict:
    return _transition(db, "reject", event_id, actor, reason=reason,
                       expected_version=expected_version)


def return_for_revision(db, event_id: str, actor: str, comment: str,
                        expected_version: int | None = None) -> dict:
    """Send a submitted event back to its annotator with a comment they will see."""
    return _transition(db, "return", event_id, actor, reason=comment,
                       expected_version=expected_version)


def reopen(db, event_id: str, actor: str, reason: str, expected_version: int | None = None) -> dict:
    """Make an approved or rejected event editable again (editors, with a reason)."""
    return _transition(db, "reopen", event_id, actor, reason=reason,
                       expected_version=expected_version)
