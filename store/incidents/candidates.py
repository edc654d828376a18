"""Which reports may be of the same incident: blocking, then scoring.

Blocking keeps the cost growing with the corpus, not its square: a report
is only ever compared with reports that share a place key (a folded
division, location or place named in the text) on days within
DATE_SLACK_DAYS of its date window. Undated reports are compared through
their places alone; placeless reports through their days alone; a report
with neither is compared with nothing, and `status` says so.

Scoring weighs four things, each from 0 to 1, and says each in the `why`
a coder reads ("same division Idlib, dates 1 day apart, shared places
Atme, text 0.61"):

* date: how close the date windows' anchors are (see reports.DateWindow);
  windows more than DATE_SLACK_DAYS apart are never the same incident;
* place: same admin1/admin2/location when coded, distance between
  coordinates, and the place names both texts share, each weighted by how
  specific it is in this corpus (a name every report carries, Syria, counts
  for nothing); different admin1 divisions, or coordinates over
  FAR_APART_KM apart, rule `likely` out;
* text: TF-IDF cosine over folded tokens (see textsim);
* kind: same event type, shared actors (only when both reports are coded).

An unknown date or place (one side lacks it) is credited UNKNOWN_CREDIT,
neutral: it says nothing either way. What keeps absence from carrying a
pair is the place rule below, not a penalty. A pair
is `likely` at LIKELY_THRESHOLD or above, with place evidence of at least
PLACE_NEEDED_FOR_LIKELY whenever both sides name places: an incident is a
place and a time, and a shared province alone is not a place.

Never proposed: a report with itself, two reports of the same document, and
pairs in `rejected` (a coder's "not the same"). Two articles of the same
outlet on the same day are proposed: a rewrite or an update of one story is
still the same incident and must be linked, but the why says it is one
source, so nobody counts it twice.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .reports import (
    DateWindow,
    Report,
    coordinates,
    date_window,
    division_keys,
    folded,
)
from .textsim import TermStatistics, Weighting, term_weights

#: The score at which the incident screen calls a pair likely.
LIKELY_THRESHOLD = 0.5
#: Date windows further apart than this are never one incident.
DATE_SLACK_DAYS = 3
#: Anchors this many days apart score 0 for the date.
DATE_ZERO_DAYS = 7
#: A grounded interval longer than this (a month, a year) is too vague to block on.
MAX_BLOCK_DAYS = 31
#: Place evidence a pair needs to be likely when both sides name places.
PLACE_NEEDED_FOR_LIKELY = 0.5
#: Credit for a component one side cannot speak to.
UNKNOWN_CREDIT = 0.5
#: Coordinates within NEAR_KM score 1; at FAR_KM 0; beyond FAR_APART_KM never likely.
NEAR_KM, FAR_KM, FAR_APART_KM = 5.0, 50.0, 100.0
#: A place key carried by more than this share of reports is too generic to block on.
GENERIC_SHARE = 0.2
#: Blocking looks at this many reports at most for one report (smallest blocks first).
MAX_EXAMINED = 2000
WEIGHTS = {"date": 0.30, "place": 0.35, "text": 0.25, "kind": 0.10}
#: Coded divisions: what agreeing on each says about the place.
DIVISION_STRENGTH = {"location": 1.0, "admin2": 0.7, "admin1": 0.4}


@dataclass(frozen=True)
class Candidate:
    """A pair of reports that may be of one incident, and why."""

    a: str
    b: str
    score: float
    likely: bool
    why: str

    def as_json(self) -> dict:
        return {"a": self.a, "b": self.b, "score": self.score, "likely": self.likely, "why": self.why}


@dataclass
class _Entry:
    report: Report
    window: DateWindow | None
    places: dict[str, str]
    terms: dict[str, float]

    @classmethod
    def of(cls, report: Report) -> _Entry:
        return cls(report, date_window(report), division_keys(report), term_weights(report.text))

    @property
    def blocked_by_days(self) -> bool:
        return self.window is not None and self.window.last - self.window.first <= MAX_BLOCK_DAYS


class CandidateIndex:
    """Reports indexed for blocking, with the term statistics scoring uses.

    `rejected` holds "not the same" decisions as frozensets of two keys; it
    is the caller's set, read at every question, so decisions made later count.
    """

    def __init__(self, reports: Iterable[Report] = (), rejected: set[frozenset[str]] | None = None):
        self.rejected: set[frozenset[str]] = rejected if rejected is not None else set()
        self._entries: list[_Entry | None] = []
        self._position: dict[str, int] = {}
        self._terms = TermStatistics()
        self._place_frequency: dict[str, int] = {}
        self._by_day_place: dict[tuple[int, str], list[int]] = {}
        self._by_day_unplaced: dict[int, list[int]] = {}
        self._by_day: dict[int, list[int]] = {}
        self._by_place: dict[str, list[int]] = {}
        self._undated_by_place: dict[str, list[int]] = {}
        for report in reports:
            self.add(report)

    def __len__(self) -> int:
        return len(self._position)

    def __contains__(self, key: str) -> bool:
        return key in self._position

    # -- building -------------------------------------------------------------

    def add(self, report: Report) -> None:
        """Index a report; a report whose key is indexed already replaces it."""
        if report.key in self._position:
            self.remove(report.key)
        entry = _Entry.of(report)
        window, blocked_by_days = entry.window, entry.blocked_by_days
        position = len(self._entries)
        self._entries.append(entry)
        self._position[report.key] = position
        self._terms.add(entry.terms)
        for place in entry.places:
            self._place_frequency[place] = self._place_frequency.get(place, 0) + 1
            self._by_place.setdefault(place, []).append(position)
            if not blocked_by_days:
                self._undated_by_place.setdefault(place, []).append(position)
        if blocked_by_days:
            for day in range(window.first, window.last + 1):
                self._by_day.setdefault(day, []).append(position)
                if not entry.places:
                    self._by_day_unplaced.setdefault(day, []).append(position)
                for place in entry.places:
                    self._by_day_place.setdefault((day, place), []).append(position)

    def remove(self, key: str) -> bool:
        """Forget a report (its blocks skip it from now on); False if unknown."""
        position = self._position.pop(key, None)
        if position is None:
            return False
        entry = self._entries[position]
        self._entries[position] = None
        self._terms.remove(entry.terms)
        for place in entry.places:
            self._place_frequency[place] -= 1
        return True

    def reject(self, a: str, b: str) -> None:
        """Record a coder's "not the same": the pair is never proposed again."""
        self.rejected.add(frozenset((a, b)))

    # -- asking ---------------------------------------------------------------

    def status(self, report: Report) -> str:
        """How this report can be compared, in words: what blocking can use."""
        window = date_window(report)
        places = division_keys(report)
        if window is None and not places:
            return "no date and no place: compared with nothing; link it by hand"
        if window is None:
            return "no date: compared by place alone"
        if not places:
            return "no place: compared by date alone"
        if window.last - window.first > MAX_BLOCK_DAYS:
            return "date too vague to block on: compared by place alone"
        return "compared by date and place"

    def candidates_for(self, report: Report, limit: int = 20) -> list[Candidate]:
        """The best candidates for a report, indexed or not: likely ones
        first, then by score; at most `limit`."""
        if limit <= 0:
            return []
        own = self._position.get(report.key, -1)
        entry = self._entries[own] if own >= 0 else None
        if entry is None or entry.report != report:
            entry = _Entry.of(report)
        scorer = _Scorer(self)
        norm = scorer.weighting.norm(entry.terms)
        found = []
        for position in self._blocked_with(entry):
            if position == own:
                continue
            other = self._entries[position]
            if self._may_pair(report, other.report):
                found.append(scorer.score(entry, norm, other, scorer.norm_of(position, other)))
        return heapq.nlargest(limit, found, key=lambda c: (c.likely, c.score))

    def all_pairs(self) -> Iterator[Candidate]:
        """Every pair blocking keeps, scored, each once (a is the earlier added)."""
        scorer = _Scorer(self)
        seen: set[int] = set()
        size = len(self._entries)
        for position, entry in enumerate(self._entries):
            if entry is None:
                continue
            for other_position in self._blocked_with(entry):
                if other_position == position:
                    continue
                low, high = sorted((position, other_position))
                pair = low * size + high
                if pair in seen:
                    continue
                seen.add(pair)
                first, second = self._entries[low], self._entries[high]
                if self._may_pair(first.report, second.report):
                    yield scorer.score(first, scorer.norm_of(low, first),
                                       second, scorer.norm_of(high, second))

    # -- blocking ---------------------------------------------------------------

    def _may_pair(self, a: Report, b: Report) -> bool:
        if a.key == b.key:
            return False
        if a.document_id and a.document_id == b.document_id:
            return False
        return frozenset((a.key, b.key)) not in self.rejected

    def _useful_places(self, entry: _Entry) -> list[str]:
        """The entry's place keys minus the generic ones (kept when nothing else is left)."""
        places = list(entry.places)
        if len(self) < 50:
            return places
        limit = GENERIC_SHARE * len(self)
        useful = [p for p in places if self._place_frequency.get(p, 0) <= limit]
        return useful or sorted(places, key=lambda p: self._place_frequency.get(p, 0))[:1]

    def _blocked_with(self, entry: _Entry) -> set[int]:
        """Positions of live reports that share a block with the entry, at most MAX_EXAMINED."""
        blocks: list[list[int]] = []
        places = self._useful_places(entry)
        if entry.blocked_by_days:
            days = range(entry.window.first - DATE_SLACK_DAYS, entry.window.last + DATE_SLACK_DAYS + 1)
            if places:
                for place in places:
                    blocks.extend(self._by_day_place.get((day, place), ()) for day in days)
                    blocks.append(self._undated_by_place.get(place, ()))
                blocks.extend(self._by_day_unplaced.get(day, ()) for day in days)
            else:
                # Nearest days first, so the cap drops the furthest.
                anchor = entry.window.anchor
                for day in sorted(days, key=lambda d: abs(d - anchor)):
                    blocks.append(self._by_day.get(day, ()))
                return self._collect(blocks, smallest_first=False)
        else:
            blocks.extend(self._by_place.get(place, ()) for place in places)
        return self._collect(blocks, smallest_first=True)

    def _collect(self, blocks: list, smallest_first: bool) -> set[int]:
        if smallest_first:
            blocks = sorted((b for b in blocks if b), key=len)
        found: set[int] = set()
        entries = self._entries
        for block in blocks:
            for position in block:
                if entries[position] is not None:
                    found.add(position)
            if len(found) >= MAX_EXAMINED:
                break
        return found


class _Scorer:
    """Scores pairs against the index's statistics as they are now."""

    def __init__(self, index: CandidateIndex) -> None:
        self.index = index
        self.reports = max(1, len(index))
        self.weighting = Weighting(index._terms)
        self._norms: dict[int, float] = {}
        self._specificity: dict[str, float] = {}

    def norm_of(self, position: int, entry: _Entry) -> float:
        norm = self._norms.get(position)
        if norm is None:
            norm = self._norms[position] = self.weighting.norm(entry.terms)
        return norm

    def specificity(self, place: str) -> float:
        """0 for a name every report carries, 1 for a name 1 in 1,000 (or fewer) carry."""
        value = self._specificity.get(place)
        if value is None:
            frequency = max(1, self.index._place_frequency.get(place, 0))
            scale = math.log(min(max(self.reports, 2), 1000))
            value = max(0.0, min(1.0, math.log(max(self.reports, frequency) / frequency) / scale))
            self._specificity[place] = value
        return value

    def score(self, a: _Entry, norm_a: float, b: _Entry, norm_b: float) -> Candidate:
        reasons: list[str] = []
        parts: dict[str, float] = {}
        blocks_likely = False

        place, place_known, place_blocks = self._place(a, b, reasons)
        parts["place"] = place if place_known else UNKNOWN_CREDIT
        blocks_likely |= place_blocks

        date = _date(a, b, reasons)
        if date is None:
            blocks_likely = True  # windows too far apart: shown only if asked for
            date = 0.0
        parts["date"] = UNKNOWN_CREDIT if date == -1 else date

        text = self.weighting.cosine(a.terms, norm_a, b.terms, norm_b)
        parts["text"] = text
        reasons.append(f"text {text:.2f}")

        kind = _kind(a.report, b.report, reasons)
        if kind is not None:
            parts["kind"] = kind

        total = sum(WEIGHTS[name] for name in parts)
        score = sum(WEIGHTS[name] * value for name, value in parts.items()) / total
        likely = score >= LIKELY_THRESHOLD and not blocks_likely
        if place_known and place < PLACE_NEEDED_FOR_LIKELY and not blocks_likely:
            likely = False
            reasons.append("no shared specific place")
        if a.report.outlet and folded(a.report.outlet) == folded(b.report.outlet) \
                and a.report.article_date and a.report.article_date == b.report.article_date:
            reasons.append("same outlet, same day: one source")
        return Candidate(a.report.key, b.report.key, round(score, 3), likely, ", ".join(reasons))

    def _place(self, a: _Entry, b: _Entry, reasons: list[str]) -> tuple[float, bool, bool]:
        """(place score, whether both sides speak to place, whether it rules likely out)."""
        score, known, conflict = 0.0, False, False
        ra, rb = a.report, b.report
        admin_a, admin_b = folded(ra.admin1), folded(rb.admin1)
        if admin_a and admin_b:
            known = True
            if admin_a != admin_b:
                conflict = True
                reasons.append(f"different divisions {ra.admin1.strip()} / {rb.admin1.strip()}")
            else:
                matched = "admin1"
                for name in ("admin2", "location"):
                    if folded(getattr(ra, name)) and folded(getattr(ra, name)) == folded(getattr(rb, name)):
                        matched = name
                score = DIVISION_STRENGTH[matched]
                shown = getattr(ra, matched).strip() if matched != "admin1" else ra.admin1.strip()
                reasons.append(f"same {'division' if matched != 'location' else 'location'} {shown}")
        point_a, point_b = coordinates(ra), coordinates(rb)
        if point_a and point_b:
            known = True
            km = _kilometres(point_a, point_b)
            if km > FAR_APART_KM:
                conflict = True
            near = 1.0 if km <= NEAR_KM else max(0.0, (FAR_KM - km) / (FAR_KM - NEAR_KM))
            score = max(score, near)
            reasons.append(f"{km:.0f} km apart")
        if a.places and b.places:
            known = True
            shared = [key for key in a.places if key in b.places]
            if shared:
                shared.sort(key=self.specificity, reverse=True)
                missing = 1.0
                for key in shared:
                    missing *= 1.0 - self.specificity(key)
                score = max(score, 1.0 - missing)
                reasons.append("shared places " + ", ".join(a.places[key] for key in shared[:4]))
            elif not conflict:
                reasons.append("no shared place")
        elif not known:
            reasons.append("no place on " + ("either side" if not (a.places or b.places)
                                              else "one side"))
        return (0.0 if conflict else score), known, conflict


def _date(a: _Entry, b: _Entry, reasons: list[str]) -> float | None:
    """Date closeness 0..1; -1 when a side has no date; None when too far apart."""
    wa, wb = a.window, b.window
    if wa is None or wb is None:
        reasons.append("no date on " + ("either side" if wa is None and wb is None else "one side"))
        return -1
    gap = max(0, max(wa.first, wb.first) - min(wa.last, wb.last))
    apart = round(abs(wa.anchor - wb.anchor))
    if gap > DATE_SLACK_DAYS:
        reasons.append(f"dates {apart} days apart")
        return None
    reasons.append("same day" if apart == 0 else f"dates {apart} day{'s' if apart != 1 else ''} apart")
    return max(0.0, 1.0 - apart / DATE_ZERO_DAYS)


def _kind(a: Report, b: Report, reasons: list[str]) -> float | None:
    """Type and actors agreement 0..1, None when the two are not both coded."""
    values = []
    type_a, type_b = folded(a.event_type), folded(b.event_type)
    if type_a and type_b:
        values.append(1.0 if type_a == type_b else 0.0)
        reasons.append(f"same type {a.event_type.strip()}" if type_a == type_b else "types differ")
    words_a = {w for actor in a.actors for w in folded(actor).split() if len(w) > 2}
    words_b = {w for actor in b.actors for w in folded(actor).split() if len(w) > 2}
    if words_a and words_b:
        overlap = len(words_a & words_b) / len(words_a | words_b)
        values.append(overlap)
        if overlap:
            reasons.append(f"actors overlap {overlap:.2f}")
        else:
            reasons.append("no shared actor")
    return sum(values) / len(values) if values else None


def _kilometres(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))
