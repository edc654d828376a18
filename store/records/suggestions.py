"""Suggestions stored per document, and the rejections a coder made.

A document's suggestions are computed by `store.suggest.run.suggest_document`
and stored whole (one short transaction per document, or per batch): one
`suggestion_runs` row per document, whose `body` is a JSON list of the
suggestions in reading order, each [label, start, end, quote, value, why,
suggester, parts] (parts: a claim's speaker, cue and content). One row, not a
row per suggestion: a batch run stores about 80 per article, and three index
entries per suggestion were most of its storing time. They are a derived
cache, not a person's work: recomputing replaces them, and nothing a coder did
lives there. What a coder did lives elsewhere:

- accepting one makes a span (`spans.suggested_by` names the suggester, the
  coder is the author); a stored suggestion with a span on exactly its words
  is no longer *pending*;
- rejecting one adds a row to `suggestion_rejections` keyed by document,
  label and folded words (`store.suggest.run.rejection_key`), so the same
  words with that label are never offered again in that document, however
  often the suggestions are recomputed.

Ids are a hash of document, label and offsets, worked out when read, so they
survive a recompute.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable, Iterator

import sqlite_utils

from store.db.connection import transaction, utc_now
from store.db.fair import Slicer
from store.errors import StoreError
from store.records import history, people, suggest_process
from store.suggest.base import Suggestion
from store.suggest.learned import LearnedPatterns
from store.suggest.run import DEFAULT_CAP, rejection_key, suggest_document

#: The most suggestions kept for one document (a place list, every word capitalised).
CAP = DEFAULT_CAP
#: Documents per transaction in a batch run: short, so a coder's save never waits long.
BATCH = 200
#: The labels whose accepted spans teach the actor suggester.
ACTOR_LABELS = ("Actor", "Target")

def suggestion_id(document_id: str, label: str, start: int, end: int) -> str:
    digest = hashlib.sha256(f"{document_id}\x00{label}\x00{start}\x00{end}".encode()).hexdigest()
    return digest[:20]


# One encoder for every value: json.dumps with options builds a new one per call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str)


def _body(found: list[Suggestion]) -> tuple[str, int]:
    """The document's suggestions as the stored JSON list, in reading order, one per
    label and offsets (the first kept), and how many."""
    kept: dict[tuple[str, int, int], list] = {}
    for s in found:
        key = (s.label, s.start, s.end)
        if key not in kept:
            kept[key] = [s.label, s.start, s.end, s.quote, s.value, s.why, s.suggester,
                         [p.as_json() for p in s.parts] if s.parts else None]
    rows = sorted(kept.values(), key=lambda r: (r[1], r[2], r[0]))
    return _ENCODER.encode(rows), len(rows)


def _decode(document_id: str, row: list) -> dict:
    label, start, end, quote, value, why, suggester, parts = row
    return {"id": suggestion_id(document_id, label, start, end), "document_id": document_id,
            "label": label, "start": start, "end": end, "quote": quote, "value": value,
            "why": why, "suggester": suggester, "parts": parts or []}


# --- what goes into a computation ------------------------------------------------------------


def learned_patterns(db: sqlite_utils.Database) -> LearnedPatterns:
    """Every placed span a coder made, as the learned suggester's patterns."""
    return LearnedPatterns(
        {"label": label, "quote": quote, "author": author}
        for label, quote, author in db.execute(
            "SELECT label, quote, author FROM spans WHERE start IS NOT NULL"
            " AND label NOT IN ('Claim', 'Content', 'Cue', 'Speaker')"))


def accepted_actors(db: sqlite_utils.Database) -> tuple[str, ...]:
    marks = ",".join("?" * len(ACTOR_LABELS))
    return tuple(q for (q,) in db.execute(
        f"SELECT DISTINCT quote FROM spans WHERE label IN ({marks}) AND start IS NOT NULL",
        ACTOR_LABELS))


def rejected_keys(db: sqlite_utils.Database, document_id: str) -> frozenset:
    return frozenset(
        (label, pattern) for label, pattern in db.execute(
            "SELECT label, pattern FROM suggestion_rejections WHERE document_id = ?",
            [document_id]))


class Context:
    """What a computation needs beyond the text, read once for a batch."""

    def __init__(self, db: sqlite_utils.Database, gazetteer=None, cap: int = CAP):
        self.gazetteer = gazetteer if gazetteer is not None and getattr(
            gazetteer, "available", False) else None
        self.learned = learned_patterns(db)
        self.actors = accepted_actors(db)
        self.cap = cap

    @classmethod
    def of(cls, gazetteer, learned: LearnedPatterns, actors: tuple[str, ...], cap: int = CAP) -> Context:
        """A context from its parts (no database), as the helper process rebuilds it."""
        context = cls.__new__(cls)
        context.gazetteer, context.learned, context.actors, context.cap = gazetteer, learned, actors, cap
        return context

    def spec(self) -> tuple:
        """What the helper process needs to rebuild this context: the gazetteer's index
        path and editor places, the learned patterns, the accepted actors, the cap."""
        gazetteer = self.gazetteer
        path = str(gazetteer.path) if gazetteer is not None and gazetteer.path is not None else None
        extras = tuple(getattr(gazetteer, "_extras", ())) if gazetteer is not None else ()
        return path, extras, self.learned, self.actors, self.cap


def compute(text: str, *, published: str | None, rejected: frozenset, context: Context) -> list[Suggestion]:
    """One document's suggestions (pure, no I/O): capped, rejected ones left out.

    A text of `ISOLATE_CHARS` or more is computed in a helper process
    (store/records/suggest_process.py), so a 1 MB article computed beside the
    workstation's UI does not hold the interpreter lock the UI needs for its keys;
    the suggestions are the same as computed here."""
    if len(text) >= suggest_process.ISOLATE_CHARS:
        found = suggest_process.compute_isolated(_compute_in_helper, text, published, rejected,
                                                 context.spec())
        if found is not None:
            return found
    return compute_here(text, published=published, rejected=rejected, context=context)


def _compute_in_helper(text: str, published, rejected: frozenset, spec: tuple):
    """In the helper process (store/records/suggest_process.py): `compute_here` with the
    context rebuilt from its picklable `spec`."""
    path, extras, learned, actors, cap = spec
    context = Context.of(suggest_process.gazetteer(path, extras), learned, actors, cap)
    return compute_here(text, published=published, rejected=rejected, context=context)


def compute_here(text: str, *, published: str | None, rejected: frozenset,
                 context: Context) -> list[Suggestion]:
    """`compute` in this thread. A long text is read in pieces cut at line ends (or
    spaces, for one long line), stopping at the cap."""
    found: list[Suggestion] = []
    for offset, piece in pieces(text):
        for s in suggest_document(piece, dct=published or None, gazetteer=context.gazetteer,
                                  learned=context.learned if len(context.learned) else None,
                                  accepted_actors=context.actors, rejected=rejected,
                                  cap=context.cap - len(found)):
            found.append(_shift(s, offset) if offset else s)
        if len(found) >= context.cap:
            break
        time.sleep(0)  # let the UI thread run
    return found


#: Texts longer than this are read in pieces of about this size.
PIECE_CHARS = 16_384


def pieces(text: str, size: int = PIECE_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, piece) pairs covering `text`, each cut after a line end when there is one
    in the second half of the piece, else after a space, else at `size`."""
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = text.rfind("\n", start + size // 2, end)
            if cut < 0:
                cut = text.rfind(" ", start + size // 2, end)
            if cut >= 0:
                end = cut + 1
        yield start, text[start:end]
        start = end


def _shift(s: Suggestion, offset: int) -> Suggestion:
    return s._replace(start=s.start + offset, end=s.end + offset,
                      parts=tuple(_shift(p, offset) for p in s.parts))


# --- storing ----------------------------------------------------------------------------------


def store(db: sqlite_utils.Database, document_id: str, found: list[Suggestion], *,
          capped: bool = False, places: bool = False) -> int:
    """Replace a document's stored suggestions with `found` (one transaction)."""
    with transaction(db):
        _replace(db, document_id, found, capped, places)
    return len(found)


def _replace(db, document_id: str, found: list[Suggestion], capped: bool, places: bool) -> None:
    body, count = _body(found)
    db.execute(
        "INSERT OR REPLACE INTO suggestion_runs (document_id, computed_at, count, capped, places, body)"
        " VALUES (?, ?, ?, ?, ?, ?)", [document_id, utc_now(), count, int(capped), int(places), body])


def compute_and_store(db: sqlite_utils.Database, document_id: str, *, gazetteer=None,
                      context: Context | None = None) -> int:
    """Compute one document's suggestions now and store them; returns how many."""
    context = context or Context(db, gazetteer)
    row = db.execute("SELECT text, published FROM documents WHERE id = ?", [document_id]).fetchone()
    if row is None:
        raise StoreError(f"no document with id {document_id}")
    # Rejected ones are stored too and left out when read (`pending`), so taking a
    # rejection back offers the suggestion again without recomputing.
    found = compute(row[0], published=row[1], rejected=frozenset(), context=context)
    return store(db, document_id, found, capped=len(found) >= context.cap,
                 places=context.gazetteer is not None)


def needing_suggestions(db: sqlite_utils.Database, *, places: bool = False) -> list[str]:
    """Documents never computed (or, with `places`, computed without the gazetteer)."""
    sql = ("SELECT d.id FROM documents d LEFT JOIN suggestion_runs r ON r.document_id = d.id"
           " WHERE r.document_id IS NULL")
    if places:
        sql += " OR r.places = 0"
    return [i for (i,) in db.execute(sql + " ORDER BY d.imported_at, d.id")]


def compute_batch(db: sqlite_utils.Database, document_ids: Iterable[str], *, gazetteer=None,
                  progress: Callable[[int], None] | None = None, batch: int = BATCH,
                  skip_computed: bool = False) -> int:
    """Compute and store suggestions for many documents, `batch` read at a time and
    stored in ~10 ms transactions (store/db/fair.py), so a coder's save gets in between.

    The texts are read a batch at a time, so memory does not grow with the corpus.
    With `skip_computed`, a document computed meanwhile (the workstation opened it)
    is left as it is. Returns the number of documents done."""
    context = Context(db, gazetteer)
    slicer = Slicer()
    ids = list(document_ids)
    done = 0
    for first in range(0, len(ids), batch):
        chunk = ids[first:first + batch]
        marks = ",".join("?" * len(chunk))
        texts = {i: (t, p) for i, t, p in db.execute(
            f"SELECT id, text, published FROM documents WHERE id IN ({marks})", chunk)}
        results = []
        for document_id in chunk:
            if document_id not in texts:
                continue
            text, published = texts[document_id]
            found = compute(text, published=published, rejected=frozenset(), context=context)
            results.append((document_id, found))
        def write(part) -> list:
            with transaction(db):
                for document_id, found in part:
                    if skip_computed and is_computed(db, document_id):
                        continue
                    _replace(db, document_id, found, len(found) >= context.cap,
                             context.gazetteer is not None)
            return []

        for _ in slicer.run(results, write):  # ~10 ms transactions, a save gets in between
            pass
        done += len(results)
        if progress is not None:
            progress(done)
    return done


# --- reading ----------------------------------------------------------------------------------


def is_computed(db: sqlite_utils.Database, document_id: str) -> bool:
    return db.execute("SELECT 1 FROM suggestion_runs WHERE document_id = ?",
                      [document_id]).fetchone() is not None


def get_suggestion(db: sqlite_utils.Database, document_id: str, suggestion_id_: str) -> dict:
    """The document's stored suggestion with that id."""
    for suggestion in stored(db, document_id):
        if suggestion["id"] == suggestion_id_:
            return suggestion
    raise StoreError(f"no suggestion with id {suggestion_id_} in this document"
                     " (recomputed since, or another document's?)")


def stored(db: sqlite_utils.Database, document_id: str) -> list[dict]:
    """Every stored suggestion of the document, in reading order."""
    row = db.execute("SELECT body FROM suggestion_runs WHERE document_id = ?",
                     [document_id]).fetchone()
    if row is None:
        return []
    return [_decode(document_id, r) for r in json.loads(row[0])]


def pending(db: sqlite_utils.Database, document_id: str) -> list[dict]:
    """The suggestions still to decide: not rejected, no span on exactly their words."""
    rejected = rejected_keys(db, document_id)
    taken = {(a, b) for a, b in db.execute(
        'SELECT start, "end" FROM spans WHERE document_id = ? AND start IS NOT NULL',
        [document_id])}
    return [s for s in stored(db, document_id)
            if (s["start"], s["end"]) not in taken
            and rejection_key(s["label"], s["quote"]) not in rejected]


def iter_stored(db: sqlite_utils.Database, document_ids: Iterable[str]) -> Iterator[tuple[str, list[dict]]]:
    for document_id in document_ids:
        yield document_id, pending(db, document_id)


# --- rejections -------------------------------------------------------------------------------


def reject(db: sqlite_utils.Database, document_id: str, label: str, quote: str, actor: str) -> dict:
    """Remember that `label` on these words is not wanted in this document."""
    _, pattern = rejection_key(label, quote)
    row = {"document_id": document_id, "label": label, "pattern": pattern,
           "rejected_by": actor, "rejected_at": utc_now()}
    with transaction(db):
        people.require(db, actor, "annotate", "rejecting suggestions")
        db["suggestion_rejections"].insert(row, replace=True)
        history.record(db, actor=actor, action="reject", entity="suggestion",
                       entity_id=document_id,
                       after=row)
    return row


def unreject(db: sqlite_utils.Database, document_id: str, label: str, quote: str, actor: str) -> None:
    _, pattern = rejection_key(label, quote)
    with transaction(db):
        people.require(db, actor, "annotate", "taking back a rejection")
        history.record(db, actor=actor, action="unreject", entity="suggestion", entity_id=document_id,
                       before={"document_id": document_id, "label": label, "pattern": pattern})
        db.execute("DELETE FROM suggestion_rejections WHERE document_id = ? AND label = ?"
                   " AND pattern = ?", [document_id, label, pattern])
