"""Row by row: what of the other side comes in, what is the same, what conflicts.

Every record keeps its UUID. A document is the same document on both sides when it
has the same id or the same text hash; the other's copy is then folded into ours and
everything that pointed at it is re-pointed. For a record both sides hold with
different values, the histories say who changed it since they parted:

- the other side's last entry for it is already here: we have seen their change, and
  anything different here is newer: ours stays;
- our last entry for it is in the other's history: they saw ours and changed it
  after: theirs comes in;
- neither: it was changed differently on both sides: a conflict, ours stays and
  theirs is kept beside it in `merge_conflicts` for an editor.

A record only the other side has comes in, unless it was deleted here (our history
knows it) and they have not changed it since. A record the other side deleted stays
here and is reported as a conflict. Nothing is ever overwritten silently.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from store import search_terms
from store.db.connection import new_id, utc_now
from store.errors import StoreError
from store.records import history

#: (table, history entity, the columns that point at a document) merged by id, in FK order.
TABLES = (
    ("spans", "span"),
    ("events", "event"),
    ("claims", "claim"),
    ("reviews", "review"),
    ("editor_places", "place"),
    ("relations", "relation"),
    ("attributes", "attribute"),
)

#: Rows that belong to an event and come in (or go) with its state.
EVENT_PARTS = ("event_evidence", "event_values", "stale_fields")

DOCUMENT_METADATA = ("title", "outlet", "published", "source", "url")


@dataclass
class Outcome:
    """What the row merge did, for the summary and for the history entries after it."""

    came_in: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    folded: int = 0
    conflicts: int = 0
    known_conflicts: int = 0
    left_out: int = 0
    notes: list[str] = field(default_factory=list)
    #: (entity, id) where the live state is ours (or left out) while the other side's
    #: entries say otherwise: the merge's own entries must say so. A row that came in
    #: from the other side is not here: it must be what its history says.
    decided: set[tuple[str, str]] = field(default_factory=set)
    #: (entity, id) of records that came in as new rows: they must come with their history.
    inserted: set[tuple[str, str]] = field(default_factory=set)
    #: every document id a fold touched (theirs and ours): rows pointing at either are explained
    fold_ids: set[str] = field(default_factory=set)
    #: other document id -> ours
    documents: dict[str, str] = field(default_factory=dict)

    def count(self, bucket: dict, table: str) -> None:
        bucket[table] = bucket.get(table, 0) + 1


class Histories:
    """The last history entry of each record, on both sides, and who knows which entry."""

    def __init__(self, local, other, other_known: set[str]):
        self.local, self.other, self.other_known = local, other, other_known

    @staticmethod
    def _last(db, entity: str, entity_id: str) -> str | None:
        """The last change to the record; a merge's restatement of what it kept is none."""
        row = db.execute("SELECT id FROM history WHERE entity = ? AND entity_id = ?"
                         " AND action NOT LIKE 'merge%' ORDER BY seq DESC LIMIT 1",
                         [entity, entity_id]).fetchone()
        return row[0] if row else None

    def local_last(self, entity, entity_id):
        return self._last(self.local, entity, entity_id)

    def other_last(self, entity, entity_id):
        return self._last(self.other, entity, entity_id)

    def local_has(self, entry_id: str) -> bool:
        return self.local.execute("SELECT 1 FROM history WHERE id = ?", [entry_id]).fetchone() is not None

    def other_has(self, entry_id: str) -> bool:
        return entry_id in self.other_known or self.other.execute(
            "SELECT 1 FROM history WHERE id = ?", [entry_id]).fetchone() is not None

    def decide(self, entity: str, entity_id: str) -> str:
        """'local', 'other' or 'conflict' for a record both sides hold with different values."""
        theirs = self.other_last(entity, entity_id)
        if theirs is None or self.local_has(theirs):
            return "local"
        ours = self.local_last(entity, entity_id)
        if ours is None or self.other_has(ours):
            return "other"
        return "conflict"


def _rows(db, table: str, where: str = "", params=()) -> list[dict]:
    return [dict(r) for r in db.query(f"SELECT * FROM {table} {where} ORDER BY rowid", params)]


def _insert(db, table: str, row: dict) -> None:
    columns = ", ".join(f'"{c}"' for c in row)
    marks = ", ".join("?" for _ in row)
    db.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values()))


def _replace(db, table: str, row: dict, key: str = "id") -> None:
    sets = ", ".join(f'"{c}" = ?' for c in row if c != key)
    db.execute(f"UPDATE {table} SET {sets} WHERE {key} = ?",
               [v for c, v in row.items() if c != key] + [row[key]])


def conflict_hash(other: dict | None) -> str:
    return hashlib.sha256((history.canonical_json(other) or "null").encode("utf-8")).hexdigest()


def keep_conflict(local_db, out: Outcome, *, entity: str, entity_id: str, kind: str,
                  local: dict | None, other: dict | None, origin: str, actor: str) -> None:
    """Keep the other side's value beside ours; the same conflict found again is not new."""
    digest = conflict_hash(other)
    if local_db.execute("SELECT 1 FROM merge_conflicts WHERE entity = ? AND entity_id = ?"
                        " AND other_hash = ?", [entity, entity_id, digest]).fetchone():
        out.known_conflicts += 1
        return
    row = {"id": new_id(), "entity": entity, "entity_id": entity_id, "kind": kind,
           "local": history.canonical_json(local), "other": history.canonical_json(other),
           "other_hash": digest, "origin": origin, "found_by": actor, "found_at": utc_now(),
           "status": "open"}
    _insert(local_db, "merge_conflicts", row)
    history.record(local_db, actor=actor, action="merge", entity="conflict", entity_id=row["id"],
                   after={k: row[k] for k in ("entity", "entity_id", "kind", "origin", "other_hash")})
    out.conflicts += 1


def merge_users(local_db, other_db, out: Outcome, actor: str) -> None:
    """Logins new here come in as annotators: a role is this database's to give."""
    for user in _rows(other_db, "users"):
        out.decided.add(("user", user["login"]))
        if local_db.execute("SELECT 1 FROM users WHERE login = ?", [user["login"]]).fetchone():
            continue
        _insert(local_db, "users", {"login": user["login"], "role": "annotator",
                                    "created_at": utc_now(), "created_by": actor})
        out.count(out.came_in, "users")
        out.decided.add(("user", user["login"]))


def merge_documents(local_db, other_db, hist: Histories, out: Outcome, origin: str,
                    actor: str) -> None:
    """Same id or same text hash: one document (ours); otherwise it comes in."""
    by_hash = {r[0]: r[1] for r in local_db.execute(
        "SELECT text_sha256, id FROM documents ORDER BY rowid DESC")}
    for doc in _rows(other_db, "documents"):
        here = list(local_db.query("SELECT * FROM documents WHERE id = ?", [doc["id"]]))
        if here and here[0]["text_sha256"] != doc["text_sha256"]:
            raise StoreError(f"document {doc['id']} has a different text here and in the other "
                             "database (edited behind the app's back?); nothing was merged")
        target = here[0]["id"] if here else by_hash.get(doc["text_sha256"])
        if target is None:
            row = dict(doc)
            if row.get("supersedes"):
                row["supersedes"] = out.documents.get(row["supersedes"], row["supersedes"])
            _insert(local_db, "documents", row)
            search_terms.documents_added(local_db, [(row.get("title"), row.get("text"))])
            by_hash[doc["text_sha256"]] = doc["id"]
            out.documents[doc["id"]] = doc["id"]
            out.count(out.came_in, "documents")
            out.inserted.add(("document", doc["id"]))
            _note_near_duplicate(local_db, doc, out)
            continue
        ours = dict(next(iter(local_db.query("SELECT * FROM documents WHERE id = ?", [target]))))
        differs = {k: doc[k] for k in DOCUMENT_METADATA if doc.get(k) != ours.get(k)}
        if target != doc["id"]:
            out.folded += 1
            out.fold_ids |= {target, doc["id"]}
            if doc["id"] < target:
                # Both sides fold onto the same id (the smaller), so merging back and forth
                # agrees on one document and the histories stop moving.
                _renumber_document(local_db, ours, doc, out)
                by_hash[doc["text_sha256"]] = target = doc["id"]
            out.documents[doc["id"]] = target
            out.decided |= {("document", doc["id"]), ("document", target)}
            if differs:
                out.decided.add(("document", target))
                keep_conflict(local_db, out, entity="document", entity_id=target,
                              kind="metadata differs (the same article imported on both sides)",
                              local={k: ours.get(k) for k in DOCUMENT_METADATA},
                              other={k: doc.get(k) for k in DOCUMENT_METADATA},
                              origin=origin, actor=actor)
            continue
        out.documents[doc["id"]] = target
        if not differs:
            continue
        decision = hist.decide("document", target)
        if decision != "other":
            out.decided.add(("document", target))  # ours stays: the history must say so
        if decision == "other":
            _replace(local_db, "documents", {"id": target, **differs})
            out.count(out.updated, "documents")
        elif decision == "conflict":
            keep_conflict(local_db, out, entity="document", entity_id=target,
                          kind="changed on both sides",
                          local={k: ours.get(k) for k in DOCUMENT_METADATA},
                          other={k: doc.get(k) for k in DOCUMENT_METADATA},
                          origin=origin, actor=actor)


#: (table, column) that hold a document id, re-pointed when our copy takes the other's id.
DOCUMENT_REFERENCES = (
    ("spans", "document_id"), ("events", "document_id"), ("claims", "document_id"),
    ("relations", "document_id"), ("attributes", "document_id"),
    ("suggestion_runs", "document_id"),
    ("suggestion_rejections", "document_id"), ("documents", "supersedes"),
    ("link_decisions", "a"), ("link_decisions", "b"),
)


def _renumber_document(local_db, ours: dict, theirs: dict, out: Outcome) -> None:
    """Our copy of the article takes the other's id: their row (their import), our metadata,
    everything of ours pointing at it re-pointed, our old row gone."""
    row = {**theirs, **{k: ours.get(k) for k in DOCUMENT_METADATA},
           "supersedes": ours.get("supersedes")}
    # text_sha256 is unique: our old row steps aside until it is deleted below.
    local_db.execute("UPDATE documents SET text_sha256 = 'merging:' || id WHERE id = ?",
                     [ours["id"]])
    _insert(local_db, "documents", row)
    search_terms.documents_added(local_db, [(row.get("title"), row.get("text"))])
    for table, column in DOCUMENT_REFERENCES:
        local_db.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?",
                         [theirs["id"], ours["id"]])
    search_terms.rows_removed(local_db, "id = ?", [ours["id"]])
    local_db.execute("DELETE FROM documents WHERE id = ?", [ours["id"]])
    out.documents[ours["id"]] = theirs["id"]


def _note_near_duplicate(local_db, doc: dict, out: Outcome) -> None:
    """A document with a title or url we have but other text: two documents, said so."""
    for key in ("url", "title"):
        if doc.get(key):
            row = local_db.execute(f"SELECT id FROM documents WHERE {key} = ? AND id != ?"
                                   " AND text_sha256 != ?",
                                   [doc[key], doc["id"], doc["text_sha256"]]).fetchone()
            if row:
                out.notes.append(f"document {doc['id'][:8]} has the {key} of {row[0][:8]} here "
                                 "but not its exact text: kept as two documents")
                return


def _mapped(row: dict, out: Outcome) -> dict:
    row = dict(row)
    if row.get("document_id") in out.documents:
        row["document_id"] = out.documents[row["document_id"]]
    return row


def _event_parts(db, event_id: str) -> dict[str, list[dict]]:
    return {t: _rows(db, t, "WHERE event_id = ?", [event_id]) for t in EVENT_PARTS}


def _set_event_parts(local_db, event_id: str, parts: dict[str, list[dict]], out: Outcome) -> None:
    for table in EVENT_PARTS:
        local_db.execute(f"DELETE FROM {table} WHERE event_id = ?", [event_id])
        for row in parts[table]:
            if "span_id" in row and table == "event_evidence" and local_db.execute(
                    "SELECT 1 FROM spans WHERE id = ?", [row["span_id"]]).fetchone() is None:
                out.decided.add(("event", event_id))
                out.left_out += 1
                continue
            _insert(local_db, table, row)


def _references_missing(local_db, table: str, row: dict) -> bool:
    """A row whose span or event did not come in (deleted here) cannot come in either."""
    refs = {"claims": (("event_id", "events"), ("speaker_span_id", "spans"),
                       ("cue_span_id", "spans"), ("content_span_id", "spans")),
            "reviews": (("event_id", "events"),),
            "relations": (("trigger_span_id", "spans"),)}.get(table, ())
    return any(row.get(col) and local_db.execute(f"SELECT 1 FROM {parent} WHERE id = ?",
                                                 [row[col]]).fetchone() is None
               for col, parent in refs)


def merge_table(local_db, other_db, hist: Histories, out: Outcome, table: str, entity: str,
                origin: str, actor: str) -> None:
    """One table's rows by id: in, the same, theirs newer, ours newer, or a conflict."""
    local_ids = {r[0] for r in local_db.execute(f"SELECT id FROM {table}")}
    other_ids = set()
    for raw in _rows(other_db, table):
        row = _mapped(raw, out)
        other_ids.add(row["id"])
        parts = _event_parts(other_db, row["id"]) if table == "events" else None
        if row["id"] not in local_ids:
            theirs = hist.other_last(entity, row["id"])
            if hist.local_last(entity, row["id"]) is not None:
                # Deleted here. Unless they changed it since we saw it, it stays deleted.
                if theirs is not None and not hist.local_has(theirs):
                    out.decided.add((entity, row["id"]))
                    keep_conflict(local_db, out, entity=entity, entity_id=row["id"],
                                  kind="deleted here, changed there", local=None,
                                  other={"row": row, **(parts or {})}, origin=origin, actor=actor)
                continue
            if _references_missing(local_db, table, row):
                out.decided.add((entity, row["id"]))
                out.left_out += 1
                continue
            _insert(local_db, table, row)
            out.inserted.add((entity, row["id"]))
            if parts is not None:
                _set_event_parts(local_db, row["id"], parts, out)
            out.count(out.came_in, table)
            continue
        ours = dict(next(iter(local_db.query(f"SELECT * FROM {table} WHERE id = ?", [row["id"]]))))
        same = ours == row and (parts is None or _same_parts(_event_parts(local_db, row["id"]), parts))
        if same:
            continue
        decision = hist.decide(entity, row["id"])
        if decision != "other":
            out.decided.add((entity, row["id"]))  # ours stays: the history must say so
        if decision == "other":
            _replace(local_db, table, row)
            if parts is not None:
                _set_event_parts(local_db, row["id"], parts, out)
            out.count(out.updated, table)
        elif decision == "conflict":
            local_parts = _event_parts(local_db, row["id"]) if parts is not None else {}
            keep_conflict(local_db, out, entity=entity, entity_id=row["id"],
                          kind="changed on both sides", local={"row": ours, **local_parts},
                          other={"row": row, **(parts or {})}, origin=origin, actor=actor)
    _deleted_there(local_db, hist, out, table, entity, local_ids - other_ids, origin, actor)


def _same_parts(a: dict, b: dict) -> bool:
    def key(rows):
        return sorted(history.canonical_json({k: v for k, v in r.items()
                                              if k not in ("created_at", "at")}) for r in rows)
    return all(key(a[t]) == key(b[t]) for t in EVENT_PARTS)


def _deleted_there(local_db, hist: Histories, out: Outcome, table: str, entity: str,
                   only_here: set[str], origin: str, actor: str) -> None:
    for record_id in sorted(only_here):
        theirs = hist.other_last(entity, record_id)
        if theirs is None or hist.local_has(theirs):
            continue  # they never had it, or we have seen what they did to it
        out.decided.add((entity, record_id))
        ours = dict(next(iter(local_db.query(f"SELECT * FROM {table} WHERE id = ?", [record_id]))))
        keep_conflict(local_db, out, entity=entity, entity_id=record_id,
                      kind="deleted there, kept here", local={"row": ours}, other=None,
                      origin=origin, actor=actor)
