"""The review queue a page at a time, its filter words in SQL (the review screen at scale).

`queue_page(db, spec, after=key)` returns at most `limit` submitted events after
the one whose key is `after` (the `key` of the last row of the previous page), in
the queue's order: oldest submission first, then oldest event, then id.  `spec` is
the filter box's words, with the meaning `queue.filter_queue` gives them (`@LOGIN`
or `annotator:LOGIN`, `older:AGE`, `doc:TEXT`, any other word in the title, event
type or location), applied in SQL so a page never reads the whole queue into Python.
"""

from __future__ import annotations

import datetime as _dt

import sqlite_utils

from store.review.queue import parse_age

PAGE_ROWS = 200

_SORT = "coalesce(q.submitted_at, ''), q.created_at, q.id"


def _casefold(value):
    return value.casefold() if isinstance(value, str) else value


def _where(spec: str, now: _dt.datetime | None) -> tuple[list[str], list, list[str], list]:
    """(clauses on events/documents, their params, clauses on the derived row, params)."""
    inner, inner_params, outer, outer_params = [], [], [], []
    now = now or _dt.datetime.now(_dt.timezone.utc)
    for word in spec.split():
        key, _, value = word.partition(":")
        key = key.casefold()
        if word.startswith("@") and len(word) > 1:
            key, value = "annotator", word[1:]
        if key == "annotator" and value:
            inner.append("e.created_by = ?")
            inner_params.append(value)
        elif key in ("older", "age") and value:
            outer.append("coalesce(q.submitted_at, '') <= ?")
            outer_params.append((now - parse_age(value)).isoformat(timespec="microseconds"))
        elif key in ("doc", "document") and value:
            inner.append("(substr(e.document_id, 1, ?) = ? OR instr(casefold(coalesce(d.title, '')), ?) > 0)")
            inner_params += [len(value), value, value.casefold()]
        else:
            inner.append("(" + " OR ".join(f"instr(casefold(coalesce({c}, '')), ?) > 0"
                                           for c in ("d.title", "e.event_type", "e.location")) + ")")
            inner_params += [word.casefold()] * 3
    return inner, inner_params, outer, outer_params


_SUBMITTED = ("(SELECT r.{0} FROM reviews r WHERE r.event_id = e.id AND r.action = 'submit'"
              " ORDER BY r.at DESC LIMIT 1)")


def _sql(db: sqlite_utils.Database, spec: str, now: _dt.datetime | None, select: str,
         extra: str = "", extra_params: list | None = None) -> tuple[str, list]:
    """The filtered queue's keys (id, created_at, submitted_at) as a derived table `q`.

    Only the keys are sorted (a narrow row each); a page's full rows are read after.
    """
    db.conn.create_function("casefold", 1, _casefold, deterministic=True)
    inner, inner_params, outer, outer_params = _where(spec, now)
    sql = (
        f"SELECT e.id, e.created_at, {_SUBMITTED.format('at')} AS submitted_at"
        " FROM events e JOIN documents d ON d.id = e.document_id"
        " WHERE " + " AND ".join(["e.status = 'submitted'", *inner])
    )
    where = " AND ".join(["1", *outer]) + extra
    return f"SELECT {select} FROM ({sql}) q WHERE {where}", [*inner_params, *outer_params, *(extra_params or [])]


def queue_page(db: sqlite_utils.Database, spec: str = "", *, after: tuple | None = None,
               limit: int = PAGE_ROWS, now: _dt.datetime | None = None) -> list[dict]:
    """Up to `limit` rows of the (filtered) queue after the row whose `key` is `after`."""
    extra, params = "", []
    if after is not None:
        extra, params = f" AND ({_SORT}) > (?, ?, ?)", list(after)
    sql, args = _sql(db, spec, now, "q.id", extra, params)
    ids = [i for (i,) in db.execute(f"{sql} ORDER BY {_SORT} LIMIT ?", [*args, limit])]
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    found = {row["id"]: row for row in db.query(
        f"SELECT e.*, d.title AS document_title, {_SUBMITTED.format('at')} AS submitted_at,"
        f" {_SUBMITTED.format('actor')} AS submitted_by"
        f" FROM events e JOIN documents d ON d.id = e.document_id WHERE e.id IN ({marks})", ids)}
    rows = [found[i] for i in ids if i in found]
    for row in rows:
        row["key"] = (row["submitted_at"] or "", row["created_at"], row["id"])
    return rows


def queue_count(db: sqlite_utils.Database, spec: str = "", now: _dt.datetime | None = None) -> int:
    """How many events the filter keeps (all waiting events with no filter)."""
    if not spec.split():
        return waiting_count(db)
    sql, args = _sql(db, spec, now, "COUNT(*)")
    return db.execute(sql, args).fetchone()[0]


def waiting_count(db: sqlite_utils.Database) -> int:
    """Every event waiting for review (the `events_status` index, no subqueries)."""
    return db.execute("SELECT COUNT(*) FROM events WHERE status = 'submitted'").fetchone()[0]
