"""What candidate scoring knows of one article, or of one coded event.

A `Report` is plain data: the lead builds one per document (uncoded: only
its article date, its text and the places a gazetteer pass found in it) or
per event (coded: grounded dates, divisions, coordinates, type, actors, and
as text the event's evidence with the sentences around it). Scoring reads
only these fields, so it runs the same on a database, a fixture or a
benchmark. Missing values are None (or empty); nothing here validates,
because a bad value must give a weaker comparison, never an exception.

The helpers below turn the loosely typed fields into what the scoring
compares: day numbers, a date window, folded place keys.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass, field

from store.grounding.folding import fold

#: News reports an incident 0 to this many days after it happened.
REPORTING_LAG_DAYS = 2

_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})")
_ISO_YEAR = re.compile(r"(\d{4})")


@dataclass(frozen=True)
class Report:
    """One article or one event, as candidate scoring sees it.

    `key` is the document id for an article, the event id for an event; it
    is what a Candidate names. `text` is the article text or the event's
    evidence plus nearby sentences. `place_names` are the places named in
    the text (spelled as written; folded when compared).
    """

    key: str
    document_id: str | None = None
    outlet: str | None = None
    article_date: str | None = None
    date_start: str | None = None
    date_end: str | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    event_type: str | None = None
    actors: tuple[str, ...] = ()
    text: str = ""
    place_names: tuple[str, ...] = field(default=())


def day_number(value) -> tuple[int, int] | None:
    """The first and last day (proleptic ordinals) an ISO date names:
    '2022-02-03' is one day, '2022-02' a month, '2022' a year. Anything
    else (None, '', 'Thursday', '2022-02-30') is None."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    try:
        if match := _ISO_DAY.fullmatch(value):
            day = _dt.date(int(match[1]), int(match[2]), int(match[3])).toordinal()
            return day, day
        if match := _ISO_MONTH.fullmatch(value):
            year, month = int(match[1]), int(match[2])
            first = _dt.date(year, month, 1)
            following = _dt.date(year + month // 12, month % 12 + 1, 1)
            return first.toordinal(), following.toordinal() - 1
        if match := _ISO_YEAR.fullmatch(value):
            year = int(match[1])
            return _dt.date(year, 1, 1).toordinal(), _dt.date(year, 12, 31).toordinal()
    except ValueError:
        return None
    return None


def iso_day(ordinal: int) -> str:
    """The ISO date of a day ordinal."""
    return _dt.date.fromordinal(ordinal).isoformat()


@dataclass(frozen=True)
class DateWindow:
    """The days an incident may have happened on, and where that came from.

    `grounded` is True when the report's own date interval gave it, False
    when it was inferred from the article date (the incident happened 0 to
    REPORTING_LAG_DAYS days before the article). `anchor` is the day two
    windows are measured apart by: the middle of a grounded interval, the
    article date itself otherwise (so two same-day articles are 0 days apart).
    """

    first: int
    last: int
    grounded: bool

    @property
    def anchor(self) -> float:
        if self.grounded:
            return (self.first + self.last) / 2
        return float(self.last)


def date_window(report: Report) -> DateWindow | None:
    """The report's date window, or None when it has no usable date."""
    start = day_number(report.date_start)
    end = day_number(report.date_end)
    if start or end:
        first = (start or end)[0]
        last = (end or start)[1]
        if last < first:
            first, last = last, first
        return DateWindow(first, last, grounded=True)
    article = day_number(report.article_date)
    if article:
        return DateWindow(article[0] - REPORTING_LAG_DAYS, article[1], grounded=False)
    return None


#: Names, outlets and types repeat across reports; folding them is not cheap.
_FOLDED: dict[str, str] = {}
_FOLDED_MAX = 100_000


def folded(value) -> str:
    """`fold` for a value that may be None or not a string ('' then)."""
    if not isinstance(value, str):
        return ""
    key = _FOLDED.get(value)
    if key is None:
        key = fold(value) if value.strip() else ""
        if len(value) <= 200 and len(_FOLDED) < _FOLDED_MAX:
            _FOLDED[value] = key
    return key


def division_keys(report: Report) -> dict[str, str]:
    """Folded place key -> the spelling the report used, over its coded
    divisions and location and the place names of its text."""
    keys: dict[str, str] = {}
    named = report.place_names if isinstance(report.place_names, (tuple, list)) else ()
    for name in (report.admin1, report.admin2, report.location, *named):
        key = folded(name)
        if key and key not in keys:
            keys[key] = name.strip()
    return keys


def coordinates(report: Report) -> tuple[float, float] | None:
    """(latitude, longitude) when both are numbers in range, else None."""
    try:
        lat, lon = float(report.latitude), float(report.longitude)
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(lat) and math.isfinite(lon)) or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon
