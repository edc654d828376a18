"""Records a merge found changed differently on both sides, and an editor's resolution.

A conflict keeps this database's value in the live table and the other side's in
`merge_conflicts`. Resolving it is a person's change, a typed action applied by
`Session.apply` (store/annotate/gateway.py) with its role check and history:
`--keep local` closes it; `--keep other` writes the other side's value (an event's
evidence and grounded values with it) as a new version, recorded like any edit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import ClassVar

from store.annotate.actions import Action
from store.db.connection import utc_now
from store.errors import StoreError
from store.merge.records import DOCUMENT_METADATA, EVENT_PARTS, _insert, _replace
from store.records import history, people

#: history entity -> live table
TABLE_OF = {"span": "spans", "event": "events", "claim": "claims", "review": "reviews",
            "place": "editor_places", "relation": "relations", "attribute": "attributes",
            "document": "documents"}


def list_conflicts(db, all_of_them: bool = False) -> list[dict]:
    where = "" if all_of_them else "WHERE status = 'open'"
    rows = []
    for row in db.query(f"SELECT * FROM merge_conflicts {where} ORDER BY found_at, id"):
        row = dict(row)
        row["local"] = json.loads(row["local"]) if row["local"] else None
        row["other"] = json.loads(row["other"]) if row["other"] else None
        rows.append(row)
    return rows


def find_conflict(db, prefix: str) -> dict:
    if len(prefix) < 4:
        raise StoreError(f"conflict id {prefix!r} is too short; give at least 4 characters")
    found = [c for c in list_conflicts(db, all_of_them=True) if c["id"].startswith(prefix)]
    if not found:
        raise StoreError(f"no conflict with id {prefix}")
    if len(found) > 1:
        raise StoreError(f"conflict id {prefix} is ambiguous ({len(found)} match)")
    return found[0]


def differences(conflict: dict) -> list[tuple[str, object, object]]:
    """(field, ours, theirs) for each field that differs."""
    local, other = conflict["local"], conflict["other"]
    if local is None or other is None:
        return [("record", "deleted" if local is None else "kept",
                 "deleted" if other is None else "changed")]
    if conflict["entity"] == "document":
        return [(k, local.get(k), other.get(k)) for k in DOCUMENT_METADATA
                if local.get(k) != other.get(k)]
    ours, theirs = local["row"], other["row"]
    out = [(k, ours.get(k), theirs.get(k)) for k in sorted(set(ours) | set(theirs))
           if ours.get(k) != theirs.get(k) and k not in ("updated_at",)]
    if any(local.get(t) != other.get(t) for t in ("event_evidence",)):
        out.append(("evidence", len(local.get("event_evidence") or []),
                    len(other.get("event_evidence") or [])))
    return out


@dataclass(frozen=True)
class ResolveConflict(Action):
    """Close a merge conflict, keeping `keep` ('local' or 'other'). Editors only."""

    conflict_id: str
    keep: str
    said: ClassVar[str] = "conflict resolved"
    changes_spans: ClassVar[bool] = False
    document_id: str | None = None

    def run(self, s) -> tuple[dict, None]:
        db = s.db
        people.require(db, s.actor, "review", "resolving merge conflicts")
        conflict = find_conflict(db, self.conflict_id)
        if conflict["status"] != "open":
            raise StoreError(f"conflict {conflict['id'][:8]} was already resolved "
                             f"({conflict['kept']} kept, by {conflict['resolved_by']})")
        if self.keep not in ("local", "other"):
            raise StoreError("keep 'local' or 'other'")
        if self.keep == "other":
            _take_other(db, s.actor, conflict)
        at = utc_now()
        db.execute("UPDATE merge_conflicts SET status = 'resolved', kept = ?, resolved_by = ?,"
                   " resolved_at = ? WHERE id = ?", [self.keep, s.actor, at, conflict["id"]])
        history.record(db, actor=s.actor, action="resolve", entity="conflict",
                       entity_id=conflict["id"],
                       after={"kept": self.keep, "entity": conflict["entity"],
                              "entity_id": conflict["entity_id"]})
        return {**conflict, "status": "resolved", "kept": self.keep}, None


def _take_other(db, actor: str, conflict: dict) -> None:
    entity, record_id, other = conflict["entity"], conflict["entity_id"], conflict["other"]
    table = TABLE_OF.get(entity)
    if table is None:
        raise StoreError(f"cannot take the other side's {entity}; keep local")
    if other is None:
        raise StoreError(f"the other side deleted this {entity}; remove it in the app, then "
                         f"resolve {conflict['id'][:8]} with --keep local")
    current = list(db.query(f"SELECT * FROM {table} WHERE id = ?", [record_id]))
    if entity == "document":
        _replace(db, "documents", {"id": record_id, **{k: other.get(k) for k in DOCUMENT_METADATA}})
        history.record(db, actor=actor, action="update", entity="document", entity_id=record_id,
                       before={k: current[0][k] for k in DOCUMENT_METADATA} if current else None,
                       after={k: other.get(k) for k in DOCUMENT_METADATA})
        return
    row = dict(other["row"])
    if entity in ("event", "claim") and current:
        row["version"] = max(current[0]["version"], row["version"]) + 1
        row["updated_by"], row["updated_at"] = actor, utc_now()
        if entity == "event" and row.get("status") == "approved":
            # Approval was given elsewhere to that state; here it is a new version to review.
            row["status"], row["approved_hash"] = "submitted", None
    if current:
        _replace(db, table, row)
    else:
        _insert(db, table, row)
    history.record(db, actor=actor, action="resolve", entity=entity, entity_id=record_id,
                   before=dict(current[0]) if current else None, after=row)
    if entity == "event":
        _take_event_parts(db, actor, record_id, other)


def _take_event_parts(db, actor: str, event_id: str, other: dict) -> None:
    for link in list(db.query("SELECT * FROM event_evidence WHERE event_id = ?", [event_id])):
        db.execute("DELETE FROM event_evidence WHERE event_id = ? AND field = ? AND span_id = ?",
                   [event_id, link["field"], link["span_id"]])
        history.record(db, actor=actor, action="unlink", entity="event", entity_id=event_id,
                       before=dict(link))
    for table in EVENT_PARTS[1:]:
        db.execute(f"DELETE FROM {table} WHERE event_id = ?", [event_id])
        for row in other.get(table) or []:
            _insert(db, table, row)
    for link in other.get("event_evidence") or []:
        if db.execute("SELECT 1 FROM spans WHERE id = ?", [link["span_id"]]).fetchone():
            _insert(db, "event_evidence", link)
            history.record(db, actor=actor, action="link", entity="event", entity_id=event_id,
                           after=link)
