"""Replay, streamed: every record's state rebuilt from the history and compared with its row.

The history holds each record's new state with every change, so replaying it entry by entry
gives what every row should be.  Holding every record's state at once would need memory in
proportion to the corpus (a million spans is gigabytes of dicts), so the replay is a merge of
two sorted streams per table instead:

* the history's entries of one entity, `ORDER BY entity_id, seq` (the `history_entity`
  index gives that order without a sort), folded into one record's state at a time;
* the live table `ORDER BY` its primary key.

A few actions change records of another entity (deleting a span clears the claims that named
it, takes its evidence links and brat attributes with it; taking back a draft unlinks its
claims); those entries are read first, once, and kept by the record they touch, so memory
grows with the number of such deletes and restores, not with the corpus.

Records replayed: users, documents, spans, events, claims, reviews, brat relations and
attributes (`relations`, `attributes`), and events' evidence links (`event_evidence`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from itertools import groupby
from typing import Callable, Iterable, Iterator

import sqlite_utils

from store.records import history

#: history entity -> (live table, key column)
REPLAYED_TABLES = {
    "user": ("users", "login"),
    "document": ("documents", "id"),
    "span": ("spans", "id"),
    "event": ("events", "id"),
    "claim": ("claims", "id"),
    "review": ("reviews", "id"),
    "relation": ("relations", "id"),
    "attribute": ("attributes", "id"),
}

#: What a message shows of a value, at most.
SHOWN_CHARS = 60


def shown(value) -> str:
    """A value for a one-line message: ascii-escaped (no raw control characters), shortened."""
    text = ascii(value) if isinstance(value, str) else repr(value)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def _order(value) -> tuple:
    """SQLite's order of values (NULL, numbers, text, blobs), so Python merges what SQL sorted."""
    if value is None:
        return (0, 0)
    if isinstance(value, (int, float)):
        return (1, value)
    if isinstance(value, str):
        return (2, value.encode("utf-8", "surrogatepass"))
    return (3, bytes(value))


def _json(value):
    try:
        return json.loads(value) if value else None
    except ValueError:
        return None  # an edited entry: the chain check names it


def _ours(db) -> str:
    """A WHERE condition on history entries: those that tell of this database's records.

    A merge brings another database's chain in whole (store/merge/); of its entries, its
    logins' roles and what its own merges restated of its own rows say nothing of ours,
    and its `merge-link`/`merge-unlink` entries are links as ours are."""
    if not history.has_origins(db):
        return "1"
    return ("NOT (origin IS NOT NULL AND (entity = 'user'"
            " OR action IN ('merge', 'merge-link', 'merge-unlink')))")


#: The action an entry counts as in the replay.
_ACTION = ("CASE action WHEN 'merge-link' THEN 'link' WHEN 'merge-unlink' THEN 'unlink'"
           " ELSE action END")


def _evidence_key(row: dict) -> tuple:
    return (row["event_id"], row["field"], row["span_id"])


class Effects:
    """Changes the history made to records of another entity, by the record they touch."""

    def __init__(self) -> None:
        # claim id -> [(seq, column, value)]
        self.claims: dict[str, list] = defaultdict(list)
        # event id -> [(seq, add?, link)]
        self.evidence: dict[str, list] = defaultdict(list)
        # attribute id -> [(seq, row or None)]
        self.attributes: dict[str, list] = defaultdict(list)

    @classmethod
    def read(cls, db: sqlite_utils.Database) -> "Effects":
        effects = cls()
        for seq, action, entity, entity_id, before, after in db.execute(
            "SELECT seq, action, entity, entity_id, before, after FROM history"
            " WHERE entity IN ('span', 'event') AND action IN ('delete', 'restore')"
            f" AND {_ours(db)} ORDER BY seq"
        ):
            removed = _json(before if action == "delete" else after)
            if not isinstance(removed, dict):
                continue
            restore = action == "restore"
            if entity == "span":
                for link in removed.get("evidence") or []:
                    effects.evidence[link["event_id"]].append((seq, restore, link))
                for ref in removed.get("claims") or []:
                    effects.claims[ref["claim_id"]].append(
                        (seq, ref["role"], entity_id if restore else None))
                for row in removed.get("attributes") or []:
                    effects.attributes[row["id"]].append((seq, dict(row) if restore else None))
            else:
                for claim_id in removed.get("claim_ids") or []:
                    effects.claims[claim_id].append((seq, "event_id", entity_id if restore else None))
        return effects


_UNKNOWN = object()


def _fold(entity: str, entries: list, effects: Effects, record_id) -> object:
    """One record's state after its entries (and other records' effects on it), in seq order.

    _UNKNOWN when the history never stated it, None when it was deleted."""
    if entity == "claim":
        others = [(seq, "effect", (column, value), None)
                  for seq, column, value in effects.claims.pop(record_id, [])]
    elif entity == "attribute":
        others = [(seq, "effect", value, None) for seq, value in effects.attributes.pop(record_id, [])]
    else:
        others = []
    state = _UNKNOWN
    for seq, action, before, after in sorted(entries + others, key=lambda e: e[0]):
        if action == "effect":
            if entity == "claim":
                column, value = before
                if isinstance(state, dict):
                    state[column] = value
            elif state is not _UNKNOWN:  # an attribute the history knows: gone or back
                state = before
            continue
        before, after = _json(before), _json(after)
        if entity == "event" and action in ("link", "unlink"):
            continue  # evidence links: rows of their own (see evidence_problems)
        if entity == "span" and action == "restore":
            state = dict((after or {}).get("span") or {})
        elif entity == "event" and action == "restore":
            state = dict((after or {}).get("event") or {})
        elif action in ("delete", "merge-drop"):  # merge-drop: a record a merge left out
            state = None
        elif isinstance(after, dict):
            # Full states (events, spans, claims) replace; partial ones
            # (document metadata updates) overlay what is known.
            current = state if isinstance(state, dict) else {}
            state = {**current, **after}
    return state


def _merge(recorded: Iterator[tuple], live: Iterator[tuple]) -> Iterator[tuple]:
    """(key, recorded or _UNKNOWN, live or None) for every key of two key-sorted streams."""
    r, lv = next(recorded, None), next(live, None)
    while r is not None or lv is not None:
        if lv is None or (r is not None and _order(r[0]) < _order(lv[0])):
            yield r[0], r[1], None
            r = next(recorded, None)
        elif r is None or _order(lv[0]) < _order(r[0]):
            yield lv[0], _UNKNOWN, lv[1]
            lv = next(live, None)
        else:
            yield r[0], r[1], lv[1]
            r, lv = next(recorded, None), next(live, None)


def _recorded(db, entity: str, effects: Effects) -> Iterator[tuple]:
    rows = db.execute(
        f"SELECT entity_id, seq, {_ACTION}, before, after FROM history WHERE entity = ?"
        f" AND {_ours(db)} ORDER BY entity_id, seq", [entity])
    for record_id, group in groupby(rows, key=lambda row: row[0]):
        yield record_id, _fold(entity, [tuple(row[1:]) for row in group], effects, record_id)
    # Records only other entries touched (never stated themselves) stay unknown.


def _live(db, table: str, key: str) -> Iterator[tuple]:
    cursor = db.execute(f'SELECT * FROM "{table}" ORDER BY "{key}"')
    columns = [d[0] for d in cursor.description]
    at = columns.index(key)
    for row in cursor:
        yield row[at], dict(zip(columns, row))


def record_problems(db, entity: str, effects: Effects, count: Callable[[int], None]) -> Iterator[str]:
    table, key = REPLAYED_TABLES[entity]
    for record_id, expected, row in _merge(_recorded(db, entity, effects), _live(db, table, key)):
        count(1)
        if row is None:
            if isinstance(expected, dict):
                yield (f"{entity} {record_id}: deleted behind the app's back "
                       "(the history has no deletion)")
        elif expected is _UNKNOWN:
            yield (f"{entity} {record_id}: exists but the history never recorded it "
                   "(added behind the app's back)")
        elif expected is None:
            yield f"{entity} {record_id}: the history says it was deleted, but it is still there"
        else:
            for column, value in row.items():
                if column in expected and expected[column] != value:
                    yield (f"{entity} {record_id}: {column} is {shown(value)}, "
                           f"the history says {shown(expected[column])}")


def _recorded_links(db, effects: Effects) -> Iterator[tuple]:
    """(event id, {key: link}) from the history, in event id order."""
    rows = db.execute(
        f"SELECT entity_id, seq, {_ACTION} AS counted, before, after FROM history"
        " WHERE entity = 'event' AND counted IN ('link', 'unlink', 'delete', 'restore')"
        f" AND {_ours(db)} ORDER BY entity_id, seq")
    groups = ((event_id, [tuple(r[1:]) for r in group])
              for event_id, group in groupby(rows, key=lambda row: row[0]))
    only_effects = iter(sorted(((event_id, []) for event_id in effects.evidence), key=lambda g: _order(g[0])))
    for event_id, entries, _ in _merge(groups, only_effects):
        entries = entries if entries is not _UNKNOWN else []
        others = [(seq, "effect", add, link) for seq, add, link in effects.evidence.pop(event_id, [])]
        links: dict[tuple, dict] = {}
        for seq, action, before, after in sorted(
                [(s, a, _json(b), _json(f)) for s, a, b, f in entries] + others, key=lambda e: e[0]):
            if action == "effect":
                add, link = before, after
                if add:
                    links[_evidence_key(link)] = link
                else:
                    links.pop(_evidence_key(link), None)
            elif action == "link" and after:
                links[_evidence_key(after)] = after
            elif action == "unlink" and before:
                links.pop(_evidence_key(before), None)
            elif action in ("delete", "restore"):
                removed = (before if action == "delete" else after) or {}
                for link in removed.get("evidence", []):
                    if action == "delete":
                        links.pop(_evidence_key(link), None)
                    else:
                        links[_evidence_key(link)] = link
        yield event_id, links


def _live_links(db) -> Iterator[tuple]:
    cursor = db.execute("SELECT event_id, field, span_id FROM event_evidence ORDER BY event_id, field, span_id")
    for event_id, group in groupby(cursor, key=lambda row: row[0]):
        yield event_id, {tuple(row): None for row in group}


def evidence_problems(db, effects: Effects, count: Callable[[int], None]) -> Iterator[str]:
    for event_id, recorded, live in _merge(_recorded_links(db, effects), _live_links(db)):
        recorded = recorded if isinstance(recorded, dict) else {}
        live = live or {}
        count(len(live))
        for link in sorted(set(live) - set(recorded), key=lambda k: tuple(map(_order, k))):
            yield f"event {link[0]}: evidence {link[2]} for {link[1]} was linked behind the app's back"
        for link in sorted(set(recorded) - set(live), key=lambda k: tuple(map(_order, k))):
            yield f"event {link[0]}: evidence {link[2]} for {link[1]} was unlinked behind the app's back"


def replay_problems(db: sqlite_utils.Database, count: Callable[[int], None] = lambda n: None,
                    entities: Iterable[str] = tuple(REPLAYED_TABLES)) -> Iterator[str]:
    """Every live record compared with its state rebuilt from the history, field by field."""
    effects = Effects.read(db)
    for entity in entities:
        yield from record_problems(db, entity, effects, count)
    yield from evidence_problems(db, effects, count)
