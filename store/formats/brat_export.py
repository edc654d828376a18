"""A stored document's annotations as brat standoff (`.txt` + `.ann`), for `export --format brat`.

The way in is `store.ingest.brat_pairs`; the `.ann` syntax itself is `store.formats.brat`.

Export writes brat ids afresh (T1.., E1.., R1.., A1.., N1.., #1..).  Besides
what came from brat, our own records are written too:
- every span is a T with its label (a span crossing a line break becomes a
  discontinuous T without the line break: an `.ann` line cannot hold one);
- an event with a trigger span is an E of type sub_event_type (else
  event_type) whose trigger is a T of that same type over the trigger span
  (brat refuses an event whose trigger has another type; the span's own T keeps
  its label), and one argument per evidence link, the role
  named after the field (Date, Place, Actor1, Actor2, ...; repeated roles
  numbered Place2, Place3 as brat does), plus `A Status E1 approved`;
- a claim is an E `Claim` whose trigger is its cue span, with Speaker, Content
  and Event arguments; a claim with no cue but a speaker and content is an R
  `Claim Arg1:speaker Arg2:content` (brat relations are binary); Polarity,
  Certainty and Topic become valued attributes.  Anything that cannot be
  expressed (an event with no trigger span, an orphaned span) is listed in the
  export's `skipped`, never dropped in silence.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import sqlite_utils

from store.formats import brat, brat_conf

#: Event field -> brat role name for our own events' evidence.
FIELD_ROLES = {
    "trigger": None,  # the E's trigger, not an argument
    "date": "Date", "date_start": "Date", "date_end": "DateEnd",
    "location": "Place", "country": "Country", "admin1": "Admin1", "admin2": "Admin2",
    "admin3": "Admin3",
    "actor1": "Actor1", "assoc_actor_1": "AssocActor1",
    "actor2": "Actor2", "assoc_actor_2": "AssocActor2",
    "killed": "Fatalities", "injured": "Injured",
}


@dataclass
class BratExport:
    text: str
    annotations: list[brat.Annotation]
    skipped: list[str] = field(default_factory=list)

    @property
    def ann(self) -> str:
        return brat.write_ann(self.annotations)


class _Ids:
    """Fresh brat ids per prefix: T1, T2, ..."""

    def __init__(self):
        self._next: dict[str, int] = {}

    def __call__(self, prefix: str) -> str:
        n = self._next.get(prefix, 0) + 1
        self._next[prefix] = n
        return f"{prefix}{n}"


def _numbered(roles_seen: dict[str, int], role: str) -> str:
    """brat's numbering of a repeated role: Place, Place2, Place3."""
    n = roles_seen.get(role, 0) + 1
    roles_seen[role] = n
    return role if n == 1 else f"{role}{n}"


def export_document(db: sqlite_utils.Database, document_id: str) -> BratExport:
    """The document's text and every annotation on it, as brat annotations."""
    text = db.execute("SELECT text FROM documents WHERE id = ?", [document_id]).fetchone()[0]
    out = BratExport(text=text, annotations=[])
    ids = _Ids()
    tid: dict[str, str] = {}  # span id (any fragment) -> T id
    spans = list(db.query(
        'SELECT rowid AS _rowid, * FROM spans WHERE document_id = ? ORDER BY start, "end", created_at, rowid',
        [document_id]))
    groups: dict[str, list[dict]] = {}
    order: list[str] = []
    for s in spans:
        if s["anchor"] == "orphaned" or s["start"] is None:
            out.skipped.append(f"span {s['id']} ({s['label']}: {s['quote']!r}) is orphaned; no T written")
            continue
        key = s["group_id"] or s["id"]
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(s)
    for key in order:
        # Fragments in the order they were given (brat keeps that order), not sorted.
        rows = sorted(groups[key], key=lambda s: s["_rowid"])
        fragments = []
        for s in rows:
            fragments.extend(brat.line_fragments(text, s["start"], s["end"]))
        t = brat.TextBound(ids("T"), brat.safe_type(rows[0]["label"]), fragments,
                           brat.fragment_text(text, fragments))
        out.annotations.append(t)
        for s in rows:
            tid[s["id"]] = t.id

    relations = list(db.query(
        "SELECT * FROM relations WHERE document_id = ? ORDER BY rowid", [document_id]))
    ref: dict[str, str] = dict(tid)
    for r in relations:
        if r["kind"] == "event":
            ref[r["id"]] = ids("E")
        elif r["kind"] == "relation":
            ref[r["id"]] = ids("R")
    events = list(db.query("SELECT * FROM events WHERE document_id = ? ORDER BY created_at, rowid",
                           [document_id]))
    evidence = {}
    for e in events:
        evidence[e["id"]] = list(db.query(
            "SELECT field, span_id FROM event_evidence WHERE event_id = ? ORDER BY created_at, rowid",
            [e["id"]]))
        trigger = next((x["span_id"] for x in evidence[e["id"]]
                        if x["field"] == "trigger" and x["span_id"] in tid), None)
        if trigger:
            ref[e["id"]] = ids("E")
        else:
            out.skipped.append(f"event {e['id']} has no trigger span; no E written (brat events need a trigger)")
    for r in relations:
        args = json.loads(r["arguments"])
        missing = [a["target"] for a in args if a["target"] not in ref]
        if r["trigger_span_id"] is not None and r["trigger_span_id"] not in ref:
            missing.append(r["trigger_span_id"])
        if missing:
            out.skipped.append(f"{r['kind']} {r['source_ref'] or r['id']} points at "
                               f"{', '.join(missing)}, which cannot be written")
            ref.pop(r["id"], None)
            continue
        pairs = [(a["role"], ref[a["target"]]) for a in args]
        if r["kind"] == "event":
            out.annotations.append(brat.Event(ref[r["id"]], r["type"], ref[r["trigger_span_id"]], pairs))
        elif r["kind"] == "relation":
            out.annotations.append(brat.Relation(ref[r["id"]], r["type"], pairs))
        else:
            out.annotations.append(brat.Equiv(r["type"], [t for _, t in pairs]))

    # brat refuses an event whose trigger T has another type than the event, and a
    # trigger that anything but events (and relations) points at: so each of our
    # triggers gets its own T typed as its event, beside the span's own T.
    by_t = {a.id: a for a in out.annotations if isinstance(a, brat.TextBound)}
    triggers: dict[tuple[str, str], str] = {}

    def trigger_t(span_id: str, etype: str) -> str:
        own = by_t[tid[span_id]]
        if own.type == etype:
            return own.id
        if (own.id, etype) not in triggers:
            t = brat.TextBound(ids("T"), etype, list(own.fragments), own.text)
            out.annotations.append(t)
            triggers[(own.id, etype)] = t.id
        return triggers[(own.id, etype)]

    attrs: list[brat.Annotation] = []
    for e in events:
        if e["id"] not in ref:
            continue
        links = evidence[e["id"]]
        trigger = next(x["span_id"] for x in links if x["field"] == "trigger" and x["span_id"] in tid)
        seen: dict[str, int] = {}
        pairs = []
        for x in links:
            if x["span_id"] == trigger and x["field"] == "trigger":
                continue
            if x["span_id"] not in tid:
                out.skipped.append(f"event {e['id']} {x['field']} evidence {x['span_id']} has no T")
                continue
            role = FIELD_ROLES.get(x["field"]) or brat.safe_type(x["field"].title().replace("_", ""))
            pairs.append((_numbered(seen, role), tid[x["span_id"]]))
        etype = brat.safe_type(e["sub_event_type"] or e["event_type"] or "Event")
        out.annotations.append(brat.Event(ref[e["id"]], etype, trigger_t(trigger, etype), pairs))
        attrs.append(brat.Attribute(ids("A"), "Status", ref[e["id"]], e["status"]))

    for c in db.query("SELECT * FROM claims WHERE document_id = ? ORDER BY created_at, rowid",
                      [document_id]):
        speaker, cue, content = (tid.get(c["speaker_span_id"]), tid.get(c["cue_span_id"]),
                                 tid.get(c["content_span_id"]))
        if cue:
            pairs = [(role, t) for role, t in (("Speaker", speaker), ("Content", content)) if t]
            if c["event_id"] in ref:
                pairs.append(("Event", ref[c["event_id"]]))
            claim = brat.Event(ids("E"), "Claim", trigger_t(c["cue_span_id"], "Claim"), pairs)
        elif speaker and content:
            claim = brat.Relation(ids("R"), "Claim", [("Arg1", speaker), ("Arg2", content)])
        else:
            out.skipped.append(f"claim {c['id']} has no cue span and not both speaker and "
                               "content spans; no brat form for it")
            continue
        out.annotations.append(claim)
        attrs.append(brat.Attribute(ids("A"), "Polarity", claim.id, c["polarity"]))
        attrs.append(brat.Attribute(ids("A"), "Certainty", claim.id, c["certainty"]))
        if c["topic"]:
            attrs.append(brat.Attribute(ids("A"), "Topic", claim.id, brat.safe_type(c["topic"])))

    for a in db.query("SELECT * FROM attributes WHERE document_id = ? ORDER BY rowid", [document_id]):
        target = ref.get(a["target_id"])
        if target is None:
            out.skipped.append(f"{a['kind']} {a['source_ref'] or a['id']} points at "
                               f"{a['target_id']}, which was not written")
            continue
        if a["kind"] == "attribute":
            attrs.append(brat.Attribute(ids("A"), a["name"], target, a["value"]))
        elif a["kind"] == "normalization":
            attrs.append(brat.Normalization(ids("N"), a["name"], target, a["value"], a["text"] or ""))
        else:
            attrs.append(brat.Note(ids("#"), a["name"], target, a["value"] or ""))
    out.annotations.extend(attrs)
    return out


def file_stem(document: dict, taken: set[str]) -> str:
    """A file name for a document: its source file's name, else its title, else its id;
    no path separators or control characters, and unique in the folder."""
    import re
    from pathlib import PurePath

    name = PurePath(document.get("source") or "").name  # "a.txt", or "feed.jsonl:12"
    base = name[:-4] if name.lower().endswith(".txt") else name
    base = base or document.get("title") or document["id"]
    # Keep the original name (a corpus is compared file by file); only what cannot be in a
    # file name, or would hide the file, is replaced.
    stem = re.sub(r"[/\\\x00-\x1f\x7f-\x9f]", "_", base).lstrip(".")[:120].rstrip() or document["id"]
    from store.formats.atomic import unique_name

    doc_id = document["id"]
    return unique_name(stem, doc_id, taken, variants=[f"{stem}-{doc_id[:8]}", f"{stem}-{doc_id}"])


def write_folder(db: sqlite_utils.Database, folder, warn=None) -> int:
    """Each document as `<name>.txt` (its exact text as UTF-8) and `<name>.ann`.

    Each file is written atomically (temporary file, then rename), so a failed
    export never leaves a half-written file; what could not be written as brat
    is told through `warn`, one line each.
    """
    from pathlib import Path

    from store.formats.atomic import remove_stale_temporaries, write_bytes
    from store.formats.progress import tracked

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(folder)
    # Documents streamed from SQL, each written as it is read: memory stays flat.
    count = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    docs = db.query("SELECT id, title, source FROM documents ORDER BY rowid")
    taken: set[str] = set()
    types = brat_conf.BratTypes()
    written = 0
    for doc in tracked(docs, count, "brat"):
        written += 1
        stem = file_stem(doc, taken)
        exported = export_document(db, doc["id"])
        write_bytes(folder / f"{stem}.txt", exported.text.encode("utf-8", "surrogatepass"))
        write_bytes(folder / f"{stem}.ann", exported.ann.encode("utf-8"))
        types.add(brat.parse_ann(exported.ann))
        for message in exported.skipped:
            if warn:
                warn(f"{stem}.ann: {message}")
    # brat shows only declared types: declare every one the folder uses.
    write_bytes(folder / "annotation.conf", brat_conf.annotation_conf(types).encode("utf-8"))
    write_bytes(folder / "visual.conf", brat_conf.visual_conf(types).encode("utf-8"))
    return written


from store.formats import Exporter, register  # noqa: E402  (the registry imports this module by name)

register(Exporter("brat", "brat standoff: DIR/<name>.txt + <name>.ann per document", "folder",
                  write_folder, options=("warn",)))
