"""Which reports may be of the same incident: blocking, then scoring.

Blocking keeps the cost growing with the corpus, not its square: a report
is only ever compared with reports that share a place key (a folded
division, location or place named in the text) on days within
DATE_SLACK_DAYS of its date window. Undated reports are compared through
their places alone; placeless reports through their days alone; a report
with neither is compared with nothing, and `status` says so. Coded
coordinates block too, by ~11 km cells. A place named on more than
GENERIC_SHARE of the days (the country) is not blocked on, and no report
is compared with more than MAX_EXAMINED others (the smallest blocks
first), so a hundred reports of one incident stay cheap.

Scoring is scoring.py's; each candidate says why in the words a coder
reads: "same division Idlib, dates 1 day apart, shared places Atme, text 0.61".

An undated report cannot be placed in time by itself, so the date cannot
tell one raid in Atme from the next. It borrows the date of the report its
text matches best among those it is blocked with, and is likely only with
reports whose text is within UNDATED_TEXT_MARGIN of that best match and
whose dates are within DATE_SLACK_DAYS of it: the reports of its own incident.

Never proposed: a report with itself, two reports of the same document, and
pairs in `rejected` (a coder's "not the same"). Two articles of the same
outlet on the same day are proposed: a rewrite or an update of one story is
still the same incident and must be linked; the why says it is one source,
so nobody counts it twice.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .reports import Report
from .scoring import (  # noqa: F401  (re-exported: the screen reads them here)
    DATE_SLACK_DAYS,
    LIKELY_THRESHOLD,
    MAX_BLOCK_DAYS,
    PairScorer,
    PlaceCalendar,
    Profile,
    Scored,
)
from .textsim import TermStatistics, Weighting

#: A place named on more than this share of the corpus's days is too generic to block on.
GENERIC_SHARE = 0.2
#: Below this many distinct days no place is judged generic.
GENERIC_AFTER_DAYS = 50
#: Blocking looks at this many reports at most for one report (smallest blocks first).
MAX_EXAMINED = 2000
#: An undated report is likely only with reports whose text is this close to its best match.
UNDATED_TEXT_MARGIN = 0.75


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


class CandidateIndex:
    """Reports indexed for blocking, with the term statistics scoring uses.

    `rejected` holds "not the same" decisions as frozensets of two keys; it
    is the caller's set, read at every question, so decisions made later count.
    """

    def __init__(self, reports: Iterable[Report] = (), rejected: set[frozenset[str]] | None = None):
        self.rejected: set[frozenset[str]] = rejected if rejected is not None else set()
        self._entries: list[Profile | None] = []
        self._position: dict[str, int] = {}
        self._terms = TermStatistics()
        self._calendar = PlaceCalendar()
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
        entry = Profile.of(report)
        window, blocked_by_days = entry.window, entry.blocked_by_days
        position = len(self._entries)
        self._entries.append(entry)
        self._position[report.key] = position
        self._terms.add(entry.terms)
        self._calendar.add(entry.places, entry.day)
        keys = [*entry.places, *entry.cells()]
        for place in keys:
            self._by_place.setdefault(place, []).append(position)
            if not blocked_by_days:
                self._undated_by_place.setdefault(place, []).append(position)
        if blocked_by_days:
            for day in range(window.first, window.last + 1):
                self._by_day.setdefault(day, []).append(position)
                if not keys:
                    self._by_day_unplaced.setdefault(day, []).append(position)
                for place in keys:
                    self._by_day_place.setdefault((day, place), []).append(position)

    def remove(self, key: str) -> bool:
        """Forget a report (its blocks skip it from now on); False if unknown."""
        position = self._position.pop(key, None)
        if position is None:
            return False
        entry = self._entries[position]
        self._entries[position] = None
        self._terms.remove(entry.terms)
        self._calendar.remove(entry.places, entry.day)
        return True

    def reject(self, a: str, b: str) -> None:
        """Record a coder's "not the same": the pair is never proposed again."""
        self.rejected.add(frozenset((a, b)))

    # -- asking ---------------------------------------------------------------

    def status(self, report: Report) -> str:
        """How this report can be compared, in words: what blocking can use."""
        profile = Profile.of(report)
        placed = bool(profile.places or profile.point)
        if profile.window is None and not placed:
            return "no date and no place: compared with nothing; link it by hand"
        if profile.window is None:
            return "no date: compared by place alone"
        if not placed:
            return "no place: compared by date alone"
        if not profile.blocked_by_days:
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
            entry = Profile.of(report)
        scorer = self._scorer()
        norm_of = self._norms(scorer)
        best_text = self._best_texts(scorer, norm_of)
        norm = scorer.weighting.norm(entry.terms)
        scored = []
        for position in self._blocked_with(entry, fallback=True):
            if position == own:
                continue
            other = self._entries[position]
            if self._may_pair(report, other.report):
                scored.append((position, other, scorer.score(entry, norm, other, norm_of(position, other))))
        own_best = max(((s.text, o) for _, o, s in scored), key=lambda m: m[0], default=(0.0, None))
        found = []
        for position, other, pair in scored:
            leaders = []
            if pair.likely and entry.window is None:
                leaders.append((entry, *own_best))
            if pair.likely and other.window is None:
                match = best_text(position, other)
                leaders.append((other, *(match if match[0] >= pair.text else (pair.text, entry))))
            found.append(self._candidate(entry, other, pair, leaders))
        return heapq.nlargest(limit, found, key=lambda c: (c.likely, c.score))

    def all_pairs(self) -> Iterator[Candidate]:
        """Every pair blocking keeps, scored, each once (a is the earlier added)."""
        scorer = self._scorer()
        norm_of = self._norms(scorer)
        best_text = self._best_texts(scorer, norm_of)
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
                    pair_score = scorer.score(first, norm_of(low, first), second, norm_of(high, second))
                    leaders = [(e, *best_text(p, e)) for p, e in ((low, first), (high, second))
                               if pair_score.likely and e.window is None]
                    yield self._candidate(first, second, pair_score, leaders)

    def _scorer(self) -> PairScorer:
        return PairScorer(self._calendar, Weighting(self._terms))

    @staticmethod
    def _norms(scorer: PairScorer):
        """A remembering norm_of(position, profile) for one scoring pass."""
        norms: dict[int, float] = {}

        def norm_of(position: int, profile: Profile) -> float:
            norm = norms.get(position)
            if norm is None:
                norm = norms[position] = scorer.weighting.norm(profile.terms)
            return norm
        return norm_of

    def _best_texts(self, scorer: PairScorer, norm_of):
        """A remembering best_text(position, profile) -> (likeness, report): the
        report most like an indexed one in its text, among those it is blocked with."""
        best: dict[int, tuple[float, Profile | None]] = {}

        def best_text(position: int, profile: Profile) -> tuple[float, Profile | None]:
            match = best.get(position)
            if match is None:
                norm = norm_of(position, profile)
                match = (0.0, None)
                for other_position in self._blocked_with(profile):
                    other = self._entries[other_position]
                    if other_position != position and self._may_pair(profile.report, other.report):
                        likeness = scorer.weighting.cosine(profile.terms, norm, other.terms,
                                                           norm_of(other_position, other))
                        if likeness > match[0]:
                            match = (likeness, other)
                best[position] = match
            return match
        return best_text

    @staticmethod
    def _candidate(a: Profile, b: Profile, scored: Scored, leaders: list) -> Candidate:
        """The candidate. `leaders` holds, for each undated side of a likely
        pair, (that side, its best text likeness, the report that has it): the
        undated report is likely only with its best matches, and only with
        reports dated near the one it matches best, since that is its date."""
        likely, reasons = scored.likely, list(scored.reasons)
        for undated, best, match in leaders:
            other = b if undated is a else a
            if scored.text < UNDATED_TEXT_MARGIN * best:
                likely = False
                reasons.append(f"undated, and its text is closer to {match.report.key}")
            elif match is not None and match is not other and match.window and other.window:
                gap = max(0, max(match.window.first, other.window.first)
                          - min(match.window.last, other.window.last))
                if gap > DATE_SLACK_DAYS:
                    likely = False
                    reasons.append(f"undated; its closest report {match.report.key} is {gap} days from this")
        return Candidate(a.report.key, b.report.key, scored.score, likely, ", ".join(reasons))

    # -- blocking ---------------------------------------------------------------

    def _may_pair(self, a: Report, b: Report) -> bool:
        if a.key == b.key:
            return False
        if a.document_id and a.document_id == b.document_id:
            return False
        return frozenset((a.key, b.key)) not in self.rejected

    def _useful_places(self, entry: Profile, fallback: bool) -> list[str]:
        """The entry's block keys minus generic places (with `fallback`, the
        least generic kept when nothing else is left), plus the cells around
        its coordinates."""
        places = list(entry.places)
        calendar = self._calendar
        if places and calendar.days >= GENERIC_AFTER_DAYS:
            limit = GENERIC_SHARE * calendar.days
            useful = [p for p in places if calendar.days_named(p) <= limit]
            places = useful or (sorted(places, key=calendar.days_named)[:1] if fallback else [])
        return places + entry.cells(around=True)

    def _blocked_with(self, entry: Profile, fallback: bool = False) -> set[int]:
        """Positions of live reports that share a block with the entry, at most
        MAX_EXAMINED. With `fallback`, a report whose places are all generic
        is still blocked on the least generic one (its pairs cannot be likely:
        all_pairs leaves them out; a coder asking about one report sees them)."""
        blocks: list[list[int]] = []
        places = self._useful_places(entry, fallback)
        if entry.places and not places:
            return set()
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
                    if len(found) > MAX_EXAMINED:
                        return found
        return found
