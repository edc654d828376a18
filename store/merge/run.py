"""The merge as one transaction: verify, rows, the other's chains, what the merge did, verify.

1. This database must pass verify first: a merge writes history entries for the state
   it leaves, and must not bless a change made here behind the app's back.
2. The rows (store/merge/records.py), in one `BEGIN IMMEDIATE` transaction.
3. The other side's history entries, unchanged, each with its origin (the other
   database's id, or the origin it had there for entries it had merged itself) and
   its place in that origin's chain; entries already here are skipped, so merging
   again adds nothing. Each origin's chain must continue the one already here.
4. Replaying the whole history must give the live rows: where it does not, the
   difference must be one the merge made (a document folded into ours, our value
   kept in a conflict, a login that came in as an annotator), and an entry in this
   database's own chain says so (action `merge`, or `merge-drop` for a record the
   merge left out). Any other difference means the other side's rows do not match
   its own history: refused.
5. One entry per origin in our chain pins the head that came in (store/verify/origins.py).
6. verify runs on the result inside the transaction; any violation rolls it all back.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from store.db.connection import transaction
from store.errors import StoreError
from store.merge import records as rec
from store.merge.source import Source, database_id, open_source
from store.records import history, people
from store.verify import tamper
from store.verify.checks import verify

HISTORY_COLUMNS = ("id", "at", "actor", "action", "entity", "entity_id", "before", "after",
                   "prev_hash", "hash")


@dataclass
class Summary:
    outcome: rec.Outcome
    entries: dict[str, int]
    source: str

    def lines(self) -> list[str]:
        o = self.outcome
        came = ", ".join(f"{n} {t}" for t, n in sorted(o.came_in.items())) or "nothing new"
        out = [f"merged {self.source}: came in {came}"]
        if o.updated:
            out.append("newer there, taken: " + ", ".join(
                f"{n} {t}" for t, n in sorted(o.updated.items())))
        if o.folded:
            out.append(f"{o.folded} document(s) were already here (same text) and are one "
                       "document now")
        for origin, n in sorted(self.entries.items()):
            out.append(f"history: {n} entries of origin {origin[:12]} came in")
        if o.conflicts or o.known_conflicts:
            out.append(f"conflicts: {o.conflicts} new, {o.known_conflicts} already known; "
                       "this database's values were kept (eventdesk conflicts list)")
        if o.left_out:
            out.append(f"left out {o.left_out} row(s) that point at records deleted here")
        out.extend(o.notes)
        return out


def merge_path(local_db, local_path: Path, other_path: Path, actor: str) -> Summary:
    """Merge the database (or bundle) at `other_path` into `local_db`: one transaction or none."""
    people.require(local_db, actor, "review", "merging another database")
    before = verify(local_db)
    if not before.ok:
        raise StoreError(f"this database fails verify ({len(before.violations)} problem(s), "
                         f"first: {before.violations[0]}); nothing was merged")
    source = open_source(local_db, local_path, other_path)
    try:
        return merge_source(local_db, source, actor)
    finally:
        source.close()


def merge_source(local_db, source: Source, actor: str) -> Summary:
    hist = rec.Histories(local_db, source.db, source.known_ids)
    out = rec.Outcome()
    origin = source.database_id
    try:
        with transaction(local_db):
            rec.merge_users(local_db, source.db, out, actor)
            rec.merge_documents(local_db, source.db, hist, out, origin, actor)
            for table, entity in rec.TABLES:
                rec.merge_table(local_db, source.db, hist, out, table, entity, origin, actor)
            entries = _copy_history(local_db, source)
            _reconcile(local_db, out, actor, source)
            _pin_heads(local_db, entries, actor, source)
            after = verify(local_db)
            if not after.ok:
                raise StoreError(f"the merge would leave {len(after.violations)} problem(s) "
                                 f"(first: {after.violations[0]}); nothing was merged")
    except sqlite3.IntegrityError as exc:
        raise StoreError(f"{source.path} cannot be merged here ({exc}); nothing was merged") from exc
    return Summary(out, entries, str(source.path))


def _copy_history(local_db, source: Source) -> dict[str, int]:
    """The other side's entries not yet here, per origin, in their order."""
    mine = database_id(local_db)
    heads: dict[str, str] = {}
    for origin, top_hash in local_db.execute(
            "SELECT h.origin, h.hash FROM history h JOIN (SELECT origin, MAX(origin_seq) AS top"
            " FROM history WHERE origin IS NOT NULL GROUP BY origin) t"
            " ON t.origin = h.origin AND t.top = h.origin_seq"):
        heads[origin] = top_hash
    counts: dict[str, int] = {}
    rows = source.db.execute(
        f"SELECT seq, origin, origin_seq, {', '.join(HISTORY_COLUMNS)} FROM history ORDER BY seq")
    for seq, theirs, their_seq, *entry in rows:
        origin = theirs or source.database_id
        if origin == mine:
            continue  # our own entries, which they had merged: here already
        if local_db.execute("SELECT 1 FROM history WHERE id = ?", [entry[0]]).fetchone():
            continue
        values = dict(zip(HISTORY_COLUMNS, entry))
        expected = heads.get(origin, history.GENESIS_HASH)
        if values["prev_hash"] != expected:
            raise StoreError(
                f"the history of origin {origin[:12]} in {source.path} does not continue the one "
                f"this database has (its entry {their_seq or seq} follows {values['prev_hash'][:16]}…,"
                f" ours ends at {expected[:16]}…); nothing was merged")
        heads[origin] = values["hash"]
        local_db.execute(
            f"INSERT INTO history ({', '.join(HISTORY_COLUMNS)}, origin, origin_seq)"
            f" VALUES ({', '.join('?' for _ in HISTORY_COLUMNS)}, ?, ?)",
            [*values.values(), origin, their_seq or seq])
        counts[origin] = counts.get(origin, 0) + 1
    return counts


def _reconcile(local_db, out: rec.Outcome, actor: str, source: Source) -> None:
    """Entries in our chain for every record whose live state replay does not give,
    each one a difference the merge made; any other is the other side's rows
    disagreeing with its own history."""
    state = tamper.replay(local_db)
    folds = _folds(local_db, out)
    entries = []
    for entity, (table, key) in tamper.REPLAYED_TABLES.items():
        recorded = state.table(entity)
        live = {row[key]: dict(row) for row in local_db.query(f"SELECT * FROM {table} ORDER BY rowid")}
        for record_id, row in live.items():
            expected = recorded.get(record_id)
            if expected is not None and all(expected.get(c, v) == v for c, v in row.items()):
                continue
            if record_id not in recorded and (entity, record_id) in out.inserted:
                raise StoreError(f"{source.path}: {entity} {record_id} came with no history "
                                 "(added behind the app's back there?); nothing was merged")
            if not _refolded(out, folds, entity, record_id, expected, row):
                _explained(out, entity, record_id, source)
            entries.append({"actor": actor, "action": "merge", "entity": entity,
                            "entity_id": record_id, "after": row})
        for record_id, expected in recorded.items():
            if expected is not None and record_id not in live:
                if not (entity == "document" and (record_id in out.fold_ids or record_id in folds)):
                    _explained(out, entity, record_id, source)
                into = out.documents.get(record_id) if entity == "document" else None
                entries.append({"actor": actor, "action": "merge-drop", "entity": entity,
                                "entity_id": record_id, "before": expected,
                                "after": {"merged_into": into} if into else None})
    live_links = {tamper._evidence_key(r): dict(r) for r in local_db.query(
        "SELECT * FROM event_evidence")}
    for link in sorted(set(live_links) - set(state.evidence)):
        _explained(out, "event", link[0], source)
        entries.append({"actor": actor, "action": "merge-link", "entity": "event",
                        "entity_id": link[0], "after": live_links[link]})
    for link in sorted(set(state.evidence) - set(live_links)):
        _explained(out, "event", link[0], source)
        entries.append({"actor": actor, "action": "merge-unlink", "entity": "event",
                        "entity_id": link[0], "before": state.evidence[link]})
    if entries:
        history.record_many(local_db, entries)


def _folds(local_db, out: rec.Outcome) -> dict[str, str]:
    """Document id -> the id it was folded onto, by this merge and every earlier one
    (any origin's `merge-drop` entries say `merged_into`)."""
    folds = {}
    for entity_id, after in local_db.execute(
            "SELECT entity_id, json_extract(after, '$.merged_into') FROM history"
            " WHERE entity = 'document' AND action = 'merge-drop' AND after IS NOT NULL"
            " ORDER BY seq"):
        if after:
            folds[entity_id] = after
    folds.update({k: v for k, v in out.documents.items() if k != v})
    return folds


def _canonical(folds: dict[str, str], document_id):
    seen = set()
    while document_id in folds and document_id not in seen:
        seen.add(document_id)
        document_id = folds[document_id]
    return document_id


def _refolded(out: rec.Outcome, folds: dict, entity: str, record_id: str, expected,
              row: dict) -> bool:
    """A difference that is only a document id a fold replaced (either side's copy)."""
    if entity == "document":
        return record_id in out.fold_ids
    if not expected:
        return False
    differing = [c for c, v in row.items() if c in expected and expected[c] != v]
    return bool(differing) and all(
        c in ("document_id", "supersedes")
        and _canonical(folds, row[c]) == _canonical(folds, expected[c]) for c in differing)


def _explained(out: rec.Outcome, entity: str, record_id: str, source: Source) -> None:
    if (entity, record_id) not in out.decided:
        raise StoreError(f"{source.path}: {entity} {record_id} does not match its own history "
                         "(changed behind the app's back there?); nothing was merged")


def _pin_heads(local_db, entries: dict[str, int], actor: str, source: Source) -> None:
    """Pin each origin's new head in our chain, unless all that came in is the other side's
    own pins (pinning those would make two databases merged back and forth pin each
    other's pins for ever; an unpinned tail of pins is bookkeeping, not work)."""
    for origin in sorted(entries):
        if local_db.execute(
                "SELECT 1 FROM history WHERE origin = ? AND entity != 'origin'"
                " AND origin_seq > coalesce((SELECT json_extract(after, '$.origin_seq')"
                " FROM history WHERE origin IS NULL AND entity = 'origin' AND entity_id = ?"
                " ORDER BY seq DESC LIMIT 1), 0) LIMIT 1", [origin, origin]).fetchone() is None:
            continue
        origin_seq, head = local_db.execute(
            "SELECT origin_seq, hash FROM history WHERE origin = ? ORDER BY origin_seq DESC LIMIT 1",
            [origin]).fetchone()
        history.record(local_db, actor=actor, action="merge", entity="origin", entity_id=origin,
                       after={"origin": origin, "head": head, "origin_seq": origin_seq,
                              "entries": entries[origin], "from": source.path.name})
