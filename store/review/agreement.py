"""Agreement between annotators who coded the same document.

Spans: for each pair of annotators and each label, exact-match F1 (same start,
end and label) and overlap F1 (same label, the two runs share a character).
Treating one annotator as "predicted" and the other as "reference", precision
is the share of A's spans matched by B and recall the share of B's matched by
A; F1 is symmetric, so the order of the pair does not matter.

Fields: each annotator's events on a document are paired with the others' by
best field overlap, one event per annotator per unit.  Categorical fields get
Krippendorff's alpha (nominal metric, any number of coders, missing values
allowed); value fields (dates, places, names, numbers) get the exact match rate
over pairs of coders where at least one gave a value.

`disagreements` lists every unit and field where coders differ, and every span
only one of a pair marked (or marked with other boundaries), so an editor can
settle them.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Hashable, Iterable, Sequence

import sqlite_utils

#: Fields compared with Krippendorff's alpha (nominal).
CATEGORICAL_FIELDS = (
    "event_type", "sub_event_type", "actor1_kind", "actor2_kind",
    "time_precision", "geo_precision", "civilian_targeting", "grading",
)
#: Fields compared by exact match.
VALUE_FIELDS = (
    "trigger", "date", "date_start", "date_end", "location", "country", "admin1", "admin2",
    "actor1", "actor2", "fatalities_low", "fatalities_best", "fatalities_high",
    "injured_low", "injured_best", "injured_high",
)
ALL_LABELS = "(all labels)"


# --- Krippendorff's alpha -----------------------------------------------------------


def nominal_alpha(units: Iterable[Sequence[Hashable | None]]) -> float | None:
    """Krippendorff's alpha for nominal data.

    `units` holds, per unit, the value each coder gave (None = missing).  Units
    with fewer than two values cannot be paired and are left out.  Returns None
    when there is nothing to compare or every value is the same (the expected
    disagreement is zero and alpha is undefined).

        alpha = 1 - (n - 1) * sum_{c != k} o_ck / sum_{c != k} n_c * n_k

    with o_ck the coincidence matrix (each ordered pair of values within a
    unit, weighted 1 / (m_u - 1)) and n_c its marginals (Krippendorff 2011,
    "Computing Krippendorff's Alpha-Reliability").
    """
    coincidences: Counter = Counter()
    for unit in units:
        values = [v for v in unit if v is not None]
        m = len(values)
        if m < 2:
            continue
        for i, a in enumerate(values):
            for j, b in enumerate(values):
                if i != j:
                    coincidences[(a, b)] += 1 / (m - 1)
    totals: Counter = Counter()
    for (a, _), weight in coincidences.items():
        totals[a] += weight
    n = sum(totals.values())
    if n <= 1:
        return None
    observed = sum(w for (a, b), w in coincidences.items() if a != b)
    expected = sum(totals[a] * totals[b] for a in totals for b in totals if a != b)
    if expected == 0:
        return None
    return 1 - (n - 1) * observed / expected


# --- spans --------------------------------------------------------------------------


@dataclass(frozen=True)
class SpanScore:
    """One pair of annotators and one label: span counts and how many of each side were matched."""

    a: str
    b: str
    label: str
    count_a: int
    count_b: int
    exact_a: int  # A's spans B marked identically
    exact_b: int
    overlap_a: int  # A's spans overlapped by a B span with the same label
    overlap_b: int

    @property
    def exact_f1(self) -> float | None:
        return _f1(self.exact_a, self.count_a, self.exact_b, self.count_b)

    @property
    def overlap_f1(self) -> float | None:
        return _f1(self.overlap_a, self.count_a, self.overlap_b, self.count_b)

    def __add__(self, other: "SpanScore") -> "SpanScore":
        return SpanScore(self.a, self.b, self.label, *(
            getattr(self, f) + getattr(other, f)
            for f in ("count_a", "count_b", "exact_a", "exact_b", "overlap_a", "overlap_b")))


def _f1(matched_a: int, count_a: int, matched_b: int, count_b: int) -> float | None:
    if count_a == 0 and count_b == 0:
        return None
    if count_a == 0 or count_b == 0:
        return 0.0
    precision, recall = matched_a / count_a, matched_b / count_b
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def _overlaps(x: dict, y: dict) -> bool:
    return x["start"] < y["end"] and y["start"] < x["end"]


class _Sweep:
    """One annotator's spans of one label, sorted by start, for overlap questions in
    O(log n) each (and a short scan), not a pass over every span."""

    def __init__(self, spans: list[dict]):
        self.spans = sorted(spans, key=lambda t: t["start"])  # stable: the given order among ties
        self.starts = [t["start"] for t in self.spans]
        self.reach, best = [], -1  # reach[i]: the furthest end among spans[0..i]
        for t in self.spans:
            best = max(best, t["end"])
            self.reach.append(best)

    def first_overlap(self, s: dict) -> dict | None:
        """The first span (in start order) sharing a character with `s`, or None."""
        from bisect import bisect_right

        i = bisect_right(self.reach, s["start"])  # before i nothing reaches past s's start
        stop = bisect_left(self.starts, s["end"])  # from stop on, all start after s ends
        for t in self.spans[i:stop]:
            if t["end"] > s["start"]:
                return t
        return None

    def overlapped(self, mine: list[dict]) -> int:
        """How many of `mine` share a character with one of these spans."""
        count = 0
        for s in mine:
            i = bisect_left(self.starts, s["end"]) - 1  # the spans starting before s ends
            if i >= 0 and self.reach[i] > s["start"]:
                count += 1
        return count


def span_scores(spans_a: list[dict], spans_b: list[dict], a: str, b: str) -> list[SpanScore]:
    """Per label, then over all labels: exact and overlap matches between two annotators' spans."""
    by_a: dict[str, list[dict]] = defaultdict(list)
    by_b: dict[str, list[dict]] = defaultdict(list)
    for s in spans_a:
        by_a[s["label"]].append(s)
    for s in spans_b:
        by_b[s["label"]].append(s)
    scores = []
    for label in sorted(set(by_a) | set(by_b)):
        sa, sb = by_a.get(label, []), by_b.get(label, [])
        keys_a = {(s["start"], s["end"]) for s in sa}
        keys_b = {(s["start"], s["end"]) for s in sb}
        scores.append(SpanScore(
            a, b, label, len(sa), len(sb),
            sum((s["start"], s["end"]) in keys_b for s in sa),
            sum((s["start"], s["end"]) in keys_a for s in sb),
            _Sweep(sb).overlapped(sa), _Sweep(sa).overlapped(sb),
        ))
    if scores:
        total = scores[0]
        for score in scores[1:]:
            total = total + score
        scores.append(SpanScore(a, b, ALL_LABELS, *(
            getattr(total, f)
            for f in ("count_a", "count_b", "exact_a", "exact_b", "overlap_a", "overlap_b"))))
    return scores


# --- pairing events -----------------------------------------------------------------


def _norm(value):
    """Values compared for equality: text by content, not by case or surrounding space."""
    if isinstance(value, str):
        value = value.strip().casefold()
        return value or None
    return value


def _overlap_score(x: dict, y: dict) -> int:
    return sum(1 for f in CATEGORICAL_FIELDS + VALUE_FIELDS
               if _norm(x.get(f)) is not None and _norm(x.get(f)) == _norm(y.get(f)))


def pair_events(events_by_annotator: dict[str, list[dict]]) -> list[dict[str, dict]]:
    """Group one document's events into units: at most one event per annotator, best overlap first.

    Annotators are taken in order; each of their events joins the unit whose
    events share the most field values with it (greedily, best pairs first),
    or starts a unit of its own.
    """
    fields = CATEGORICAL_FIELDS + VALUE_FIELDS
    units: list[dict[str, dict]] = []
    # (field, normalised value) -> the (unit, member) pairs holding it: an event is scored
    # only against the units sharing a value with it, each value normalised once.
    postings: dict[tuple[str, object], list[tuple[int, str]]] = defaultdict(list)

    def values(event: dict) -> list[tuple[str, object]]:
        return [(f, v) for f in fields if (v := _norm(event.get(f))) is not None]

    for annotator in sorted(events_by_annotator):
        mine = events_by_annotator[annotator]
        candidates = []
        for ei, event in enumerate(mine):
            shared: Counter = Counter()
            for key in values(event):
                for ui, member in postings.get(key, ()):
                    shared[(ui, member)] += 1
            best: dict[int, int] = {}
            for (ui, _member), score in shared.items():
                best[ui] = max(best.get(ui, 0), score)
            candidates += [(-score, ei, ui) for ui, score in best.items()]
        candidates.sort()
        placed: set[int] = set()
        taken: set[int] = set()
        joined: list[tuple[int, int]] = []
        for neg_score, ei, ui in candidates:
            if ei in placed or ui in taken or neg_score == 0:
                continue
            units[ui][annotator] = mine[ei]
            placed.add(ei)
            taken.add(ui)
            joined.append((ui, ei))
        for ui, ei in joined:
            for key in values(mine[ei]):
                postings[key].append((ui, annotator))
        for ei, event in enumerate(mine):
            if ei not in placed:
                units.append({annotator: event})
                for key in values(event):
                    postings[key].append((len(units) - 1, annotator))
    return units


# --- the report ---------------------------------------------------------------------


@dataclass(frozen=True)
class FieldScore:
    field: str
    measure: str  # "alpha" or "exact match"
    value: float | None
    units: int  # how many units had at least two coders' values to compare


@dataclass(frozen=True)
class Disagreement:
    document_id: str
    what: str  # the field, or "span <label>"
    values: dict[str, object]  # annotator -> their value (None = left empty)
    event_ids: dict[str, str] = field(default_factory=dict)


@dataclass
class AgreementReport:
    documents: list[str]
    annotators: list[str]
    spans: list[SpanScore]
    fields: list[FieldScore]
    disagreements: list[Disagreement]


def _coded_documents(db: sqlite_utils.Database, document_id: str | None) -> dict[str, list[str]]:
    """Documents coded by two or more people -> who coded them (span authors and event creators)."""
    sql = ("SELECT document_id, author FROM spans{0} UNION"
           " SELECT document_id, created_by FROM events WHERE status != 'rejected'{1}")
    params: list = []
    if document_id is not None:  # one document: its rows by index, not every span's
        sql, params = sql.format(" WHERE document_id = ?", " AND document_id = ?"), [document_id] * 2
    else:
        sql = sql.format("", "")
    coders: dict[str, set[str]] = defaultdict(set)
    for doc, who in db.execute(sql, params):
        coders[doc].add(who)
    return {doc: sorted(who) for doc, who in coders.items() if len(who) >= 2}


def agreement(db: sqlite_utils.Database, document_id: str | None = None) -> AgreementReport:
    """Agreement over one document, or pooled over every document two or more people coded."""
    coded = _coded_documents(db, document_id)
    annotators = sorted({a for who in coded.values() for a in who})
    span_counts: dict[tuple[str, str, str], list[SpanScore]] = defaultdict(list)
    categorical_units: dict[str, list[list]] = defaultdict(list)
    value_pairs: dict[str, list[bool]] = defaultdict(list)
    disagreements: list[Disagreement] = []

    for doc, who in sorted(coded.items()):
        spans_by = defaultdict(list)
        for row in db.query('SELECT id, author, label, start, "end", quote FROM spans'
                            " WHERE document_id = ? AND start IS NOT NULL ORDER BY start", [doc]):
            spans_by[row["author"]].append(row)
        for a, b in combinations(who, 2):
            for score in span_scores(spans_by[a], spans_by[b], a, b):
                span_counts[(a, b, score.label)].append(score)
            disagreements.extend(_span_disagreements(doc, a, spans_by[a], b, spans_by[b]))

        events_by = defaultdict(list)
        for row in db.query("SELECT * FROM events WHERE document_id = ? AND status != 'rejected'"
                            " ORDER BY created_at", [doc]):
            events_by[row["created_by"]].append(row)
        if len(events_by) < 2:
            continue
        for unit in pair_events(events_by):
            if len(unit) < 2:
                continue
            coders = sorted(unit)
            for f in CATEGORICAL_FIELDS + VALUE_FIELDS:
                values = {c: unit[c].get(f) for c in coders}
                normed = [_norm(v) for v in values.values()]
                if f in CATEGORICAL_FIELDS:
                    categorical_units[f].append(normed)
                else:
                    for x, y in combinations(normed, 2):
                        if x is not None or y is not None:
                            value_pairs[f].append(x == y)
                if len({v for v in normed}) > 1:
                    disagreements.append(Disagreement(doc, f, values,
                                                      {c: unit[c]["id"] for c in coders}))

    spans = [_pool(scores) for scores in span_counts.values()]
    fields = []
    for f in CATEGORICAL_FIELDS:
        units = categorical_units.get(f, [])
        pairable = sum(1 for u in units if sum(v is not None for v in u) >= 2)
        fields.append(FieldScore(f, "alpha", nominal_alpha(units), pairable))
    for f in VALUE_FIELDS:
        pairs = value_pairs.get(f, [])
        fields.append(FieldScore(f, "exact match", sum(pairs) / len(pairs) if pairs else None,
                                 len(pairs)))
    return AgreementReport(sorted(coded), annotators, spans, fields, disagreements)


def _pool(scores: list[SpanScore]) -> SpanScore:
    """One pair and label over several documents: the counts add up, F1 follows from them."""
    total = scores[0]
    for score in scores[1:]:
        total = total + score
    return total


def _span_disagreements(doc: str, a: str, spans_a: list[dict], b: str,
                        spans_b: list[dict]) -> list[Disagreement]:
    """Spans only one of the two marked exactly (with the other's overlapping span, if any)."""
    out = []
    for mine, me, theirs, them in ((spans_a, a, spans_b, b), (spans_b, b, spans_a, a)):
        exact = {(s["label"], s["start"], s["end"]) for s in theirs}
        by_label: dict[str, list[dict]] = defaultdict(list)
        for t in theirs:
            by_label[t["label"]].append(t)
        sweeps = {label: _Sweep(spans) for label, spans in by_label.items()}
        for s in mine:
            if (s["label"], s["start"], s["end"]) in exact:
                continue
            sweep = sweeps.get(s["label"])
            near = sweep.first_overlap(s) if sweep else None
            if near is not None and me > them:
                continue  # the pair was reported once, from the other side
            out.append(Disagreement(
                doc, f"span {s['label']}",
                {me: f"{s['start']}..{s['end']} {s['quote']!r}",
                 them: f"{near['start']}..{near['end']} {near['quote']!r}" if near else None}))
    return out
