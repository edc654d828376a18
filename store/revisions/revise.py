"""Revised articles: a new version of a document, with its annotations carried over.

When an outlet corrects an article, the new text is stored as a new document
(`supersedes` = the old id, `revision` = old + 1); the old version and
everything on it stay as they were (evidence is never rewritten).  Then:

- every span of the old version gets a counterpart on the new one, placed by
  `store.revisions.anchoring` (`anchor` exact / moved / fuzzy / orphaned, `derived_from`
  = the old span, `original_quote` = the old words when they changed or were
  lost).  Orphaned spans keep their quote and no position, and are listed by
  `orphaned_spans()` for a person to place again (`place_orphan()`);
- events, claims, brat relations and attributes are **copied** onto the new
  version, pointing at the new spans.  Copied events start as `draft` (an
  approved event is never altered silently: its copy must be reviewed again
  against the revised text); each copy's history entry names its original.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import sqlite_utils

from store.db.connection import new_id, transaction, utc_now
from store.errors import StoreError
from store.records import history, stale
from store.records.events import EVENT_FIELDS
from store.records.spans import span_row
from store.revisions.anchoring import OldSpan, Placement, Reanchorer


@dataclass
class RevisionReport:
    old_id: str
    new_id: str
    counts: dict[str, int] = field(default_factory=dict)
    orphans: list[dict] = field(default_factory=list)  # new span rows, with "reason"
    fuzzy: list[dict] = field(default_factory=list)
    events: int = 0
    claims: int = 0
    stale: int = 0  # copied event fields whose evidence moved or was lost

    def line(self) -> str:
        c = self.counts
        return (f"re-anchored {sum(c.values())} spans onto {self.new_id}: "
                f"{c.get('exact', 0)} kept, {c.get('moved', 0)} moved, {c.get('fuzzy', 0)} fuzzy, "
                f"{c.get('orphaned', 0)} orphaned; copied {self.events} events (as drafts) "
                f"and {self.claims} claims"
                + (f"; {self.stale} fields marked stale until confirmed" if self.stale else ""))


def revision_fields(db: sqlite_utils.Database, old_id: str) -> dict:
    """`supersedes` and `revision` for a new version of `old_id`."""
    row = db.execute("SELECT revision FROM documents WHERE id = ?", [old_id]).fetchone()
    if row is None:
        raise StoreError(f"no document with id {old_id} to supersede")
    return {"supersedes": old_id, "revision": row[0] + 1}


def latest_with_url(db: sqlite_utils.Database, url: str, exclude: str | None = None) -> str | None:
    """The newest stored version of the article at `url` (one that nothing supersedes)."""
    # With `exclude` (a document just stored), only versions stored before it count: in one
    # batch, an article's second version must not be taken for the first one's original.
    row = db.execute(
        "SELECT id FROM documents d WHERE url = :url AND id IS NOT :ex"
        " AND (:ex IS NULL OR rowid < (SELECT rowid FROM documents WHERE id = :ex))"
        " AND NOT EXISTS (SELECT 1 FROM documents n WHERE n.supersedes = d.id AND n.id IS NOT :ex)"
        " ORDER BY revision DESC, rowid DESC",
        {"url": url, "ex": exclude}).fetchone()
    return row[0] if row else None


def as_revision(prepared, supersedes: str | None, actor: str):
    """Make an import outcome a new version of a stored document, if it is one.

    It is one when `supersedes` names the old version (`import --supersedes`), or
    when its url is already stored with other text (the same article imported
    again).  Everything happens in `after_store`, in the writer's transaction, once
    the new document has its id: its `supersedes`/`revision` are set, then its old
    version's annotations are carried over.  The report is handed to the importer's
    reporter (`revised`) after the batch is stored.
    """
    url = prepared.row.get("url")
    if supersedes is None and not url:
        return prepared
    earlier = prepared.after_store

    def carry_over(db, document_id, created):
        if earlier is not None:
            earlier(db, document_id, created)
        old_id = supersedes
        if old_id is None:
            old_id = latest_with_url(db, url, exclude=document_id)
            if old_id is None:
                return
        if not created:
            if supersedes is not None:
                prepared.later.append(lambda r: r.warning(
                    prepared.label, f"this text is already stored as {document_id}; nothing re-anchored"))
            return
        fields = revision_fields(db, old_id)
        db.execute("UPDATE documents SET supersedes = ?, revision = ? WHERE id = ?",
                   [fields["supersedes"], fields["revision"], document_id])
        history.record(db, actor=actor, action="revise", entity="document", entity_id=document_id,
                       before={"supersedes": None, "revision": 1}, after=fields)
        try:
            report = revise_document(db, old_id, document_id, actor)
        except StoreError as exc:  # refused before writing anything
            # Bound now: Python unbinds `exc` when the except block ends, and the
            # warning is told after the batch is stored.
            refusal = str(exc)
            prepared.later.append(lambda r: r.warning(prepared.label, refusal))
            return

        def tell(reporter):
            revised = getattr(reporter, "revised", None)
            if revised is not None:
                revised(prepared.label, report)

        prepared.later.append(tell)

    prepared.after_store = carry_over
    return prepared


def revise_document(db: sqlite_utils.Database, old_id: str, new_id_: str, actor: str) -> RevisionReport:
    """Carry every annotation of `old_id` over to the stored new version `new_id_`, in one transaction."""
    report = RevisionReport(old_id, new_id_)
    with transaction(db):
        old_text = db.execute("SELECT text FROM documents WHERE id = ?", [old_id]).fetchone()
        new_text = db.execute("SELECT text FROM documents WHERE id = ?", [new_id_]).fetchone()
        if old_text is None or new_text is None:
            raise StoreError(f"no document with id {old_id if old_text is None else new_id_}")
        old_text, new_text = old_text[0], new_text[0]
        if db.execute("SELECT 1 FROM spans WHERE document_id = ? LIMIT 1", [new_id_]).fetchone():
            raise StoreError(f"document {new_id_} already has spans; not re-anchoring onto it")
        now = utc_now()
        anchorer = Reanchorer(old_text, new_text)
        old_spans = list(db.query('SELECT * FROM spans WHERE document_id = ? ORDER BY start, rowid',
                                  [old_id]))
        ids: dict[str, str] = {}  # old id (span, event, claim, relation, attribute) -> new id
        groups: dict[str, str] = {}
        rows, entries = [], []
        for old in old_spans:
            group = groups.setdefault(old["group_id"], new_id()) if old["group_id"] else None
            if old["anchor"] == "orphaned" or old["start"] is None:
                placement = Placement(old["id"], "orphaned", None, None, old["quote"],
                                      old["original_quote"] or old["quote"], "already orphaned")
            else:
                placement = anchorer.place(OldSpan(old["id"], old["start"], old["end"], old["quote"],
                                                   old["prefix"], old["suffix"]))
            row = _new_span(old, placement, new_text, new_id_, group, now)
            ids[old["id"]] = row["id"]
            rows.append(row)
            report.counts[placement.anchor] = report.counts.get(placement.anchor, 0) + 1
            if placement.anchor == "orphaned":
                report.orphans.append(dict(row, reason=placement.reason))
            elif placement.anchor == "fuzzy":
                report.fuzzy.append(row)
            entries.append(dict(actor=actor, action="reanchor", entity="span", entity_id=row["id"],
                                after=dict(row, reason=placement.reason), at=now))
        if rows:
            db["spans"].insert_all(rows)
        moved = {r["id"]: f"its evidence {r['quote']!r} was lost in the revision"
                 for r in report.orphans}
        moved.update({r["id"]: f"its evidence was found only approximately ({r['quote']!r})"
                      for r in report.fuzzy})
        marks: list[tuple[str, str, str, str]] = []
        report.events = _copy_events(db, old_id, new_id_, ids, actor, now, entries, moved, marks)
        report.claims = _copy_claims(db, old_id, new_id_, ids, actor, now, entries)
        _copy_brat(db, old_id, new_id_, ids, actor, now, entries)
        history.record_many(db, entries)
        for event_id, field_name, why, span_id in marks:
            stale.mark(db, event_id, field_name, why, span_id, actor, at=now)
        report.stale = len(marks)
        _inherit_metadata(db, old_id, new_id_, actor)
    return report


#: What a new version takes from the old one when its import did not give it.
INHERITED_FIELDS = ("outlet", "published", "url", "title")


def _inherit_metadata(db, old_id: str, new_id_: str, actor: str) -> None:
    """Give the new version the old one's outlet, date, url and title where it has none."""
    old = db.execute(f"SELECT {', '.join(INHERITED_FIELDS)} FROM documents WHERE id = ?",
                     [old_id]).fetchone()
    new = db.execute(f"SELECT {', '.join(INHERITED_FIELDS)} FROM documents WHERE id = ?",
                     [new_id_]).fetchone()
    changes = {f: o for f, o, n in zip(INHERITED_FIELDS, old, new) if n in (None, "") and o}
    if not changes:
        return
    db["documents"].update(new_id_, changes)
    history.record(db, actor=actor, action="update", entity="document", entity_id=new_id_,
                   before={k: None for k in changes}, after=changes)


def _new_span(old: dict, p: Placement, new_text: str, document_id: str, group: str | None,
              now: str) -> dict:
    original = old["original_quote"] or old["quote"]
    if p.anchor == "orphaned":
        return {
            "id": new_id(), "document_id": document_id, "start": None, "end": None,
            "quote": old["quote"], "prefix": old["prefix"], "suffix": old["suffix"],
            "label": old["label"], "author": old["author"], "created_at": now, "group_id": group,
            "anchor": "orphaned", "original_quote": original, "derived_from": old["id"],
        }
    # span_row re-checks text[start:end] == quote against the new text.
    return span_row(new_text, document_id=document_id, start=p.start, end=p.end,
                    label=old["label"], author=old["author"], group_id=group, anchor=p.anchor,
                    original_quote=original if p.anchor == "fuzzy" else old["original_quote"],
                    derived_from=old["id"], created_at=now)


def _copy_events(db, old_id, new_doc, ids, actor, now, entries, moved=None, stale=None) -> int:
    """Copy the old version's events as drafts onto the new spans. `moved` maps a new
    span id to why its field's value is no longer known to be backed (orphaned,
    fuzzy); each such (event, field) is appended to `stale`."""
    moved = moved or {}
    stale = stale if stale is not None else []
    count = 0
    for ev in db.query("SELECT * FROM events WHERE document_id = ? ORDER BY created_at, rowid", [old_id]):
        row = {k: ev[k] for k in EVENT_FIELDS}
        # The copy stays its coder's (authorship, four eyes and agreement follow
        # created_by); the history entry says the importer made the copy.
        row.update(id=new_id(), document_id=new_doc, status="draft", version=1,
                   created_by=ev["created_by"], created_at=now, updated_by=actor, updated_at=now,
                   approved_hash=None)
        db["events"].insert(row)
        ids[ev["id"]] = row["id"]
        entries.append(dict(actor=actor, action="revise", entity="event", entity_id=row["id"],
                            after=dict(row, copied_from=ev["id"], copied_status=ev["status"]), at=now))
        for link in db.query("SELECT * FROM event_evidence WHERE event_id = ? ORDER BY rowid", [ev["id"]]):
            new_link = {"event_id": row["id"], "field": link["field"],
                        "span_id": ids[link["span_id"]], "created_by": actor, "created_at": now}
            db["event_evidence"].insert(new_link, ignore=True)
            # Logged like any link, so verify's replay of the history accounts for it.
            entries.append(dict(actor=actor, action="link", entity="event", entity_id=row["id"],
                                after=new_link, at=now))
            why = moved.get(new_link["span_id"])
            if why:
                stale.append((row["id"], link["field"], why, new_link["span_id"]))
        count += 1
    return count


def _copy_claims(db, old_id, new_doc, ids, actor, now, entries) -> int:
    count = 0
    for c in db.query("SELECT * FROM claims WHERE document_id = ? ORDER BY created_at, rowid", [old_id]):
        row = dict(c, id=new_id(), document_id=new_doc, version=1, created_at=now,
                   updated_by=actor, updated_at=now)  # created_by stays the coder's
        for key in ("event_id", "speaker_span_id", "cue_span_id", "content_span_id"):
            if row[key] is not None:
                row[key] = ids.get(row[key])
        db["claims"].insert(row)
        ids[c["id"]] = row["id"]
        entries.append(dict(actor=actor, action="revise", entity="claim", entity_id=row["id"],
                            after=dict(row, copied_from=c["id"]), at=now))
        count += 1
    return count


def _copy_brat(db, old_id, new_doc, ids, actor, now, entries) -> None:
    relations = list(db.query("SELECT * FROM relations WHERE document_id = ? ORDER BY rowid", [old_id]))
    for r in relations:
        ids[r["id"]] = new_id()
    attributes = list(db.query("SELECT * FROM attributes WHERE document_id = ? ORDER BY rowid", [old_id]))
    for a in attributes:
        ids[a["id"]] = new_id()
    for r in relations:
        args = [dict(a, target=ids.get(a["target"], a["target"])) for a in json.loads(r["arguments"])]
        row = dict(r, id=ids[r["id"]], document_id=new_doc, created_at=now,
                   trigger_span_id=ids.get(r["trigger_span_id"]) if r["trigger_span_id"] else None,
                   arguments=json.dumps(args, ensure_ascii=False))
        db["relations"].insert(row)
        entries.append(dict(actor=actor, action="revise", entity="relation", entity_id=row["id"],
                            after=dict(row, copied_from=r["id"]), at=now))
    for a in attributes:
        row = dict(a, id=ids[a["id"]], document_id=new_doc, created_at=now,
                   target_id=ids.get(a["target_id"], a["target_id"]))
        db["attributes"].insert(row)
        entries.append(dict(actor=actor, action="revise", entity="attribute", entity_id=row["id"],
                            after=dict(row, copied_from=a["id"]), at=now))


# --- orphans ---------------------------------------------------------------------


def orphaned_spans(db: sqlite_utils.Database, document_id: str) -> list[dict]:
    """Spans of the document that lost their words in a revision, for a person to place again.

    Each row also says which event fields it was evidence for (`fields`, e.g.
    ["date"]), so two orphans with the same words can be told apart by author
    and field.
    """
    rows = list(db.query(
        "SELECT * FROM spans WHERE document_id = ? AND anchor = 'orphaned' ORDER BY created_at, rowid",
        [document_id]))
    fields: dict[str, list[str]] = {}
    # One query for every orphan's fields (was one per orphan).
    for span_id, name in db.execute(
            "SELECT x.span_id, x.field FROM event_evidence x JOIN spans s ON s.id = x.span_id"
            " WHERE s.document_id = ? AND s.anchor = 'orphaned' ORDER BY x.rowid", [document_id]):
        fields.setdefault(span_id, []).append(name)
    for row in rows:
        row["fields"] = fields.get(row["id"], [])
    return rows


def place_orphan(db: sqlite_utils.Database, span_id: str, start: int, end: int, actor: str) -> dict:
    """A person places an orphaned span on text[start:end]; its old words stay in original_quote."""
    with transaction(db):
        rows = list(db.query("SELECT * FROM spans WHERE id = ?", [span_id]))
        if not rows:
            raise StoreError(f"no span with id {span_id}")
        before = rows[0]
        if before["anchor"] != "orphaned":
            raise StoreError("this span is not orphaned")
        text = db.execute("SELECT text FROM documents WHERE id = ?", [before["document_id"]]).fetchone()[0]
        placed = span_row(text, document_id=before["document_id"], start=start, end=end,
                          label=before["label"], author=before["author"], group_id=before["group_id"],
                          anchor="exact" if text[start:end] == before["quote"] else "fuzzy",
                          original_quote=before["original_quote"] or before["quote"],
                          derived_from=before["derived_from"], span_id=span_id,
                          created_at=before["created_at"])
        changes = {k: placed[k] for k in ("start", "end", "quote", "prefix", "suffix", "anchor",
                                          "original_quote")}
        db["spans"].update(span_id, changes)
        after = dict(before, **changes)
        history.record(db, actor=actor, action="place", entity="span", entity_id=span_id,
                       before=before, after=after)
    return after


def orphan_again(db: sqlite_utils.Database, span_id: str, orphaned: dict, actor: str) -> dict:
    """Undo `place_orphan`: put the span back as it was while orphaned (no position)."""
    with transaction(db):
        rows = list(db.query("SELECT * FROM spans WHERE id = ?", [span_id]))
        if not rows:
            raise StoreError(f"no span with id {span_id}")
        before = rows[0]
        changes = {k: orphaned[k] for k in ("start", "end", "quote", "prefix", "suffix", "anchor",
                                             "original_quote")}
        if changes["anchor"] != "orphaned":
            raise StoreError("can only put back a span that was orphaned")
        db["spans"].update(span_id, changes)
        after = dict(before, **changes)
        history.record(db, actor=actor, action="unplace", entity="span", entity_id=span_id,
                       before=before, after=after)
    return after
