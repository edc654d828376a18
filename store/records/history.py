"""The append-only, hash-chained history of every change.

Each entry records who did what to which record, with the record's state before
and after, as canonical JSON.  Its hash is SHA-256 over its own content and the
previous entry's hash, so editing, deleting or reordering any entry breaks the
chain from that point on; `verify_chain` finds the first break.

Entries are written inside the caller's transaction (`store.db.connection.transaction`),
which holds SQLite's write lock, so the "previous hash" read here cannot race
another writer.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Iterable

import sqlite_utils

from store.db.connection import new_id, utc_now

GENESIS_HASH = "0" * 64


def canonical_json(value: Any) -> str | None:
    """Stable JSON (sorted keys, no whitespace, Unicode kept) so hashes are reproducible."""
    if value is None:
        return None
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(
    *,
    id: str,
    at: str,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    before: str | None,
    after: str | None,
    prev_hash: str,
) -> str:
    payload = canonical_json(
        [id, at, actor, action, entity, entity_id, before, after, prev_hash]
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def has_origins(db: sqlite_utils.Database) -> bool:
    """Whether the history keeps origins (migration 9); a database opened read-only
    before it was migrated has only its own chain."""
    return any(row[1] == "origin" for row in db.execute("PRAGMA table_info(history)"))


def local_filter(db: sqlite_utils.Database) -> str:
    """The WHERE clause of this database's own entries (merged ones have an origin)."""
    return "WHERE origin IS NULL" if has_origins(db) else ""


def last_hash(db: sqlite_utils.Database) -> str:
    """The head of this database's own chain (entries a merge brought in have theirs)."""
    row = db.execute(f"SELECT hash FROM history {local_filter(db)} ORDER BY seq DESC LIMIT 1"
                     ).fetchone()
    return row[0] if row else GENESIS_HASH


def local_head(db: sqlite_utils.Database) -> tuple[int, str] | None:
    """(seq, hash) of this database's own last entry, or None for an empty history."""
    row = db.execute(f"SELECT seq, hash FROM history {local_filter(db)} ORDER BY seq DESC LIMIT 1"
                     ).fetchone()
    return (row[0], row[1]) if row else None


def record(
    db: sqlite_utils.Database,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    before: dict | None = None,
    after: dict | None = None,
    at: str | None = None,
) -> str:
    """Append one entry and return its hash.  Call inside a write transaction."""
    prev = last_hash(db)
    entry = {
        "id": new_id(),
        "at": at or utc_now(),
        "actor": actor,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "before": canonical_json(before),
        "after": canonical_json(after),
        "prev_hash": prev,
    }
    entry["hash"] = entry_hash(**entry)
    db.execute(
        "INSERT INTO history (id, at, actor, action, entity, entity_id, before, after, prev_hash, hash)"
        " VALUES (:id, :at, :actor, :action, :entity, :entity_id, :before, :after, :prev_hash, :hash)",
        entry,
    )
    return entry["hash"]


def record_many(db: sqlite_utils.Database, entries: Iterable[dict]) -> str:
    """Append many entries in order (bulk import); each dict has record()'s keyword arguments."""
    prev = last_hash(db)
    rows = []
    for e in entries:
        entry = {
            "id": new_id(),
            "at": e.get("at") or utc_now(),
            "actor": e["actor"],
            "action": e["action"],
            "entity": e["entity"],
            "entity_id": e["entity_id"],
            "before": canonical_json(e.get("before")),
            "after": canonical_json(e.get("after")),
            "prev_hash": prev,
        }
        entry["hash"] = prev = entry_hash(**entry)
        rows.append(entry)
    db.conn.executemany(
        "INSERT INTO history (id, at, actor, action, entity, entity_id, before, after, prev_hash, hash)"
        " VALUES (:id, :at, :actor, :action, :entity, :entity_id, :before, :after, :prev_hash, :hash)",
        rows,
    )
    return prev


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    message: str

    def __str__(self) -> str:
        return f"history entry #{self.seq}: {self.message}"


def verify_chain(db: sqlite_utils.Database) -> list[ChainProblem]:
    """Walk this database's own chain in order and report every entry whose hash or link
    is wrong (the chains a merge brought in are checked by store/verify/origins.py).

    A deleted entry shows as a broken link (its successor's prev_hash names a hash
    that is not the one before it); an edited one as a hash mismatch; a
    reordering as both. A gap in seq is a deleted entry unless a merged one holds it.
    """
    problems: list[ChainProblem] = []
    prev = GENESIS_HASH
    expected_seq = None
    merged = has_origins(db) and db.execute(
        "SELECT 1 FROM history WHERE origin IS NOT NULL LIMIT 1").fetchone() is not None
    for row in db.execute(
        "SELECT seq, id, at, actor, action, entity, entity_id, before, after, prev_hash, hash"
        f" FROM history {local_filter(db)} ORDER BY seq"
    ):
        seq, id_, at, actor, action, entity, entity_id, before, after, prev_hash, hash_ = row
        if expected_seq is not None and seq != expected_seq and not (merged and db.execute(
                "SELECT COUNT(*) FROM history WHERE seq >= ? AND seq < ?",
                [expected_seq, seq]).fetchone()[0] == seq - expected_seq):
            problems.append(
                ChainProblem(seq, f"entries #{expected_seq}..#{seq - 1} are missing")
            )
        if prev_hash != prev:
            problems.append(
                ChainProblem(seq, "does not follow the entry before it (deleted or reordered entries)")
            )
        actual = entry_hash(
            id=id_, at=at, actor=actor, action=action, entity=entity,
            entity_id=entity_id, before=before, after=after, prev_hash=prev_hash,
        )
        if actual != hash_:
            problems.append(
                ChainProblem(seq, f"content was changed ({action} {entity} {entity_id})")
            )
        prev = hash_
        expected_seq = seq + 1
    return problems


def entries_for(db: sqlite_utils.Database, entity: str, entity_id: str) -> list[dict]:
    """The history of one record, oldest first, with before/after decoded."""
    out = []
    for row in db.query(
        "SELECT seq, id, at, actor, action, entity, entity_id, before, after, hash FROM history"
        " WHERE entity = ? AND entity_id = ? ORDER BY seq",
        [entity, entity_id],
    ):
        row["before"] = json.loads(row["before"]) if row["before"] else None
        row["after"] = json.loads(row["after"]) if row["after"] else None
        out.append(row)
    return out
