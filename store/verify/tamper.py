"""Tamper checks: find changes made behind the app's back (with the sqlite3 shell, say).

The app writes every change to a record together with a history entry that
holds the record's new state; the history is hash-chained (store/history.py)
and approved events carry the hash of their approved state (store/review.py).
So a change made without the app shows up in at least one of these ways:

- the chain itself: an edited, deleted or reordered entry (`verify_chain`), or
  deleted entries at the end (AUTOINCREMENT remembers the highest seq ever
  handed out in `sqlite_sequence`);
- replay: rebuilding every record's latest state from the history and comparing
  it with the live tables names each record and field that differs, including
  rows added or deleted without an entry;
- an approved event whose state no longer hashes to its `approved_hash`.

store/verify.py checks the chain itself, document texts against their hashes and
spans against their texts; this module adds the checks above.  Each takes the
database and returns one line per problem (empty when all is well);
`VERIFY_CHECKS` lists them for store/verify.py.  Values from the database
are shown escaped (`_shown`), never raw, since a tampered value may hold
terminal control sequences.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Callable

import sqlite_utils

from store.records import history
from store.review.workflow import compute_approved_hash

#: How much of a value a message shows.
SHOWN_CHARS = 60


def _shown(value) -> str:
    """A value for a one-line message: repr-escaped (no raw control characters), shortened.

    (ascii() escapes every non-ASCII character too, which keeps a value that is
    meant to look like something else from passing for it.)
    """
    text = ascii(value) if isinstance(value, str) else repr(value)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


# --- the chain's end ----------------------------------------------------------------


def check_history_tail(db: sqlite_utils.Database) -> list[str]:
    """Entries deleted from the end of the history, which leave no broken link behind."""
    last = db.execute("SELECT MAX(seq) FROM history").fetchone()[0] or 0
    row = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'history'").fetchone()
    issued = row[0] if row else 0
    if issued > last:
        return [f"history: entries #{last + 1}..#{issued} were written and are gone "
                "(the last entries were deleted)"]
    return []


# --- approved events ---------------------------------------------------------------


def check_approved_hashes(db: sqlite_utils.Database) -> list[str]:
    """Every approved event still hashes to the approved_hash written when it was approved."""
    problems = []
    for event in db.query("SELECT * FROM events WHERE status = 'approved' ORDER BY rowid"):
        if not event["approved_hash"]:
            problems.append(f"event {event['id']}: approved but has no approved hash "
                            "(not approved through the app)")
        elif compute_approved_hash(db, event) != event["approved_hash"]:
            problems.append(
                f"event {event['id']}: its approved state changed (fields, evidence spans or "
                "document text no longer match approved_hash)")
    return problems


# --- replay -------------------------------------------------------------------------


@dataclass
class Replayed:
    """Every record's latest state as the history tells it."""

    records: dict[str, dict[str, dict | None]] = field(default_factory=dict)
    evidence: dict[tuple, dict] = field(default_factory=dict)

    def table(self, entity: str) -> dict[str, dict | None]:
        return self.records.setdefault(entity, {})


def _evidence_key(row: dict) -> tuple:
    return (row["event_id"], row["field"], row["span_id"])


def _foreign_only(action: str, entity: str) -> bool:
    """Entries another database's chain brought in that say nothing of this one: its
    logins' roles, and what its own merges restated of its own rows (store/merge/run.py).
    Its `merge-drop` entries (a document folded onto the other side's copy) do count."""
    return entity == "user" or action in ("merge", "merge-link", "merge-unlink")


def replay(db: sqlite_utils.Database) -> Replayed:
    """Rebuild records from the history, entry by entry, in order."""
    state = Replayed()
    origin = "origin" if history.has_origins(db) else "NULL"
    for seq, action, entity, entity_id, before, after, came_from in db.execute(
        f"SELECT seq, action, entity, entity_id, before, after, {origin} FROM history ORDER BY seq"
    ):
        if came_from is not None and _foreign_only(action, entity):
            continue
        action = {"merge-link": "link", "merge-unlink": "unlink"}.get(action, action)
        before = json.loads(before) if before else None
        after = json.loads(after) if after else None
        records = state.table(entity)
        if entity == "event" and action in ("link", "unlink"):
            # Evidence links are logged against their event but are rows of their own.
            if action == "link" and after:
                state.evidence[_evidence_key(after)] = after
            elif before:
                state.evidence.pop(_evidence_key(before), None)
            continue
        if entity == "span" and action == "delete":
            records[entity_id] = None
            removed = before or {}
            for link in removed.get("evidence", []):
                state.evidence.pop(_evidence_key(link), None)
            for ref in removed.get("claims", []):
                claim = state.table("claim").get(ref["claim_id"])
                if claim is not None:
                    claim[ref["role"]] = None
            continue
        if entity == "span" and action == "restore":
            removed = after or {}
            records[entity_id] = dict(removed["span"])
            for link in removed.get("evidence", []):
                state.evidence[_evidence_key(link)] = link
            for ref in removed.get("claims", []):
                claim = state.table("claim").get(ref["claim_id"])
                if claim is not None:
                    claim[ref["role"]] = entity_id
            continue
        if entity == "event" and action in ("delete", "restore"):
            # Taking back a draft (store.records.events.discard_event) and putting it back.
            removed = (before if action == "delete" else after) or {}
            records[entity_id] = None if action == "delete" else dict(removed.get("event") or {})
            for link in removed.get("evidence", []):
                if action == "delete":
                    state.evidence.pop(_evidence_key(link), None)
                else:
                    state.evidence[_evidence_key(link)] = link
            for claim_id in removed.get("claim_ids", []):
                claim = state.table("claim").get(claim_id)
                if claim is not None:
                    claim["event_id"] = None if action == "delete" else entity_id
            continue
        if action in ("delete", "merge-drop"):  # merge-drop: a record a merge left out
            records[entity_id] = None
        elif isinstance(after, dict):
            # Full states (events, spans, claims) replace; partial ones
            # (document metadata updates) overlay what is known.
            current = records.get(entity_id) or {}
            records[entity_id] = {**current, **after}
    return state


#: history entity -> (live table, key column)
REPLAYED_TABLES = {
    "user": ("users", "login"),
    "document": ("documents", "id"),
    "span": ("spans", "id"),
    "event": ("events", "id"),
    "claim": ("claims", "id"),
    "review": ("reviews", "id"),
}


def check_replay(db: sqlite_utils.Database) -> list[str]:
    """Compare every live record with its state rebuilt from the history, field by field."""
    state = replay(db)
    problems = []
    for entity, (table, key) in REPLAYED_TABLES.items():
        recorded = state.table(entity)
        live = {row[key]: row for row in db.query(f"SELECT * FROM {table} ORDER BY rowid")}
        for record_id, row in live.items():
            if record_id not in recorded:
                problems.append(f"{entity} {record_id}: exists but the history never recorded it "
                                "(added behind the app's back)")
                continue
            expected = recorded[record_id]
            if expected is None:
                problems.append(f"{entity} {record_id}: the history says it was deleted, "
                                "but it is still there")
                continue
            for column, value in row.items():
                if column in expected and expected[column] != value:
                    problems.append(
                        f"{entity} {record_id}: {column} is {_shown(value)}, "
                        f"the history says {_shown(expected[column])}")
        for record_id, expected in recorded.items():
            if expected is not None and record_id not in live:
                problems.append(f"{entity} {record_id}: deleted behind the app's back "
                                "(the history has no deletion)")
    live_links = {_evidence_key(row): row for row in db.query("SELECT * FROM event_evidence")}
    for link in sorted(set(live_links) - set(state.evidence)):
        problems.append(f"event {link[0]}: evidence {link[2]} for {link[1]} "
                        "was linked behind the app's back")
    for link in sorted(set(state.evidence) - set(live_links)):
        problems.append(f"event {link[0]}: evidence {link[2]} for {link[1]} "
                        "was unlinked behind the app's back")
    return problems


#: (name, check) pairs that store/verify.py runs after its own (chain, texts, spans, keys).
VERIFY_CHECKS: tuple[tuple[str, Callable[[sqlite_utils.Database], list[str]]], ...] = (
    ("history-tail", check_history_tail),
    ("approved", check_approved_hashes),
    ("replay", check_replay),
)
