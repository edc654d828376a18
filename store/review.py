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
`text_sha256`.  `store.integrity` recomputes it to catch edits made behind the
app's back.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from dataclasses import dataclass

import sqlite_utils

from . import claims as claims_mod
from . import history, people
from .db import StoreError, new_id, transaction, utc_now
from .events import ConflictError, evidence_for, get_event, missing_for_submission

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


class FourEyesError(people.PermissionDenied):
    """The approver did part of the work being approved."""


# --- the approved state -------------------------------------------------------------


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


# --- four eyes ----------------------------------------------------------------------


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


# --- transitions --------------------------------------------------------------------


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


# --- reading reviews ----------------------------------------------------------------


def reviews_for(db: sqlite_utils.Database, event_id: str) -> list[dict]:
    """Every transition of one event, oldest first."""
    return list(db.query("SELECT * FROM reviews WHERE event_id = ? ORDER BY at, rowid", [event_id]))


def review_comment(db: sqlite_utils.Database, event_id: str) -> dict | None:
    """The editor's words that explain the event's current status, if any.

    For an event sent back, rejected or reopened: the review that put it there
    (action, reason, actor, at).  None once it has been submitted again.
    """
    return open_comments(db, event_ids=[event_id]).get(event_id)


def open_comments(db: sqlite_utils.Database, *, login: str | None = None,
                  event_ids: list[str] | None = None) -> dict[str, dict]:
    """event id -> the comment that sent it back or rejected it, for events still in that state.

    With `login`, only the events that account created (an annotator's library).
    """
    sql = (
        "SELECT r.event_id, r.action, r.reason, r.actor, r.at FROM reviews r"
        " JOIN events e ON e.id = r.event_id"
        " WHERE e.status IN ('needs_revision', 'rejected') AND r.to_status = e.status"
        " AND r.rowid = (SELECT r2.rowid FROM reviews r2 WHERE r2.event_id = r.event_id"
        "                ORDER BY r2.at DESC, r2.rowid DESC LIMIT 1)"
    )
    params: list = []
    if login is not None:
        sql += " AND e.created_by = ?"
        params.append(login)
    if event_ids is not None:
        sql += f" AND r.event_id IN ({', '.join('?' for _ in event_ids)})"
        params.extend(event_ids)
    return {row["event_id"]: row for row in db.query(sql, params)}


def review_queue(
    db: sqlite_utils.Database,
    *,
    document_id: str | None = None,
    annotator: str | None = None,
    older_than: _dt.timedelta | None = None,
    now: _dt.datetime | None = None,
) -> list[dict]:
    """The submitted events, oldest submission first, with who submitted them and when.

    `annotator` matches the event's creator; `older_than` keeps events waiting
    at least that long.
    """
    sql = (
        "SELECT e.*, d.title AS document_title,"
        " (SELECT r.at FROM reviews r WHERE r.event_id = e.id AND r.action = 'submit'"
        "  ORDER BY r.at DESC LIMIT 1) AS submitted_at,"
        " (SELECT r.actor FROM reviews r WHERE r.event_id = e.id AND r.action = 'submit'"
        "  ORDER BY r.at DESC LIMIT 1) AS submitted_by"
        " FROM events e JOIN documents d ON d.id = e.document_id"
        " WHERE e.status = 'submitted'"
    )
    params: list = []
    if document_id is not None:
        sql += " AND e.document_id = ?"
        params.append(document_id)
    if annotator is not None:
        sql += " AND e.created_by = ?"
        params.append(annotator)
    sql = f"SELECT * FROM ({sql})"
    if older_than is not None:
        cutoff = (now or _dt.datetime.now(_dt.timezone.utc)) - older_than
        sql += " WHERE submitted_at <= ?"
        params.append(cutoff.isoformat(timespec="microseconds"))
    sql += " ORDER BY submitted_at, created_at"
    return list(db.query(sql, params))


def parse_age(text: str) -> _dt.timedelta:
    """'90m', '36h', '2d', '1w' -> a timedelta (for `--older-than` and the queue filter)."""
    units = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
    text = text.strip().lower()
    if len(text) < 2 or text[-1] not in units or not text[:-1].isdigit():
        raise StoreError(f"age must look like 90m, 36h, 2d or 1w, not {text!r}")
    return _dt.timedelta(**{units[text[-1]]: int(text[:-1])})


def filter_queue(rows: list[dict], spec: str, now: _dt.datetime | None = None) -> list[dict]:
    """The queue rows matching a typed filter (the review screen's filter box).

    Words: `@LOGIN` or `annotator:LOGIN` (who coded it), `older:AGE` (waiting at
    least 90m / 36h / 2d / 1w), `doc:TEXT` (document id prefix or title words);
    any other word must appear in the title, event type or location.
    """
    keep = list(rows)
    now = now or _dt.datetime.now(_dt.timezone.utc)
    for word in spec.split():
        key, _, value = word.partition(":")
        key = key.casefold()
        if word.startswith("@") and len(word) > 1:
            key, value = "annotator", word[1:]
        if key == "annotator" and value:
            keep = [r for r in keep if r["created_by"] == value]
        elif key in ("older", "age") and value:
            cutoff = (now - parse_age(value)).isoformat(timespec="microseconds")
            keep = [r for r in keep if (r.get("submitted_at") or "") <= cutoff]
        elif key in ("doc", "document") and value:
            v = value.casefold()
            keep = [r for r in keep if r["document_id"].startswith(value)
                    or v in (r.get("document_title") or "").casefold()]
        else:
            w = word.casefold()
            keep = [r for r in keep if any(w in (r.get(f) or "").casefold()
                                           for f in ("document_title", "event_type", "location"))]
    return keep


#: Characters of document text shown each side of an evidence span in review.
REVIEW_CONTEXT_CHARS = 80


def event_detail(db: sqlite_utils.Database, event_id: str, login: str) -> dict:
    """Everything the review screen shows for one event, read in one go.

    The event, its document's title, each evidence span with the text around it
    (so the editor sees the words in context), its claims with their quotes,
    its reviews and history, and why `login` could not approve it (or None).
    """
    event = get_event(db, event_id)
    doc = db.execute("SELECT title, text FROM documents WHERE id = ?",
                     [event["document_id"]]).fetchone()
    title, text = doc if doc else ("", "")
    spans = {row["id"]: row for row in db.query(
        'SELECT id, start, "end", quote, label FROM spans WHERE document_id = ?',
        [event["document_id"]])}
    evidence = []
    for field, span_ids in evidence_for(db, event_id).items():
        for span_id in span_ids:
            span = spans.get(span_id)
            if span is None or span["start"] is None:
                continue
            s, e = span["start"], span["end"]
            evidence.append({
                "field": field, "span_id": span_id, "label": span["label"], "start": s, "end": e,
                "before": text[max(0, s - REVIEW_CONTEXT_CHARS):s], "quote": text[s:e],
                "after": text[e:e + REVIEW_CONTEXT_CHARS],
            })
    evidence.sort(key=lambda ev: ev["start"])
    claim_rows = []
    for claim in claims_mod.list_claims(db, event_id=event_id):
        quote = {role: spans[claim[f"{role}_span_id"]]["quote"]
                 if claim[f"{role}_span_id"] in spans else None
                 for role in ("speaker", "cue", "content")}
        claim_rows.append({**claim, **{f"{k}_quote": v for k, v in quote.items()}})
    return {
        "event": event,
        "document_title": title,
        "evidence": evidence,
        "claims": claim_rows,
        "reviews": reviews_for(db, event_id),
        "history": history.entries_for(db, "event", event_id),
        "approval_problem": approval_problem(db, event_id, login),
        "comment": review_comment(db, event_id),
    }


def comments_by_document(db: sqlite_utils.Database, login: str) -> dict[str, list[dict]]:
    """document id -> the open review comments on `login`'s events there (for their library)."""
    out: dict[str, list[dict]] = {}
    comments = open_comments(db, login=login)
    if not comments:
        return out
    marks = ", ".join("?" for _ in comments)
    for event_id, document_id in db.execute(
            f"SELECT id, document_id FROM events WHERE id IN ({marks})", list(comments)):
        out.setdefault(document_id, []).append(comments[event_id])
    return out
