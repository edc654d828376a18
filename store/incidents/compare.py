"""Two reports side by side, for the incidents screen: reads only.

`screen_candidates(db)` is the screen's list: candidate pairs of coded events
(not yet in one incident), else of documents when nothing is coded. `side(db,
key)` is one report: its document, its event (when coded), each field's value
with its evidence in the words around it, and its claims with speaker, cue,
polarity and certainty. `compare(a, b)` marks the fields whose values differ
and groups both sides' claims by topic.
"""

from __future__ import annotations

import sqlite_utils

from store.grounding.folding import fold
from store.incidents import from_db
from store.incidents.store import CLAIM_TOPICS, claims_of
from store.records import incidents as records

COMPARED = ("event_type", "sub_event_type", "date", "date_start", "date_end", "location",
            "admin1", "admin2", "country", "actor1", "actor2", "killed", "fatalities_low",
            "fatalities_best", "fatalities_high", "injured")
CONTEXT = 60


def screen_candidates(db: sqlite_utils.Database) -> list[dict]:
    coded = db.execute("SELECT count(*) FROM events").fetchone()[0] > 1
    found = from_db.suggest(db, events=coded, include_linked=False)
    return [{**c.as_json(), "kind": "events" if coded else "documents"} for c in found]


def side(db: sqlite_utils.Database, key: str) -> dict:
    row = db.execute("SELECT id FROM events WHERE id = ?", [key]).fetchone()
    event = None
    if row:
        event = dict(next(iter(db.query("SELECT * FROM events WHERE id = ?", [key]))))
        document_id = event["document_id"]
    else:
        document_id = key
        rows = list(db.query("SELECT * FROM events WHERE document_id = ? ORDER BY created_at LIMIT 1",
                             [key]))
        event = rows[0] if rows else None
    doc = next(iter(db.query("SELECT id, title, outlet, published, text FROM documents WHERE id = ?",
                             [document_id])), None) or {"id": document_id, "title": None,
                                                         "outlet": None, "published": None, "text": ""}
    text = doc.pop("text")
    fields, evidence = {}, {}
    if event:
        fields = {f: event.get(f) for f in COMPARED}
        for field, start, end, quote in db.execute(
                'SELECT x.field, s.start, s."end", s.quote FROM event_evidence x JOIN spans s'
                " ON s.id = x.span_id WHERE x.event_id = ? AND s.start IS NOT NULL ORDER BY s.start",
                [event["id"]]):
            evidence.setdefault(field, []).append({
                "start": start, "end": end, "quote": quote,
                "before": text[max(0, start - CONTEXT):start], "after": text[end:end + CONTEXT]})
    return {"key": key, "document": doc, "event": event, "fields": fields, "evidence": evidence,
            "claims": claims_of(db, event["id"]) if event else [],
            "incident": records.incident_of(db, event["id"]) if event else None}


def _same(a, b) -> bool:
    if a in (None, "") or b in (None, ""):
        return a in (None, "") and b in (None, "")
    return fold(str(a)) == fold(str(b))


def compare(a: dict, b: dict) -> dict:
    differs = [f for f in COMPARED if not _same(a["fields"].get(f), b["fields"].get(f))]
    topics: dict[str, dict[str, list]] = {}
    for name, report in (("a", a), ("b", b)):
        for claim in report["claims"]:
            topic = claim.get("topic") or "other"
            topics.setdefault(topic, {"a": [], "b": []})[name].append(claim)
    order = {t: i for i, t in enumerate(CLAIM_TOPICS)}
    return {"differs": differs,
            "topics": dict(sorted(topics.items(), key=lambda kv: order.get(kv[0], len(order))))}


def pair(db: sqlite_utils.Database, a: str, b: str) -> dict:
    left, right = side(db, a), side(db, b)
    return {"a": left, "b": right, **compare(left, right)}
