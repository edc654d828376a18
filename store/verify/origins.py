"""The chains a merge brought in: each origin's history checked on its own.

A database's own entries form one chain (`history.verify_chain`, the `history:`
lines). A merge (store/merge/) copies the other database's entries unchanged,
each with its `origin` (that database's `database_id`) and `origin_seq` (its
place there), so every origin's chain still starts at the genesis hash and links
entry to entry. The merge also writes, in this database's own chain, an entry
naming the head it brought in for each origin (entity `origin`, action `merge`):
so entries cut off the end of a merged chain, or a whole chain added behind the
app's back, are named too. Each problem names its origin.
"""

from __future__ import annotations

import json
from typing import Iterator

import sqlite_utils

from store.records import history


def _short(origin: str) -> str:
    return origin[:12]


def origin_heads(db: sqlite_utils.Database) -> list[tuple[str, int, str]]:
    """(origin, origin_seq, hash) of the last entry of every merged chain."""
    if not history.has_origins(db):
        return []
    return [tuple(row) for row in db.execute(
        "SELECT h.origin, h.origin_seq, h.hash FROM history h"
        " JOIN (SELECT origin, MAX(origin_seq) AS top FROM history WHERE origin IS NOT NULL"
        "       GROUP BY origin) t ON t.origin = h.origin AND t.top = h.origin_seq"
        " ORDER BY h.origin")]


def check_origin_chains(db: sqlite_utils.Database) -> Iterator[str]:
    """Every merged chain: links and hashes, from the genesis hash, in its own order."""
    if not history.has_origins(db):
        return
    prev: dict[str, str] = {}
    for row in db.execute(
        "SELECT origin, origin_seq, seq, id, at, actor, action, entity, entity_id, before, after,"
        " prev_hash, hash FROM history WHERE origin IS NOT NULL ORDER BY origin, origin_seq"
    ):
        origin, origin_seq, seq, id_, at, actor, action, entity, entity_id, before, after, \
            prev_hash, hash_ = row
        where = f"history entry #{seq} (origin {_short(origin)}, its #{origin_seq})"
        if prev_hash != prev.get(origin, history.GENESIS_HASH):
            yield f"{where}: does not follow the entry before it in that origin's chain " \
                  "(deleted or reordered entries)"
        actual = history.entry_hash(
            id=id_, at=at, actor=actor, action=action, entity=entity, entity_id=entity_id,
            before=before, after=after, prev_hash=prev_hash)
        if actual != hash_:
            yield f"{where}: content was changed ({action} {entity} {entity_id})"
        prev[origin] = hash_


def check_merged_heads(db: sqlite_utils.Database) -> Iterator[str]:
    """Each head a merge recorded is still in its origin's chain; no chain came in unrecorded."""
    if not history.has_origins(db):
        return
    vouched: set[str] = set()
    for at, after in db.execute(
        "SELECT at, after FROM history WHERE origin IS NULL AND entity = 'origin'"
        " AND action = 'merge' ORDER BY seq"
    ):
        try:
            pin = json.loads(after or "{}")
            origin, head, origin_seq = pin["origin"], pin["head"], pin["origin_seq"]
        except (ValueError, KeyError, TypeError):
            yield f"a merge entry of {at} does not name the head it brought in"
            continue
        vouched.add(origin)
        found = db.execute("SELECT 1 FROM history WHERE origin = ? AND origin_seq = ? AND hash = ?",
                           [origin, origin_seq, head]).fetchone()
        if found is None:
            yield (f"origin {_short(origin)}: the merge of {at} brought in its chain up to "
                   f"#{origin_seq} {head[:16]}…, which is no longer in it "
                   "(entries cut off or rewritten)")
    for (origin,) in db.execute(
            "SELECT DISTINCT origin FROM history WHERE origin IS NOT NULL ORDER BY origin"):
        if origin not in vouched:
            yield (f"origin {_short(origin)}: its entries came in with no merge entry in this "
                   "database's chain (added behind the app's back)")


def check_origins(db: sqlite_utils.Database) -> Iterator[str]:
    yield from check_origin_chains(db)
    yield from check_merged_heads(db)
