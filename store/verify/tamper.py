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
are shown escaped (`replay.shown`), never raw, since a tampered value may hold
terminal control sequences.
"""

from __future__ import annotations

from typing import Callable

import sqlite_utils

from store.review.workflow import compute_approved_hash
from store.verify.replay import replay_problems

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


def check_replay(db: sqlite_utils.Database) -> list[str]:
    """Compare every live record with its state rebuilt from the history, field by field
    (streamed: store/verify/replay.py)."""
    return list(replay_problems(db))


#: (name, check) pairs that store/verify.py runs after its own (chain, texts, spans, keys).
VERIFY_CHECKS: tuple[tuple[str, Callable[[sqlite_utils.Database], list[str]]], ...] = (
    ("history-tail", check_history_tail),
    ("approved", check_approved_hashes),
    ("replay", check_replay),
)
