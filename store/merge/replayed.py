"""The history replayed in memory, for a merge to see which live rows it changed.

`store/verify/replay.py` streams the same replay to check a whole database in flat
memory; a merge needs every record's replayed state at hand to write one entry for each
difference it made (`store/merge/run.py`), so it keeps this in-memory form. Both skip the
entries of another database's chain that say nothing of this one's records.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import sqlite_utils

from store.records import history


@dataclass
class Replayed:
    """Every record's latest state as the history tells it."""

    records: dict[str, dict[str, dict | None]] = field(default_factory=dict)
    evidence: dict[tuple, dict] = field(default_factory=dict)

    def table(self, entity: str) -> dict[str, dict | None]:
        return self.records.setdefault(entity, {})


def evidence_key(row: dict) -> tuple:
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
                state.evidence[evidence_key(after)] = after
            elif before:
                state.evidence.pop(evidence_key(before), None)
            continue
        if entity == "span" and action == "delete":
            records[entity_id] = None
            removed = before or {}
            for link in removed.get("evidence", []):
                state.evidence.pop(evidence_key(link), None)
            for ref in removed.get("claims", []):
                claim = state.table("claim").get(ref["claim_id"])
                if claim is not None:
                    claim[ref["role"]] = None
            continue
        if entity == "span" and action == "restore":
            removed = after or {}
            records[entity_id] = dict(removed["span"])
            for link in removed.get("evidence", []):
                state.evidence[evidence_key(link)] = link
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
                    state.evidence.pop(evidence_key(link), None)
                else:
                    state.evidence[evidence_key(link)] = link
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
