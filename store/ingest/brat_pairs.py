"""brat `.txt` + `.ann` pairs into the database.

Mapping:
- T -> one row in `spans` per fragment; a discontinuous T's fragments share a
  `group_id`, so `text[start:end] == quote` holds for every row.  The T is
  referred to by its first fragment's span id (its "handle").
- E -> `relations` (kind `event`, `trigger_span_id` = the trigger's handle),
  R -> `relations` (kind `relation`), `*` -> `relations` (kind `equivalence`);
  `arguments` is a JSON list of {"role", "target"} where target is a span
  handle or a relation id.
- A/M -> `attributes` kind `attribute` (value NULL when binary), N -> kind
  `normalization` (value = "DB:ID", text = the string), `#` -> kind `note`.
- `source_ref` keeps the brat id (for T, in the history entry).

The way back out is `store.formats.brat_export`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import sqlite_utils

from store.db.connection import new_id, transaction, utc_now
from store.formats import brat
from store.records import history
from store.records.spans import span_row


@dataclass
class StoredAnn:
    """What storing one `.ann` did."""

    spans: int = 0
    relations: int = 0
    attributes: int = 0
    problems: list[brat.Problem] = field(default_factory=list)


def store_ann(
    db: sqlite_utils.Database, document_id: str, text: str, parsed: brat.AnnFile, actor: str,
    file: str = "<ann>",
) -> StoredAnn:
    """Store the (already checked) annotations of `parsed` on the document, in one transaction."""
    result = StoredAnn(problems=list(parsed.problems))
    now = utc_now()
    handles: dict[str, str] = {}  # brat id -> span handle / relation id / attribute id
    span_rows, relation_rows, attribute_rows, entries = [], [], [], []
    for t in parsed.of(brat.TextBound):
        if any(s == e for s, e in t.fragments):
            result.problems.append(brat.Problem(file, t.line, f"{t.id} has an empty fragment; not stored"))
            continue
        group = new_id() if len(t.fragments) > 1 else None
        rows = [span_row(text, document_id=document_id, start=s, end=e, label=t.type,
                         author=actor, group_id=group, created_at=now) for s, e in t.fragments]
        handles[t.id] = rows[0]["id"]
        span_rows.extend(rows)
        for row in rows:
            entries.append(dict(actor=actor, action="import", entity="span", entity_id=row["id"],
                                after=dict(row, source_ref=t.id), at=now))
    # Ids first, so an event may name an event defined further down.
    for a in parsed.annotations:
        if isinstance(a, (brat.Event, brat.Relation, brat.Attribute, brat.Normalization, brat.Note)):
            handles.setdefault(a.id, new_id())
    for a in parsed.annotations:
        if isinstance(a, (brat.Event, brat.Relation, brat.Equiv)):
            missing = [r for r in brat.references(a) if r not in handles]
            if missing:
                result.problems.append(brat.Problem(
                    file, a.line, f"{a.id} refers to {', '.join(missing)}, which was not stored; not stored"))
                continue
            if isinstance(a, brat.Event):
                kind, trigger, args = "event", handles[a.trigger], a.args
            elif isinstance(a, brat.Relation):
                kind, trigger, args = "relation", None, a.args
            else:
                kind, trigger, args = "equivalence", None, [("", t) for t in a.targets]
            row = {
                "id": handles[a.id] if a.id != "*" else new_id(),
                "document_id": document_id, "kind": kind, "type": a.type,
                "trigger_span_id": trigger,
                "arguments": json.dumps([{"role": r, "target": handles[t]} for r, t in args],
                                        ensure_ascii=False),
                "author": actor, "created_at": now, "source_ref": a.id,
            }
            relation_rows.append(row)
        elif isinstance(a, (brat.Attribute, brat.Normalization, brat.Note)):
            if a.target not in handles:
                result.problems.append(brat.Problem(
                    file, a.line, f"{a.id} refers to {a.target}, which was not stored; not stored"))
                continue
            if isinstance(a, brat.Attribute):
                kind, name, value, norm = "attribute", a.name, a.value, None
            elif isinstance(a, brat.Normalization):
                kind, name, value, norm = "normalization", a.type, a.ref, a.text
            else:
                kind, name, value, norm = "note", a.type, a.text, None
            attribute_rows.append({
                "id": handles[a.id], "document_id": document_id, "target_id": handles[a.target],
                "kind": kind, "name": name, "value": value, "text": norm,
                "author": actor, "created_at": now, "source_ref": a.id,
            })
    for row in relation_rows:
        entries.append(dict(actor=actor, action="import", entity="relation", entity_id=row["id"],
                            after=row, at=now))
    for row in attribute_rows:
        entries.append(dict(actor=actor, action="import", entity="attribute", entity_id=row["id"],
                            after=row, at=now))
    with transaction(db):
        if span_rows:
            db["spans"].insert_all(span_rows)
        if relation_rows:
            db["relations"].insert_all(relation_rows)
        if attribute_rows:
            db["attributes"].insert_all(attribute_rows)
        if entries:
            history.record_many(db, entries)
    result.spans, result.relations, result.attributes = (
        len(span_rows), len(relation_rows), len(attribute_rows))
    result.problems.sort(key=lambda p: p.line)
    return result


@dataclass
class PairImport:
    document_id: str | None
    created: bool
    stored: StoredAnn | None
    problems: list[brat.Problem]


def decode_brat_text(data: bytes) -> str:
    """brat reads the `.txt` as UTF-8 with no newline translation; a BOM stays a character
    (brat counts it), so offsets written by brat still cut out the right text."""
    return data.decode("utf-8")


def import_pair(db: sqlite_utils.Database, txt_path, ann_path, actor: str) -> PairImport:
    """Store `txt_path` as a document and the annotations of `ann_path` on it.

    A document already stored with the same text keeps what it has: its brat
    annotations are not added a second time (that would double every span), and
    the caller is told so.
    """
    from store.errors import StoreError
    from store.records.documents import add_document, sha256_bytes

    data = open(txt_path, "rb").read()
    try:
        text = decode_brat_text(data)
    except UnicodeDecodeError as exc:
        raise StoreError(f"{txt_path}: not UTF-8 (brat texts are UTF-8): {exc.reason} "
                         f"at byte {exc.start}") from None
    try:
        ann = open(ann_path, "rb").read().decode("utf-8-sig")  # a BOM before the first id is not part of it
    except UnicodeDecodeError as exc:
        raise StoreError(f"{ann_path}: not UTF-8: {exc.reason} at byte {exc.start}") from None
    parsed = brat.parse_ann(ann, text, file=str(ann_path))
    from pathlib import Path

    added = add_document(db, text=text, bytes_sha256=sha256_bytes(data), encoding="utf-8",
                         actor=actor, title=Path(txt_path).stem, source=str(txt_path))
    if not added.created:
        has = db.execute("SELECT (SELECT COUNT(*) FROM spans WHERE document_id = :d)"
                         " + (SELECT COUNT(*) FROM relations WHERE document_id = :d)",
                         {"d": added.id}).fetchone()[0]
        if has:
            return PairImport(added.id, False, None, [brat.Problem(
                str(ann_path), 0, "this text is already stored with annotations; "
                "the .ann was not imported again")])
    stored = store_ann(db, added.id, text, parsed, actor, file=str(ann_path))
    return PairImport(added.id, added.created, stored, stored.problems)


def prepare_pair(txt_path, ann_path, *, actor: str, source: str):
    """The importer's outcome for a brat `.txt` + `.ann` pair (see store.ingest.importer).

    The text is decoded as brat does (UTF-8, nothing translated) so brat's offsets
    hold; the `.ann` is parsed and checked now (reading never writes), and stored
    by `after_store` once the document has its id.  Each problem becomes a warning
    `FILE.ann:LINE: ...`, reported after the batch is stored.
    """
    from store.errors import StoreError
    from store.ingest.outcomes import Prepared, Refused
    from store.ingest.paths import shown
    from store.ingest.prepare import prepare_text
    from store.records.decoding import check_text
    from store.records.documents import sha256_bytes

    label = shown(txt_path)
    try:
        data = open(txt_path, "rb").read()
        ann = open(ann_path, "rb").read()
    except OSError as exc:
        return Refused(label, f"cannot be read ({exc.strerror or exc})")
    try:
        text = decode_brat_text(data)
    except UnicodeDecodeError as exc:
        return Refused(label, f"is not UTF-8, which brat texts are ({exc.reason} at byte {exc.start})")
    try:
        check_text(text)  # the same refusals as any text file: empty, blank, binary
    except StoreError as exc:
        return Refused(label, str(exc))
    try:
        ann_text = ann.decode("utf-8-sig")  # a BOM before the first id is not part of it
    except UnicodeDecodeError as exc:
        return Refused(shown(ann_path), f"is not UTF-8 ({exc.reason} at byte {exc.start})")
    ann_label = shown(ann_path)
    parsed = brat.parse_ann(ann_text, text, file=ann_label)
    prepared: Prepared = prepare_text(text, label=label, actor=actor, bytes_sha256=sha256_bytes(data),
                                      encoding="utf-8", bom=False, source=source)

    def warn(where: str, message: str) -> None:
        prepared.later.append(lambda reporter: reporter.warning(where, message))

    def not_stored(where: str, message: str) -> None:
        # Part of the input left out: the run's summary and exit status must say so.
        prepared.later.append(lambda reporter: reporter.not_stored(where, message))

    def after_store(db, document_id, created):
        if not created and db.execute(
                "SELECT 1 FROM spans WHERE document_id = ? UNION ALL "
                "SELECT 1 FROM relations WHERE document_id = ? LIMIT 1",
                [document_id, document_id]).fetchone():
            not_stored(ann_label, "this text is already stored with annotations; "
                       "the .ann was not imported again")
            return
        stored = store_ann(db, document_id, text, parsed, actor, file=ann_label)
        for p in stored.problems:
            not_stored(f"{p.file}:{p.line}", p.message)

    prepared.after_store = after_store
    return prepared
