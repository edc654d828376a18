"""Calendar arithmetic for date grounding: periods as intervals, years chosen from the article date.

Every period (week, month, quarter, season, year, decade) is a closed
interval of days, so a coder always sees which days a value covers.
"""

from __future__ import annotations

import calendar
import datetime as _dt

from store.grounding.date_patterns import SEASONS

MIN_YEAR, MAX_YEAR = 1, 9999


def valid_day(year: int, month: int, day: int) -> _dt.date | None:
    """The date, or None when the calendar has no such day (February 30)."""
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12):
        return None
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return _dt.date(year, month, day)


def month_interval(year: int, month: int) -> tuple[_dt.date, _dt.date]:
    return _dt.date(year, month, 1), _dt.date(year, month, calendar.monthrange(year, month)[1])


def quarter_interval(year: int, quarter: int) -> tuple[_dt.date, _dt.date]:
    first = 3 * (quarter - 1) + 1
    return _dt.date(year, first, 1), month_interval(year, first + 2)[1]


def half_interval(year: int, half: int) -> tuple[_dt.date, _dt.date]:
    return (_dt.date(year, 1, 1), _dt.date(year, 6, 30)) if half == 1 else \
        (_dt.date(year, 7, 1), _dt.date(year, 12, 31))


def season_interval(year: int, season: str) -> tuple[_dt.date, _dt.date]:
    """Meteorological season; winter Y runs from December Y-1 to February Y."""
    _, first_month = SEASONS[season]
    if first_month == 12:
        start_year = year - 1
        return _dt.date(start_year, 12, 1), month_interval(year, 2)[1]
    return _dt.date(year, first_month, 1), month_interval(year, first_month + 2)[1]


def season_label_year(day: _dt.date, season: str) -> int:
    """The year whose `season` contains or most recently preceded `day`'s season."""
    return day.year + 1 if SEASONS[season][1] == 12 and day.month == 12 else day.year


def year_interval(year: int) -> tuple[_dt.date, _dt.date]:
    return _dt.date(year, 1, 1), _dt.date(year, 12, 31)


def decade_interval(first_year: int) -> tuple[_dt.date, _dt.date]:
    return _dt.date(first_year, 1, 1), _dt.date(min(first_year + 9, MAX_YEAR), 12, 31)


def week_interval(day: _dt.date) -> tuple[_dt.date, _dt.date]:
    """The ISO week (Monday to Sunday) holding `day`."""
    monday = day - _dt.timedelta(days=day.weekday())
    return monday, monday + _dt.timedelta(days=6)


def shift_months(day: _dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + (day.month - 1) + months
    return index // 12, index % 12 + 1


def quarter_of(day: _dt.date) -> int:
    return (day.month - 1) // 3 + 1


def weekday_near(dct: _dt.date, weekday: int, future: bool) -> _dt.date:
    """The last `weekday` on or before the DCT, or with `future` the next one on or after it."""
    if future:
        return dct + _dt.timedelta(days=(weekday - dct.weekday()) % 7)
    return dct - _dt.timedelta(days=(dct.weekday() - weekday) % 7)


def _weigh(before: int, after: int, tense: str | None) -> str:
    """"before" or "after": which candidate a tense picks, by distance from the DCT.

    The tense shrinks the distance on its own side rather than ruling the
    other side out, because a year-less "Dec. 7" in a past-tense business
    story is still most often next month's deadline; only a past-tense verb
    right before the date ("past_strong") keeps it on or before the DCT.
    """
    if tense == "past_strong":
        return "before"
    before_weight = {"past": 0.25, None: 0.75}.get(tense, 1.0)
    after_weight = 0.25 if tense == "future" else 1.0
    return "after" if after * after_weight < before * before_weight else "before"


def pick_year_for_day(month: int, day: int, dct: _dt.date, tense: str | None) -> _dt.date | None:
    """The year for a day written without one, taken from the article date.

    The candidates are the last such day on or before the DCT and the next
    on or after it; the tense of the sentence weighs between them (see _weigh).
    """
    candidates = [d for d in (valid_day(dct.year + k, month, day) for k in (-1, 0, 1)) if d]
    if not candidates:
        return None
    before = [d for d in candidates if d <= dct]
    after = [d for d in candidates if d >= dct]
    if not before:
        return min(after)
    if not after:
        return max(before)
    last, following = max(before), min(after)
    side = _weigh((dct - last).days, (following - dct).days, tense)
    return following if side == "after" else last


def pick_year_for_month(month: int, dct: _dt.date, tense: str | None) -> int:
    """The year for a month written without one (same weighing as a day, by whole months)."""
    here = dct.year * 12 + dct.month - 1
    candidates = [(dct.year + k) * 12 + month - 1 for k in (-1, 0, 1)]
    before = max(c for c in candidates if c <= here)
    after = min(c for c in candidates if c >= here)
    side = _weigh(here - before, after - here, tense)
    return (after if side == "after" else before) // 12
