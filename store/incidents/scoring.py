"""How alike two reports are as accounts of one incident, and why, in words.

Four components, each 0 to 1, weighted by WEIGHTS over those both reports
can speak to:

* date: how many days apart the two reports are: their anchors when both
  are grounded or both only dated by the article (reports.DateWindow), the
  gap between the windows when one is grounded and the other is not;
  windows more than DATE_SLACK_DAYS apart are never the same incident;
* place: same admin1 / admin2 / location when coded, distance between
  coordinates, and the most specific place name both texts share (a name
  every report carries, Syria, counts for nothing; see `specificity`).
  Different admin1 divisions, or coordinates over FAR_APART_KM apart, rule
  `likely` out;
* text: TF-IDF cosine over folded tokens (textsim);
* kind: same event type, shared actors (only when both reports are coded).

An unknown date or place (one side lacks it) is credited UNKNOWN_CREDIT,
neutral: it says nothing either way. What keeps absence from carrying a
pair is the place rule: when both sides name places, a likely pair needs
place evidence of PLACE_NEEDED_FOR_LIKELY (an incident is a place and a
time, and a shared province alone is not a place); when a side names none,
it needs text as alike as TEXT_NEEDED_WITHOUT_PLACE (a copy or a close
rewrite), since a date alone matches every incident of the day.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from .reports import DateWindow, Report, coordinates, date_window, division_keys, folded
from .textsim import Weighting, term_weights

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
#: Text likeness a pair needs to be likely when a side names no place at all.
TEXT_NEEDED_WITHOUT_PLACE = 0.5
#: Credit for a component one side cannot speak to.
UNKNOWN_CREDIT = 0.5
#: Coordinates within NEAR_KM score 1, at FAR_KM 0; beyond FAR_APART_KM never likely.
NEAR_KM, FAR_KM, FAR_APART_KM = 5.0, 50.0, 100.0
#: Imagined days on which no place is named, so a tiny corpus does not make every name generic.
PSEUDO_DAYS = 20
#: A name the reports of one day in this many (or fewer) carry is fully specific.
SPECIFIC_ONE_IN_DAYS = 100
#: Coordinates are blocked on in cells this many degrees wide (about 11 km).
CELL_DEGREES = 0.1
WEIGHTS = {"date": 0.30, "place": 0.35, "text": 0.25, "kind": 0.10}
#: Coded divisions: what agreeing on each says about the place.
DIVISION_STRENGTH = {"location": 1.0, "admin2": 0.7, "admin1": 0.4}


@dataclass
class Profile:
    """A report with what scoring compares worked out once (folding is not cheap)."""

    report: Report
    window: DateWindow | None
    places: dict[str, str]
    terms: dict[str, float]
    admin1: str
    admin2: str
    location: str
    point: tuple[float, float] | None
    event_type: str
    actor_words: frozenset[str]
    outlet: str

    @classmethod
    def of(cls, report: Report) -> Profile:
        point = coordinates(report)
        return cls(
            report=report, window=date_window(report), places=division_keys(report),
            terms=term_weights(report.text), admin1=folded(report.admin1),
            admin2=folded(report.admin2), location=folded(report.location),
            point=point, event_type=folded(report.event_type),
            actor_words=frozenset(w for actor in _strings(report.actors)
                                  for w in folded(actor).split() if len(w) > 2),
            outlet=folded(report.outlet),
        )

    @property
    def blocked_by_days(self) -> bool:
        return self.window is not None and self.window.last - self.window.first <= MAX_BLOCK_DAYS

    @property
    def day(self) -> int | None:
        """The day the report stands for in the place calendar (None when undated)."""
        return round(self.window.anchor) if self.blocked_by_days else None

    def cells(self, around: bool = False) -> list[str]:
        """Block keys of the coordinates' cell (and, `around`, the eight next to it)."""
        if self.point is None:
            return []
        row, column = (round(x / CELL_DEGREES) for x in self.point)
        reach = (-1, 0, 1) if around else (0,)
        return [f"@{row + dr},{column + dc}" for dr in reach for dc in reach]


class PlaceCalendar:
    """On how many distinct days each place is named, over how many days.

    Specificity is measured in days, not reports: a hundred reports of one
    raid in Atme make Atme frequent but not generic; a country named every
    day is generic however few reports a day there are.
    """

    def __init__(self) -> None:
        self.reports_on: dict[int, int] = {}
        self.named_on: dict[str, dict[int, int]] = {}

    @property
    def days(self) -> int:
        return len(self.reports_on)

    def days_named(self, place: str) -> int:
        return len(self.named_on.get(place, ()))

    def add(self, places: Iterable[str], day: int | None) -> None:
        if day is None:
            return
        self.reports_on[day] = self.reports_on.get(day, 0) + 1
        for place in places:
            days = self.named_on.setdefault(place, {})
            days[day] = days.get(day, 0) + 1

    def remove(self, places: Iterable[str], day: int | None) -> None:
        if day is None:
            return
        for counts, key in [(self.reports_on, day)] + [(self.named_on.get(p, {}), day) for p in places]:
            if key in counts:
                counts[key] -= 1
                if counts[key] <= 0:
                    del counts[key]


def _strings(values) -> tuple[str, ...]:
    if isinstance(values, str):
        return (values,)
    try:
        return tuple(v for v in values if isinstance(v, str))
    except TypeError:
        return ()


@dataclass
class Scored:
    """A pair's score; `reasons` become the candidate's why."""

    score: float
    likely: bool
    reasons: list[str]
    text: float


class PairScorer:
    """Scores pairs against one snapshot of an index's statistics."""

    def __init__(self, calendar: PlaceCalendar, weighting: Weighting) -> None:
        self.calendar = calendar
        self.weighting = weighting
        self._specificity: dict[str, float] = {}

    def specificity(self, place: str) -> float:
        """How much sharing this name says: 0 for a name named every day, 1 for
        one named on one day in SPECIFIC_ONE_IN_DAYS (or fewer)."""
        value = self._specificity.get(place)
        if value is None:
            named = max(1, self.calendar.days_named(place))
            days = max(self.calendar.days, named) + PSEUDO_DAYS
            scale = math.log(min(days / 2, SPECIFIC_ONE_IN_DAYS))
            value = max(0.0, min(1.0, math.log(days / named) / scale))
            self._specificity[place] = value
        return value

    def score(self, a: Profile, norm_a: float, b: Profile, norm_b: float) -> Scored:
        """The pair's score, whether it is likely, and why."""
        reasons: list[str] = []
        parts: dict[str, float] = {}
        division, place_reasons, place, place_rules_out = self._place(a, b)
        reasons.extend(division)
        date, date_reason = _date(a.window, b.window)
        reasons.append(date_reason)
        reasons.extend(place_reasons)
        text = self.weighting.cosine(a.terms, norm_a, b.terms, norm_b)
        reasons.append(f"text {text:.2f}")
        kind = _kind(a, b, reasons)

        parts["place"] = place if place is not None else UNKNOWN_CREDIT
        parts["date"] = UNKNOWN_CREDIT if date is None else max(date, 0.0)
        parts["text"] = text
        if kind is not None:
            parts["kind"] = kind
        total = sum(WEIGHTS[name] for name in parts)
        score = sum(WEIGHTS[name] * value for name, value in parts.items()) / total

        likely = score >= LIKELY_THRESHOLD and not place_rules_out and (date is None or date >= 0)
        if likely and place is not None and place < PLACE_NEEDED_FOR_LIKELY:
            likely = False
            reasons.append("no shared specific place")
        elif likely and place is None and text < TEXT_NEEDED_WITHOUT_PLACE:
            likely = False
            reasons.append("nothing but the date to go on")
        if a.outlet and a.outlet == b.outlet and a.report.article_date \
                and a.report.article_date == b.report.article_date:
            reasons.append("same outlet, same day: one source")
        return Scored(round(score, 3), likely, reasons, text)

    def _place(self, a: Profile, b: Profile):
        """(division reasons, place reasons, place score or None when unknown, rules likely out)."""
        division: list[str] = []
        reasons: list[str] = []
        score, known, conflict = 0.0, False, False
        stated: set[str] = set()
        if a.admin1 and b.admin1:
            known = True
            if a.admin1 != b.admin1:
                conflict = True
                division.append(f"different divisions {a.report.admin1.strip()} / {b.report.admin1.strip()}")
            else:
                matched = "admin1"
                for name in ("admin2", "location"):
                    if getattr(a, name) and getattr(a, name) == getattr(b, name):
                        matched = name
                score = DIVISION_STRENGTH[matched]
                stated.add(getattr(a, matched))
                word = "location" if matched == "location" else "division"
                division.append(f"same {word} {getattr(a.report, matched).strip()}")
        if a.point and b.point:
            known = True
            km = _kilometres(a.point, b.point)
            conflict |= km > FAR_APART_KM
            score = max(score, 1.0 if km <= NEAR_KM else max(0.0, (FAR_KM - km) / (FAR_KM - NEAR_KM)))
            reasons.append(f"{km:.0f} km apart")
        if a.places and b.places:
            known = True
            shared = sorted((key for key in a.places if key in b.places), key=self.specificity, reverse=True)
            if shared:
                # Names nest (town, province, country): the most specific one
                # says where; the broader ones add nothing to it.
                score = max(score, self.specificity(shared[0]))
                shown = [a.places[key] for key in shared if key not in stated][:4]
                if shown:
                    reasons.append("shared places " + ", ".join(shown))
            elif not conflict:
                reasons.append("no shared place")
        elif not known:
            reasons.append("no place on " + ("either side" if not (a.places or b.places) else "one side"))
        if not known:
            return division, reasons, None, False
        return division, reasons, (0.0 if conflict else score), conflict


def _date(a: DateWindow | None, b: DateWindow | None) -> tuple[float | None, str]:
    """(closeness 0..1, or None when a side has no date, or -1 when too far apart; why)."""
    if a is None or b is None:
        return None, "no date on " + ("either side" if a is None and b is None else "one side")
    gap = max(0, max(a.first, b.first) - min(a.last, b.last))
    if a.grounded != b.grounded:
        # A grounded date inside the other article's reporting lag is on time.
        apart = gap
    else:
        apart = round(abs(a.anchor - b.anchor))
    if gap > DATE_SLACK_DAYS:
        return -1.0, f"dates {apart} days apart"
    if apart == 0:
        return 1.0, "same day" if a.grounded == b.grounded else "date within the reporting lag"
    return max(0.0, 1.0 - apart / DATE_ZERO_DAYS), f"dates {apart} day{'s' if apart != 1 else ''} apart"


def _kind(a: Profile, b: Profile, reasons: list[str]) -> float | None:
    """Type and actors agreement 0..1; None when the two are not both coded."""
    values = []
    if a.event_type and b.event_type:
        same = a.event_type == b.event_type
        values.append(1.0 if same else 0.0)
        reasons.append(f"same type {a.report.event_type.strip()}" if same else "types differ")
    if a.actor_words and b.actor_words:
        overlap = len(a.actor_words & b.actor_words) / len(a.actor_words | b.actor_words)
        values.append(overlap)
        reasons.append(f"actors overlap {overlap:.2f}" if overlap else "no shared actor")
    return sum(values) / len(values) if values else None


def _kilometres(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))
