"""The rules that read one normalised date expression: absolute dates, ranges, periods.

Each rule is a pattern over the normalised words (lower case, single spaces,
no abbreviation dots) and a handler that turns the match into an interval.
Relative expressions (weekdays, "last week", "now") live in
`date_relative_rules`; both lists are tried in order by `store.grounding.dates`.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from store.grounding import date_calendar as cal
from store.grounding.date_patterns import (
    DAY_RE,
    HALF_WORDS,
    MONTH_RE,
    MONTHS,
    QUARTER_WORDS,
    SEASON_RE,
    SEASONS,
    WEEKDAY_RE,
    WEEKDAYS,
    YEAR_RE,
    number_value,
    year_value,
)


@dataclass
class Env:
    """What a rule may consult: the article date, the tense around the words, flags so far."""

    dct: _dt.date | None
    tense: str | None
    context: str
    flags: list[str] = field(default_factory=list)
    # The tense for calendar dates written without a year (future cues win), see clause_tense.
    calendar_tense: str | None = None

    def flag(self, *names: str) -> None:
        for name in names:
            if name not in self.flags:
                self.flags.append(name)


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern
    handler: Callable[[re.Match, Env], dict]


def unresolved(why: str, rule: str | None = None) -> dict:
    out = {"unresolved": True, "why": why}
    if rule:
        out["rule"] = rule
    return out


def needs_dct(words: str, rule: str) -> dict:
    return unresolved(f"{words!r} is relative to the article date, and the article date is needed "
                      "to resolve it", rule)


def interval(env: Env, start: _dt.date, end: _dt.date, precision: str, rule: str, why: str,
             kind: str = "date") -> dict:
    return {"start": start.isoformat(), "end": end.isoformat(), "precision": precision,
            "kind": kind, "flags": list(env.flags), "why": why, "rule": rule}


def _year_or_dct(words: str | None, env: Env, rule: str) -> tuple[int | None, dict | None]:
    """The written year, or the DCT's year flagged year_from_dct (unresolved without a DCT)."""
    if words:
        year = year_value(words)
        if year is None:
            return None, unresolved(f"{words!r} is not a year", rule)
        return year, None
    if env.dct is None:
        return None, unresolved("no year in the words and no article date to take it from", rule)
    env.flag("year_from_dct")
    return env.dct.year, None


def _day_number(words: str) -> int | None:
    return number_value(words)


def _day_result(env: Env, year: int | None, month: int, day: int, rule: str, words: str) -> dict:
    if year is None:
        if env.dct is None:
            return unresolved(f"{words!r} has no year and there is no article date to take it "
                              "from; a year would be a guess", rule)
        if cal.valid_day(2000, month, day) is None:
            return unresolved(f"{words!r}: no such date", rule)
        chosen = cal.pick_year_for_day(month, day, env.dct, env.calendar_tense)
        if chosen is None:
            return unresolved(f"{words!r}: no such date near the article date", rule)
        env.flag("year_from_dct")
        why = (f"{words!r} -> {chosen.isoformat()}: year from the article date "
               f"{env.dct.isoformat()}" + (" (future context)" if chosen > env.dct else ""))
        return interval(env, chosen, chosen, "day", rule, why)
    found = cal.valid_day(year, month, day)
    if found is None:
        return unresolved(f"{words!r}: no such date ({year}-{month:02d}-{day:02d})", rule)
    return interval(env, found, found, "day", rule, f"{words!r} -> {found.isoformat()}")


def _iso_day(m: re.Match, env: Env) -> dict:
    year, month, day = (int(m.group(k)) for k in ("y", "m", "d"))
    return _day_result(env, year, month, day, "iso-date", m.group(0))


def _iso_month(m: re.Match, env: Env) -> dict:
    year, month = int(m.group("y")), int(m.group("m"))
    if month > 12 and month == (year + 1) % 100:
        # "2021-22": a season or fiscal year across two calendar years.
        start, end = cal.year_interval(year)[0], cal.year_interval(year + 1)[1]
        return interval(env, start, end, "year", "year-span", f"{m.group(0)!r} -> {year} to {year + 1}", "range")
    if not 1 <= month <= 12:
        return unresolved(f"{m.group(0)!r}: no month {month}", "iso-month")
    start, end = cal.month_interval(year, month)
    return interval(env, start, end, "month", "iso-month", f"{m.group(0)!r} -> month {year}-{month:02d}")


def _numeric_day(m: re.Match, env: Env) -> dict:
    first, second, year = int(m.group("a")), int(m.group("b")), int(m.group("y"))
    if year < 100:
        year += 2000 if year < 50 else 1900
        env.flag("two_digit_year")
    if first > 12 >= second:
        day, month = first, second
    elif second > 12 >= first:
        day, month = second, first
    elif first == second:
        day = month = first
    else:
        return unresolved(f"{m.group(0)!r}: day/month order is ambiguous ({first}/{second})",
                          "numeric-date")
    return _day_result(env, year, month, day, "numeric-date", m.group(0))


def _day_month(m: re.Match, env: Env) -> dict:
    month = MONTHS[m.group("mon")]
    day = _day_number(m.group("d"))
    if day is None:
        return unresolved(f"{m.group(0)!r}: day not understood", "day-month")
    year = year_value(m.group("y")) if m.group("y") else None
    if m.group("y") and year is None:
        return unresolved(f"{m.group(0)!r}: year not understood", "day-month")
    weekday = m.groupdict().get("wd")
    if weekday and year is None and env.dct is not None:
        year = _year_matching_weekday(month, day, WEEKDAYS[weekday], env)
    result = _day_result(env, year, month, day, "day-month", m.group(0))
    if weekday and "start" in result:
        named = WEEKDAYS[weekday]
        if _dt.date.fromisoformat(result["start"]).weekday() != named:
            result["flags"].append("weekday_mismatch")
            result["why"] += f" (but that day is not a {weekday.title()})"
    return result


def _year_matching_weekday(month: int, day: int, weekday: int, env: Env) -> int | None:
    """The year near the DCT in which the day falls on the weekday written beside it.

    "Saturday, April 25" in a 1998 article can only be 1998; when no nearby
    year fits (or two do), the usual year choice from the DCT applies.
    """
    fits = [y for y in (env.dct.year - 1, env.dct.year, env.dct.year + 1)
            if (found := cal.valid_day(y, month, day)) and found.weekday() == weekday]
    if len(fits) != 1:
        return None
    env.flag("year_from_dct", "year_from_weekday")
    return fits[0]


def _range_days(m: re.Match, env: Env) -> dict:
    rule = "day-range"
    # "7-8 February" names the month last, "February 7-8" first, "7 January - 2 February" twice.
    month = MONTHS[m.group("mon") or m.group("mon1")]
    first_month = MONTHS[m.group("mon1")] if m.group("mon1") else month
    day1, day2 = _day_number(m.group("d1")), _day_number(m.group("d2"))
    if day1 is None or day2 is None:
        return unresolved(f"{m.group(0)!r}: days not understood", rule)
    year_words = m.group("y")
    if year_words:
        year = year_value(year_words)
        if year is None:
            return unresolved(f"{m.group(0)!r}: year not understood", rule)
    else:
        if env.dct is None:
            return unresolved(f"{m.group(0)!r} has no year and there is no article date to take "
                              "it from", rule)
        if cal.valid_day(2000, month, day2) is None:
            return unresolved(f"{m.group(0)!r}: no such date", rule)
        end_guess = cal.pick_year_for_day(month, day2, env.dct, env.calendar_tense)
        year = end_guess.year if end_guess else env.dct.year
        env.flag("year_from_dct")
    # A range across New Year ("30 December - 2 January 2019") starts the year before.
    start_year = year - 1 if first_month > month else year
    start = cal.valid_day(start_year, first_month, day1)
    end = cal.valid_day(year, month, day2)
    if start is None or end is None:
        return unresolved(f"{m.group(0)!r}: no such date in the range", rule)
    if end < start:
        return unresolved(f"{m.group(0)!r}: the range ends before it starts", rule)
    why = f"{m.group(0)!r} -> {start.isoformat()}..{end.isoformat()}"
    if "year_from_dct" in env.flags:
        why += f", year from the article date {env.dct.isoformat()}"
    return interval(env, start, end, "day", rule, why, "range" if start != end else "date")


def _month_year(m: re.Match, env: Env) -> dict:
    month = MONTHS[m.group("mon")]
    year = year_value(m.group("y"))
    if year is None:
        return unresolved(f"{m.group(0)!r}: year not understood", "month-year")
    start, end = cal.month_interval(year, month)
    return interval(env, start, end, "month", "month-year", f"{m.group(0)!r} -> month {year}-{month:02d}")


def _month_relative_year(m: re.Match, env: Env) -> dict:
    if env.dct is None:
        return needs_dct(m.group(0), "month-relative-year")
    month = MONTHS[m.group("mon")]
    year = env.dct.year + {"last": -1, "this": 0, "next": 1}[m.group("rel")]
    env.flag("relative_to_dct")
    start, end = cal.month_interval(year, month)
    return interval(env, start, end, "month", "month-relative-year",
                    f"{m.group(0)!r} -> month {year}-{month:02d} from the article date")


def _month_alone(m: re.Match, env: Env) -> dict:
    rule = "month"
    if env.dct is None:
        return unresolved(f"{m.group(0)!r} has no year and there is no article date to take it "
                          "from; a year would be a guess", rule)
    month = MONTHS[m.group("mon")]
    rel = m.group("rel")
    tense = env.calendar_tense
    if rel in ("last", "this past", "past"):
        tense = "past_strong"
        env.flag("relative_to_dct")
    elif rel in ("next", "this coming", "coming"):
        tense = "future"
        env.flag("relative_to_dct")
    year = cal.pick_year_for_month(month, env.dct, tense)
    if rel in ("last",) and year * 12 + month >= env.dct.year * 12 + env.dct.month:
        year -= 1
    if rel == "next" and year * 12 + month <= env.dct.year * 12 + env.dct.month:
        year += 1
    if rel == "this":
        year = env.dct.year
    env.flag("year_from_dct")
    start, end = cal.month_interval(year, month)
    return interval(env, start, end, "month", rule,
                    f"{m.group(0)!r} -> month {year}-{month:02d}, year from the article date "
                    f"{env.dct.isoformat()}")


def _year(m: re.Match, env: Env) -> dict:
    year = year_value(m.group("y"))
    if year is None or not cal.MIN_YEAR <= year <= cal.MAX_YEAR:
        return unresolved(f"{m.group(0)!r}: not a year", "year")
    if "fiscal" in m.group(0) or "financial" in m.group(0):
        env.flag("fiscal_calendar_assumed")  # a fiscal year need not be the calendar year
    start, end = cal.year_interval(year)
    return interval(env, start, end, "year", "year", f"{m.group(0)!r} -> year {year}")


def _decade(m: re.Match, env: Env) -> dict:
    digits = m.group("dec")
    if len(digits) == 2:
        if env.dct is None:
            century = 1900
            env.flag("century_assumed")
        else:
            century = (env.dct.year // 100) * 100
            if century + int(digits) > env.dct.year:
                century -= 100
            env.flag("century_from_dct")
        first = century + int(digits)
    else:
        first = int(digits)
    if first % 10:
        return unresolved(f"{m.group(0)!r}: a decade starts at a year ending in 0", "decade")
    start, end = cal.decade_interval(first)
    return interval(env, start, end, "decade", "decade", f"{m.group(0)!r} -> the decade {first}-{first + 9}")


_DECADE_WORDS = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60,
                 "seventies": 70, "eighties": 80, "nineties": 90}


def _decade_words(m: re.Match, env: Env) -> dict:
    tens = _DECADE_WORDS[m.group("w")]
    century = 1900
    if env.dct is not None and 2000 + tens <= env.dct.year:
        century = 1900  # "the nineties" still means the 1990s in a 2020s article
    first = century + tens
    env.flag("century_assumed")
    start, end = cal.decade_interval(first)
    return interval(env, start, end, "decade", "decade", f"{m.group(0)!r} -> the decade {first}-{first + 9}")


def _century(m: re.Match, env: Env) -> dict:
    number = number_value(m.group("n"))
    if not number or number > 99:
        return unresolved(f"{m.group(0)!r}: no such century", "century")
    first = (number - 1) * 100
    start, end = _dt.date(max(first, 1), 1, 1), _dt.date(first + 99, 12, 31)
    return interval(env, start, end, "century", "century", f"{m.group(0)!r} -> {first}-{first + 99}")


def _quarter(m: re.Match, env: Env) -> dict:
    rule = "quarter"
    quarter = QUARTER_WORDS[m.group("q")]
    year_words = m.group("y") or m.group("y2")
    rel = m.group("rel")
    if year_words:
        year = year_value(year_words)
        if year is None:
            return unresolved(f"{m.group(0)!r}: year not understood", rule)
    elif env.dct is None:
        return unresolved(f"{m.group(0)!r} has no year and there is no article date", rule)
    elif rel:
        year = env.dct.year + {"last": -1, "this": 0, "next": 1}[rel]
        env.flag("relative_to_dct")
    else:
        year = env.dct.year
        env.flag("year_from_dct")
    if m.group("fiscal"):
        env.flag("fiscal_calendar_assumed")
    start, end = cal.quarter_interval(year, quarter)
    return interval(env, start, end, "quarter", rule, f"{m.group(0)!r} -> {year}-Q{quarter}")


def _half(m: re.Match, env: Env) -> dict:
    half = HALF_WORDS.get(m.group("h"), 2 if m.group("h").startswith(("last", "latter")) else 1)
    year, problem = _year_or_dct(m.group("y"), env, "half-year")
    if problem:
        return problem
    start, end = cal.half_interval(year, half)
    return interval(env, start, end, "half", "half-year", f"{m.group(0)!r} -> {year}-H{half}")


def _season(m: re.Match, env: Env) -> dict:
    rule = "season"
    season = m.group("s")
    rel = m.group("rel")
    env.flag("northern_hemisphere_season")
    if m.group("y"):
        year = year_value(m.group("y"))
        if year is None:
            return unresolved(f"{m.group(0)!r}: year not understood", rule)
    elif env.dct is None:
        return unresolved(f"{m.group(0)!r} has no year and there is no article date", rule)
    else:
        year = cal.season_label_year(env.dct, season)
        start, _ = cal.season_interval(year, season)
        past = rel in ("last", "this past", "past") or (rel is None and env.calendar_tense in ("past", "past_strong"))
        future = rel in ("next", "this coming", "coming") or (rel is None and env.tense == "future")
        if rel == "last" or (past and start > env.dct):
            year -= 1
        elif rel == "next" or (future and cal.season_interval(year, season)[1] < env.dct):
            year += 1
        env.flag("relative_to_dct" if rel else "year_from_dct")
    if not cal.MIN_YEAR < year < cal.MAX_YEAR:
        return unresolved(f"{m.group(0)!r}: year {year} is outside the calendar", rule)
    start, end = cal.season_interval(year, season)
    code = SEASONS[season][0]
    return interval(env, start, end, "season", rule, f"{m.group(0)!r} -> {year}-{code}")


def _rx(pattern: str) -> re.Pattern:
    return re.compile(pattern)


M, D, Y, W, S = MONTH_RE, DAY_RE, YEAR_RE, WEEKDAY_RE, SEASON_RE
_TO = r"(?:-|/| to | and | until | till | through | thru )"
_Q = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"
_REL = r"(?:this past|this coming|last|this|next|past|coming)"

ABSOLUTE_RULES: tuple[Rule, ...] = (
    Rule("iso-date", _rx(r"(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})(?:t[\d:.]+z?)?"), _iso_day),
    Rule("iso-month", _rx(r"(?P<y>\d{4})-(?P<m>\d{2})"), _iso_month),
    Rule("numeric-date", _rx(r"(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{4}|\d{2})"), _numeric_day),
    Rule("day-range", _rx(rf"(?:from |between )?(?P<d1>{D})(?: (?:of )?(?P<mon1>{M}))?{_TO}"
                          rf"(?P<d2>{D}) (?:of )?(?P<mon>{M})(?: (?P<y>{Y}))?"), _range_days),
    Rule("day-range", _rx(rf"(?:from |between )?(?P<mon1>{M}) (?P<d1>{D}){_TO}(?:(?P<mon>{M}) )?"
                          rf"(?P<d2>{D})(?: (?P<y>{Y}))?"), None),
    Rule("day-month", _rx(rf"(?:(?P<wd>{W}) )?(?:the )?(?P<d>{D}) (?:of )?(?P<mon>{M})(?: (?P<y>{Y}))?"),
         _day_month),
    Rule("day-month", _rx(rf"(?:(?:this coming |this |next |last )?(?P<wd>{W}) )?(?P<mon>{M}) "
                          rf"(?:the )?(?P<d>{D})(?: (?P<y>{Y}))?"), _day_month),
    Rule("month-year", _rx(rf"(?P<mon>{M})(?: of)? (?P<y>{Y})"), _month_year),
    Rule("month-relative-year", _rx(rf"(?P<mon>{M})(?: of)? (?P<rel>last|this|next) year"),
         _month_relative_year),
    Rule("month", _rx(rf"(?:(?P<rel>{_REL}) )?(?P<mon>{M})"), _month_alone),
    Rule("quarter", _rx(rf"(?:the |its |their |the company's )?(?:(?P<y>{Y})(?:'s)? |(?P<rel>last|this|next) year's )?"
                        rf"(?P<fiscal>fiscal[- ])?(?P<q>{_Q}|q[1-4])(?:[- ](?:fiscal )?quarter)?"
                        rf"(?: of (?:fiscal )?(?P<y2>{Y}))?"), _quarter),
    Rule("half-year", _rx(rf"(?:the )?(?P<h>first|second|1st|2nd|last|latter|first two|last two) "
                          rf"(?:half|quarters)(?: of (?:(?:the )?year )?(?P<y>{Y}))?"),
         _half),
    Rule("season", _rx(rf"(?:the )?(?:(?P<rel>{_REL}) )?(?P<s>{S})(?: (?:of )?(?P<y>{Y}))?"), _season),
    Rule("year", _rx(rf"(?:(?:the )?(?:calendar |fiscal |financial )?year |fiscal )?(?P<y>{Y})"), _year),
    Rule("decade", _rx(r"(?:the )?'?(?P<dec>(?:1[5-9]|20)\d0|\d0)'?s"), _decade),
    Rule("decade", _rx(r"(?:the )?(?P<w>twenties|thirties|forties|fifties|sixties|seventies|"
                       r"eighties|nineties)"), _decade_words),
    Rule("century", _rx(r"(?:the )?(?P<n>\d{1,2}(?:st|nd|rd|th)|\w+) century"), _century),
)
# The second day-range shape shares the first one's handler.
ABSOLUTE_RULES = tuple(
    Rule(r.name, r.pattern, r.handler or _range_days) for r in ABSOLUTE_RULES
)
