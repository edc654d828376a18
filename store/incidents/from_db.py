"""Candidate reports built from the database, and the candidates they give.

A document's report: its `published` date as the article date, its outlet,
its text and the places named in it (`place_names`, a capitalised name after
"in", "near", "town of"...); when the document has coded events, the first
coded event's grounded dates and divisions as well. An event's report: its
grounded dates, divisions, coordinates, type and actors, and as text its
evidence with the words around it (the article text when it has none).

"Not the same" decisions (`records.incidents.rejected_pairs`) are never
proposed again. Reads only: nothing here writes.
"""

from __future__ import annotations

import re

import sqlite_utils

from store.incidents.candidates import Candidate, CandidateIndex
from store.incidents.reports import Report
from store.records.incidents import rejected_pairs

# A capitalised name (with Arabic-article joins: Deir al-Zour, Ras al-Ain)
# right after a word that introduces a place, on one line.
_PLACE = re.compile(
    r"\b(?:in|near|outside|around|(?:town|city|village|province|countryside) of) "
    r"((?:[A-Z][a-z][\w-]*)(?: (?:al|el|ez|ad|as|ash)-[A-Z]\w+| [A-Z][a-z][\w-]*)*)"
)
#: Characters of context kept around each evidence span of an event's text.
CONTEXT_CHARS = 400


def place_names(text: str) -> tuple[str, ...]:
    """Capitalised names that follow a place word, first occurrence order."""
    return tuple(dict.fromkeys(_PLACE.findall(text or "")))


def _coded(event: dict) -> dict:
    keys = ("date_start", "date_end", "country", "admin1", "admin2", "location",
            "latitude", "longitude", "event_type")
    return {k: event[k] for k in keys if event.get(k) not in (None, "")}


def document_reports(db: sqlite_utils.Database) -> list[Report]:
    coded: dict[str, dict] = {}
    for event in db.query("SELECT * FROM events ORDER BY created_at, rowid"):
        fields = _coded(event)
        if fields and event["document_id"] not in coded:
            coded[event["document_id"]] = fields
    reports = []
    for doc in db.query("SELECT id, outlet, published, text FROM documents ORDER BY imported_at, rowid"):
        if db.execute("SELECT 1 FROM documents WHERE supersedes = ?", [doc["id"]]).fetchone():
            continue  # an older version of a revised article is not a report of its own
        fields = coded.get(doc["id"], {})
        reports.append(Report(
            key=doc["id"], document_id=doc["id"], outlet=doc["outlet"],
            article_date=doc["published"], text=doc["text"], place_names=place_names(doc["text"]),
            **fields))
    return reports


def _event_text(db, event: dict, text: str) -> str:
    pieces = []
    for start, end in db.execute(
            'SELECT s.start, s."end" FROM event_evidence x JOIN spans s ON s.id = x.span_id'
            " WHERE x.event_id = ? AND s.start IS NOT NULL ORDER BY s.start", [event["id"]]):
        pieces.append(text[max(0, start - CONTEXT_CHARS):end + CONTEXT_CHARS])
    return "\n".join(pieces) if pieces else text


def event_report(db: sqlite_utils.Database, event: dict) -> Report:
    doc = db.execute("SELECT outlet, published, text FROM documents WHERE id = ?",
                     [event["document_id"]]).fetchone()
    outlet, published, text = doc if doc else (None, None, "")
    actors = tuple(a for a in (event.get("actor1"), event.get("actor2")) if a)
    return Report(
        key=event["id"], document_id=event["document_id"], outlet=outlet, article_date=published,
        date_start=event.get("date_start"), date_end=event.get("date_end"),
        country=event.get("country"), admin1=event.get("admin1"), admin2=event.get("admin2"),
        location=event.get("location"), latitude=event.get("latitude"),
        longitude=event.get("longitude"), event_type=event.get("event_type"), actors=actors,
        text=_event_text(db, event, text), place_names=place_names(text))


def event_reports(db: sqlite_utils.Database) -> list[Report]:
    return [event_report(db, e) for e in db.query("SELECT * FROM events ORDER BY created_at, rowid")]


def index(db: sqlite_utils.Database, events: bool = False,
          reports: list[Report] | None = None) -> CandidateIndex:
    if reports is None:
        reports = event_reports(db) if events else document_reports(db)
    return CandidateIndex(reports, rejected=rejected_pairs(db))


def _linked_together(db) -> set[frozenset[str]]:
    pairs = set()
    groups: dict[str, list[str]] = {}
    for event_id, incident_id in db.execute("SELECT event_id, incident_id FROM incident_members"):
        groups.setdefault(incident_id, []).append(event_id)
    for members in groups.values():
        pairs.update(frozenset((a, b)) for a in members for b in members if a < b)
    return pairs


#: The status (CandidateIndex.status) of a report that nothing can be compared with.
COMPARED_WITH_NOTHING = "no date and no place: compared with nothing; link it by hand"


def suggest(db: sqlite_utils.Database, events: bool = False, likely_only: bool = False,
            include_linked: bool = True, lost: list[str] | None = None) -> list[Candidate]:
    """Every candidate pair blocking keeps, likely first, then by score; `lost`, when given,
    hears the keys of the reports with no date and no place (compared with nothing)."""
    reports = event_reports(db) if events else document_reports(db)
    built = index(db, events, reports)
    if lost is not None:
        lost.extend(r.key for r in reports if built.status(r) == COMPARED_WITH_NOTHING)
    found = list(built.all_pairs())
    if events and not include_linked:
        linked = _linked_together(db)
        found = [c for c in found if frozenset((c.a, c.b)) not in linked]
    if likely_only:
        found = [c for c in found if c.likely]
    return sorted(found, key=lambda c: (not c.likely, -c.score, c.a, c.b))


def document_report(db: sqlite_utils.Database, document_id: str) -> Report | None:
    """One document's report, read alone (a new article asked about)."""
    row = db.execute("SELECT id, outlet, published, text FROM documents WHERE id = ?",
                     [document_id]).fetchone()
    if row is None:
        return None
    coded = next((f for f in map(_coded, db.query(
        "SELECT * FROM events WHERE document_id = ? ORDER BY created_at, rowid", [document_id])) if f), {})
    return Report(key=row[0], document_id=row[0], outlet=row[1], article_date=row[2], text=row[3],
                  place_names=place_names(row[3]), **coded)


def candidates_for_document(db: sqlite_utils.Database, document_id: str,
                            built: CandidateIndex | None = None, limit: int = 20) -> list[Candidate]:
    """A new (or any) article's candidates among the database's articles; `built` is an
    index of them made earlier (the screen keeps one), else one is built now."""
    report = document_report(db, document_id)
    if report is None:
        return []
    built = built or index(db)
    return built.candidates_for(report, limit)
