"""Record ids as people type them: the whole UUID, or a unique prefix of at least four characters.

One rule everywhere (documents, events, the command line's every ID argument),
and every refusal says it, so `7a` is told why it named nothing.
"""

from __future__ import annotations

import sqlite_utils

from store.errors import StoreError

MIN_PREFIX = 4

#: table -> the word for one of its records
_NOUNS = {"documents": "document", "events": "event", "claims": "claim", "spans": "span"}


def resolve(db: sqlite_utils.Database, table: str, given: str) -> str:
    """The full id in `table` that `given` names exactly or by a unique prefix."""
    noun = _NOUNS[table]
    given = given.strip()
    if db.execute(f"SELECT 1 FROM {table} WHERE id = ?", [given]).fetchone():
        return given
    if len(given) < MIN_PREFIX:
        raise StoreError(f"no {noun} with id {given} (give the whole id or at least "
                         f"{MIN_PREFIX} characters of it)")
    # A range on the primary key, not LIKE: a prefix holding % or _ means itself.
    ids = [r[0] for r in db.execute(
        f"SELECT id FROM {table} WHERE id >= ? AND id < ? ORDER BY id LIMIT 2",
        [given, given + "\uffff"])]
    if not ids:
        raise StoreError(f"no {noun} with id {given}")
    if len(ids) > 1:
        raise StoreError(f"{given} matches more than one {noun}; give more of the id")
    return ids[0]
