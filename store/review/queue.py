"""What editors read: the review queue, its filter words, an event in detail, the comments.

Reads only; the status machine that changes events is `store.review.workflow`.
"""

from __future__ import annotations

import datetime as _dt
import re

import sqlite_utils

from store.errors import StoreError
from store.records import claims as claims_mod
from store.records import field_states, history
from store.records.events import evidence_for, get_event
from store.review.workflow import approval_problem


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
    # ASCII digits only: str.isdigit() takes '²', which int() then refuses.
    if not re.fullmatch(r"[0-9]{1,9}[mhdw]", text):
        raise StoreError(f"age must look like 90m, 36h, 2d or 1w, not {text!r}")
    age = _dt.timedelta(**{units[text[-1]]: int(text[:-1])})
    if age > MAX_AGE:
        raise StoreError(f"age {text} is more than {MAX_AGE.days // 365} years; give a shorter one")
    return age


#: The longest age a filter takes: older than any database, and far from datetime's limits.
MAX_AGE = _dt.timedelta(days=100 * 365)


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
        # Values with no words behind them (typed) or whose words went (stale).
        "unbacked": field_states.unbacked(db, event),
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
