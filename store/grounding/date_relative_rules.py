"""Rules for dates that only mean something against the article date.

Weekdays, "yesterday", "last week", "two years ago", "the quarter", "now":
each needs the DCT (without it the result is unresolved and says so) and is
flagged `relative_to_dct` so a reviewer knows the value is an inference.
"""

from __future__ import annotations

import datetime as _dt
import re

from store.grounding import date_calendar as cal
from store.grounding.date_patterns import (
    COUNT_RE,
    MONTH_RE,
    MONTHS,
    QUARTER_WORDS,
    WEEKDAY_NAMES,
    WEEKDAY_RE,
    WEEKDAYS,
    YEAR_RE,
    vague_count,
    year_value,
)
from store.grounding.date_rules import Env, Rule, interval, needs_dct, unresolved

_DAY = _dt.timedelta(days=1)
_QUARTER_CONTEXT = re.compile(r"quarter|\bperiod\b|\bq[1-4]\b", re.IGNORECASE)
# An earnings comparison ("net rose to $87 million from $58 million a year earlier"):
# business news compares a reporting period with the same period a year before.
_RESULTS_CONTEXT = re.compile(
    r"\b(?:net income|net loss|net (?:rose|fell|was|jumped|declined|climbed|dropped)|earnings|"
    r"earned|revenue|sales|profit|a share|cents a share)\b", re.IGNORECASE)
_NAMED_QUARTER = re.compile(r"\b(first|second|third|fourth)[- ](?:fiscal[- ])?quarter", re.IGNORECASE)


def _relative(env: Env) -> None:
    env.flag("relative_to_dct")


def _weekday(m: re.Match, env: Env) -> dict:
    rule = "weekday"
    if env.dct is None:
        return needs_dct(m.group(0), rule)
    weekday = WEEKDAYS[m.group("wd")]
    rel = m.group("rel")
    name = WEEKDAY_NAMES[weekday]
    _relative(env)
    if rel in ("last", "this past", "past", "the previous", "previous"):
        found = cal.weekday_near(env.dct - _DAY, weekday, future=False)
        how = f"last {name} before"
    elif rel in ("next", "this coming", "coming", "the following", "following"):
        found = cal.weekday_near(env.dct + _DAY, weekday, future=True)
        how = f"next {name} after"
    elif rel == "this":
        # "this Sunday": the one of the article's own week, Monday to Sunday.
        found = cal.week_interval(env.dct)[0] + _dt.timedelta(days=weekday)
        how = f"{name} of the week of"
    elif env.tense == "future" or ("until" in env.flags and env.tense != "past"):
        # "the curfew lasts until Friday": a deadline looks forward unless the verb is past.
        found = cal.weekday_near(env.dct, weekday, future=True)
        how = f"next {name} on or after (future context)"
    else:
        found = cal.weekday_near(env.dct, weekday, future=False)
        how = f"last {name} on or before"
    why = f"weekday {m.group(0)!r} -> {how} the article date {env.dct.isoformat()}"
    return interval(env, found, found, "day", rule, why)


_DAY_OFFSETS = {"today": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
                "tonight": 0, "yesterday": -1, "last night": -1, "tomorrow": 1,
                "the day before yesterday": -2, "the day after tomorrow": 2}


def _named_day(m: re.Match, env: Env) -> dict:
    words = m.group(0)
    if env.dct is None:
        return needs_dct(words, "relative-day")
    if words in ("tonight", "last night", "this evening"):
        env.flag("night")
    _relative(env)
    found = env.dct + _dt.timedelta(days=_DAY_OFFSETS[words])
    return interval(env, found, found, "day", "relative-day",
                    f"{words!r} -> {found.isoformat()} from the article date {env.dct.isoformat()}")


def _overnight(m: re.Match, env: Env) -> dict:
    if env.dct is None:
        return needs_dct(m.group(0), "overnight")
    env.flag("night")
    _relative(env)
    return interval(env, env.dct - _DAY, env.dct, "day", "overnight",
                    f"{m.group(0)!r} -> the night before the article date {env.dct.isoformat()}",
                    "range")


_QUARTER_ENDED = re.compile(
    r"\b(?:quarter|period|months?)\s+(?:ended|ending|that ended|through)\s+(?P<mon>" + MONTH_RE
    + r")\.?\s+(?P<d>\d{1,2})\b", re.IGNORECASE)


def _quarter_in_context(env: Env) -> tuple[int, int] | None:
    """The quarter a financial sentence is about: a named one, else the last completed one.

    "the quarter ended July 31" (a fiscal quarter, May to July) is the calendar
    quarter holding most of its three months, the one of its middle month.
    """
    assert env.dct is not None
    named = _NAMED_QUARTER.search(env.context)
    if named:
        return env.dct.year, QUARTER_WORDS[named.group(1).lower()]
    ended = _QUARTER_ENDED.search(env.context)
    if ended:
        month = MONTHS[ended.group("mon").lower()]
        year = env.dct.year if month <= env.dct.month else env.dct.year - 1
        middle_year, middle_month = cal.shift_months(_dt.date(year, month, 1), -1)
        env.flag("quarter_from_context")
        return middle_year, (middle_month - 1) // 3 + 1
    quarter = cal.quarter_of(env.dct) - 1
    return (env.dct.year, quarter) if quarter else (env.dct.year - 1, 4)


_LONGER_PERIOD_CONTEXT = re.compile(r"\b(?:fiscal|full|the) year\b",
                                    re.IGNORECASE)


# A sentence about the year so far ("for the nine months", "in the first nine months") compares
# that stretch with the same stretch a year before: the year, not a quarter, is meant.
_YEAR_TO_DATE_CONTEXT = re.compile(r"\b(?:nine|9|ten|eleven|twelve|12)[- ]months?\b|\byear[- ]to[- ]date\b",
                                   re.IGNORECASE)


def _reporting_period_context(env: Env) -> bool:
    """Whether "a year earlier" in this sentence compares quarterly results."""
    if _YEAR_TO_DATE_CONTEXT.search(env.context) and not re.search(r"quarter|\bq[1-4]\b", env.context, re.I):
        env.flag("year_to_date_context")
        return False
    if _QUARTER_CONTEXT.search(env.context):
        return True
    if _LONGER_PERIOD_CONTEXT.search(env.context):
        return False
    if _RESULTS_CONTEXT.search(env.context):
        env.flag("reporting_period_assumed")
        return True
    return False


def _quarter_result(env: Env, year: int, quarter: int, rule: str, why: str) -> dict:
    start, end = cal.quarter_interval(year, quarter)
    return interval(env, start, end, "quarter", rule, f"{why} -> {year}-Q{quarter}")


def _units_ago(m: re.Match, env: Env) -> dict:
    rule = "units-ago"
    words = m.group(0)
    if env.dct is None:
        return needs_dct(words, rule)
    unit = m.group("unit")
    future = m.group("dir") in ("later", "from now", "hence", "ahead")
    count = vague_count(m.group("n"))
    _relative(env)
    if count is None:
        kind = "future_ref" if future else "past_ref"
        return _reference(env, kind, rule, f"{words!r}: a vague count of {unit}s")
    sign = 1 if future else -1
    if unit == "year" and count == 1 and not future and _reporting_period_context(env):
        year, quarter = _quarter_in_context(env)
        env.flag("quarter_from_context")
        return _quarter_result(env, year - 1, quarter, rule, f"{words!r} in a sentence about a quarter")
    if unit == "day":
        found = env.dct + _dt.timedelta(days=sign * count)
        return interval(env, found, found, "day", rule, f"{words!r} -> {found.isoformat()}")
    if unit == "week":
        start, end = cal.week_interval(env.dct + _dt.timedelta(weeks=sign * count))
        return interval(env, start, end, "week", rule, f"{words!r} -> the week of {start.isoformat()}")
    if unit == "month":
        year, month = cal.shift_months(env.dct, sign * count)
        start, end = cal.month_interval(year, month)
        return interval(env, start, end, "month", rule, f"{words!r} -> month {year}-{month:02d}")
    if unit == "decade":
        first = (env.dct.year + sign * 10 * count) // 10 * 10
        start, end = cal.decade_interval(first)
        return interval(env, start, end, "decade", rule, f"{words!r} -> the {first}s")
    year = env.dct.year + sign * count
    if not cal.MIN_YEAR <= year <= cal.MAX_YEAR:
        return unresolved(f"{words!r}: year {year} is out of range", rule)
    start, end = cal.year_interval(year)
    return interval(env, start, end, "year", rule, f"{words!r} -> year {year}")


_REL_SHIFT = {"last": -1, "past": -1, "the past": -1, "the last": -1, "previous": -1, "this": 0, "the current": 0,
              "current": 0, "the": 0, "next": 1, "the coming": 1, "coming": 1, "the next": 1}


def _relative_period(m: re.Match, env: Env) -> dict:
    rule = "relative-period"
    words = m.group(0)
    rel = (m.group("rel") or "the").strip()
    unit = m.group("unit")
    if rel in ("the following", "the previous", "the same", "that", "following"):
        return unresolved(f"{words!r} refers to a time named elsewhere in the article, not to "
                          "the article date", rule)
    if env.dct is None:
        return needs_dct(words, rule)
    shift = _REL_SHIFT.get(rel, 0)
    _relative(env)
    if unit == "week":
        start, end = cal.week_interval(env.dct + _dt.timedelta(weeks=shift))
        return interval(env, start, end, "week", rule, f"{words!r} -> the week of {start.isoformat()}")
    if unit == "weekend":
        saturday = _weekend_saturday(env, shift)
        return interval(env, saturday, saturday + _DAY, "day", rule,
                        f"{words!r} -> {saturday.isoformat()}..{(saturday + _DAY).isoformat()}",
                        "weekend")
    if unit == "month":
        year, month = cal.shift_months(env.dct, shift)
        start, end = cal.month_interval(year, month)
        return interval(env, start, end, "month", rule, f"{words!r} -> month {year}-{month:02d}")
    if unit in ("quarter", "period"):
        if rel == "the":
            year, quarter = _quarter_in_context(env)
            env.flag("anaphoric")
            return _quarter_result(env, year, quarter, rule, f"{words!r}: the quarter being reported")
        index = env.dct.year * 4 + cal.quarter_of(env.dct) - 1 + shift
        return _quarter_result(env, index // 4, index % 4 + 1, rule, repr(words))
    if unit == "decade":
        first = (env.dct.year // 10 + shift) * 10
        start, end = cal.decade_interval(first)
        return interval(env, start, end, "decade", rule, f"{words!r} -> the {first}s")
    year = env.dct.year + shift
    start, end = cal.year_interval(year)
    return interval(env, start, end, "year", rule, f"{words!r} -> year {year}")


def _weekend_saturday(env: Env, shift: int) -> _dt.date:
    """The Saturday of the weekend meant: the last one, this one (by tense), or the next."""
    in_weekend = env.dct.weekday() >= 5
    last_saturday = cal.weekday_near(env.dct, 5, future=False)
    if shift < 0:
        return last_saturday - _dt.timedelta(days=7) if in_weekend else last_saturday
    if shift > 0:
        return cal.weekday_near(env.dct + _DAY, 5, future=True) + \
            (_dt.timedelta(days=7) if in_weekend else _dt.timedelta(0))
    if env.tense == "future" and not in_weekend:
        return cal.weekday_near(env.dct, 5, future=True)
    return last_saturday


def _last_completed_quarter(dct: _dt.date) -> tuple[int, int]:
    quarter = cal.quarter_of(dct) - 1
    return (dct.year, quarter) if quarter else (dct.year - 1, 4)


def _latest_quarter(m: re.Match, env: Env) -> dict:
    if env.dct is None:
        return needs_dct(m.group(0), "latest-quarter")
    env.flag("anaphoric")
    _relative(env)
    year, quarter = _quarter_in_context(env)
    return _quarter_result(env, year, quarter, "latest-quarter", f"{m.group(0)!r}: the quarter reported")


def _latest_fiscal_year(m: re.Match, env: Env) -> dict:
    """ "the latest fiscal year": the last one reported in full, the year before the article's."""
    if env.dct is None:
        return needs_dct(m.group(0), "latest-fiscal-year")
    env.flag("fiscal_calendar_assumed", "anaphoric")
    _relative(env)
    year = env.dct.year - 1
    start, end = cal.year_interval(year)
    return interval(env, start, end, "year", "latest-fiscal-year",
                    f"{m.group(0)!r}: the last full year reported before the article date -> {year}")


def _year_ago_quarter(m: re.Match, env: Env) -> dict:
    if env.dct is None:
        return needs_dct(m.group(0), "year-ago-quarter")
    env.flag("anaphoric")
    _relative(env)
    year, quarter = _quarter_in_context(env)
    if m.group("q"):
        quarter = QUARTER_WORDS[m.group("q")]
    if m.group("y"):
        named = year_value(m.group("y"))
        if named is None:
            return unresolved(f"{m.group(0)!r}: year not understood", "year-ago-quarter")
        if not m.group("q") and not _reporting_period_context(env):
            # "the 1988 period" beside "the first nine months": that stretch of 1988.
            start, end = cal.year_interval(named)
            return interval(env, start, end, "year", "year-ago-quarter",
                            f"{m.group(0)!r} in a sentence about the year so far -> year {named}")
        return _quarter_result(env, named, quarter, "year-ago-quarter", repr(m.group(0)))
    return _quarter_result(env, year - 1, quarter, "year-ago-quarter",
                           f"{m.group(0)!r}: the same quarter a year before")


def _year_ago_bare(m: re.Match, env: Env) -> dict:
    """ "year-earlier", "year-ago": adjectives whose period the sentence names."""
    if env.dct is None:
        return needs_dct(m.group(0), "year-ago")
    _relative(env)
    if _reporting_period_context(env):
        year, quarter = _quarter_in_context(env)
        env.flag("quarter_from_context")
        return _quarter_result(env, year - 1, quarter, "year-ago", f"{m.group(0)!r} in a sentence about a quarter")
    start, end = cal.year_interval(env.dct.year - 1)
    return interval(env, start, end, "year", "year-ago", f"{m.group(0)!r} -> year {env.dct.year - 1}")


def _year_end(m: re.Match, env: Env) -> dict:
    """ "by year-end": the end of the article's year; "since year-end" in October: the last one."""
    if env.dct is None:
        return needs_dct(m.group(0), "year-end")
    env.flag("end", "year_from_dct")
    year = env.dct.year
    if ("since" in env.flags or env.calendar_tense == "past_strong") and env.dct.month < 12:
        year -= 1  # the end of the article's own year is still to come
    start, end = cal.year_interval(year)
    return interval(env, start, end, "year", "year-end", f"{m.group(0)!r} -> the end of {year}")


_REFERENCE_KINDS = {"present_ref": "PRESENT_REF", "past_ref": "PAST_REF", "future_ref": "FUTURE_REF"}


def _reference(env: Env, kind: str, rule: str, why: str) -> dict:
    """A vague time: present (the DCT itself), past (open start, up to the DCT), future."""
    assert env.dct is not None
    start = None if kind == "past_ref" else env.dct.isoformat()
    end = None if kind == "future_ref" else env.dct.isoformat()
    return {"start": start, "end": end, "precision": "vague", "kind": kind, "flags": list(env.flags),
            "why": f"{why} -> {_REFERENCE_KINDS[kind]} (relative to the article date "
                   f"{env.dct.isoformat()})", "rule": rule}


def _ref_handler(kind: str):
    def handler(m: re.Match, env: Env) -> dict:
        if env.dct is None:
            return needs_dct(m.group(0), kind)
        _relative(env)
        return _reference(env, kind, kind.replace("_", "-"), f"{m.group(0)!r}: a vague {kind[:-4]} time")
    return handler


def _rx(pattern: str) -> re.Pattern:
    return re.compile(pattern)


_UNITS = r"(?P<unit>day|week|month|year|decade)s?"
_PLURAL_UNITS = r"(?:days|weeks|months|years|decades|quarters)"
PRESENT_WORDS = (r"now|right now|just now|currently|current|already|yet|at present|presently|these days|"
                 r"nowadays|at the moment|at this time|at this moment|this moment|this crucial moment|"
                 r"the present|present")
PAST_WORDS = (rf"recently|recent|more recently|lately|previously|formerly|earlier|once|the past|"
              rf"in the past|{_PLURAL_UNITS} ago|(?:in )?recent {_PLURAL_UNITS}(?: and {_PLURAL_UNITS})?|past {_PLURAL_UNITS}|"
              rf"(?:the )?(?:last|past) (?:few|several|many) {_PLURAL_UNITS}|then current")
FUTURE_WORDS = (rf"soon|shortly|future|the future|in the future|the near future|the near term|"
                rf"the short term|the long term|the longer term|the medium term|(?:the )?coming "
                rf"{_PLURAL_UNITS}|(?:in )?the {_PLURAL_UNITS} ahead|future {_PLURAL_UNITS}|"
                rf"a later date|as soon as possible|one day|someday|later")

def _weekday_span(m: re.Match, env: Env) -> dict:
    """ "the night of Wednesday to Thursday", "Saturday-Sunday": two weekdays as one range."""
    rule = "weekday-range"
    if env.dct is None:
        return needs_dct(m.group(0), rule)
    first = WEEKDAYS[m.group("wd1") or m.group("wd1b")]
    second = WEEKDAYS[m.group("wd2") or m.group("wd2b")]
    span = (second - first) % 7
    if span == 0:
        return unresolved(f"{m.group(0)!r}: a range from a weekday to itself", rule)
    _relative(env)
    if env.tense == "future":
        start = cal.weekday_near(env.dct, first, future=True)
    else:
        # The range ends on or before the DCT in reporting: the last such end day, minus the span.
        start = cal.weekday_near(env.dct, second, future=False) - _dt.timedelta(days=span)
    end = start + _dt.timedelta(days=span)
    return interval(env, start, end, "day", rule,
                    f"{m.group(0)!r} -> {start.isoformat()}..{end.isoformat()} "
                    f"({WEEKDAY_NAMES[first]} to {WEEKDAY_NAMES[second]} near the article date "
                    f"{env.dct.isoformat()})", "range")


RELATIVE_RULES: tuple[Rule, ...] = (
    # "Monday and Tuesday" lists two days; only "between ... and" makes "and" a range.
    Rule("weekday-range", _rx(rf"(?:from )?(?P<wd1>{WEEKDAY_RE})(?: night)?(?:-| to | into | through )"
                              rf"(?P<wd2>{WEEKDAY_RE})|between (?P<wd1b>{WEEKDAY_RE}) and (?P<wd2b>{WEEKDAY_RE})"),
         _weekday_span),
    Rule("weekday", _rx(rf"(?:(?P<rel>this past|this coming|the previous|the following|last|this|"
                        rf"next|past|coming|previous|following) )?(?P<wd>{WEEKDAY_RE})"), _weekday),
    Rule("relative-day", _rx(r"today|tonight|yesterday|tomorrow|last night|this morning|"
                             r"this afternoon|this evening|the day before yesterday|"
                             r"the day after tomorrow"), _named_day),
    Rule("overnight", _rx(r"overnight|during the night|in the night"), _overnight),
    Rule("year-ago-quarter", _rx(rf"(?:the |a )?(?:(?P<y>{YEAR_RE}) |(?:(?:corresponding|comparable|same) )?"
                                 rf"(?:year[- ]earlier|year[- ]ago|corresponding|comparable|same|last year's|"
                                 rf"prior[- ]year) )"
                                 rf"(?:(?P<q>first|second|third|fourth) )?(?:fiscal )?(?:quarter|period)"
                                 rf"(?: (?:a year (?:ago|earlier|before)|last year|of last year|"
                                 rf"the year before|in \d{{4}}))?"), _year_ago_quarter),
    Rule("year-ago-quarter", _rx(r"(?:the )?(?P<q>)(?P<y>)quarter a year (?:ago|earlier)"), _year_ago_quarter),
    Rule("latest-quarter", _rx(r"(?:the )?(?:latest|most recent|recent|reporting|just[- ]ended) "
                               r"(?:fiscal )?(?:quarter|period)|the period|the quarter just ended"),
         _latest_quarter),
    Rule("latest-fiscal-year", _rx(r"(?:the |its |their )?(?:latest|most recent|last|last full|previous|prior|"
                                   r"past|just[- ](?:ended|completed)) (?:fiscal|financial) year"),
         _latest_fiscal_year),
    Rule("units-ago", _rx(rf"(?:nearly |almost |about |some |more than |over |roughly |just )?"
                          rf"(?P<n>{COUNT_RE}) {_UNITS}(?: or so)? "
                          rf"(?P<dir>ago|earlier|before|later|from now|hence|ahead)"), _units_ago),
    Rule("year-ago", _rx(r"year[- ]earlier|year[- ]ago|a year earlier|a year ago|a year before"),
         _year_ago_bare),
    Rule("year-end", _rx(r"year[- ]end|year's end|the year's end|end[- ]of[- ]year"), _year_end),
    Rule("relative-period", _rx(r"(?:(?P<rel>last|this|next|the past|the last|the current|the coming|the next|"
                                r"the following|the previous|the same|past|current|coming|previous|"
                                r"that|the) )?(?P<unit>week|weekend|month|year|quarter|period|decade)"),
         _relative_period),
    Rule("present-ref", _rx(PRESENT_WORDS), _ref_handler("present_ref")),
    Rule("past-ref", _rx(PAST_WORDS), _ref_handler("past_ref")),
    Rule("future-ref", _rx(FUTURE_WORDS), _ref_handler("future_ref")),
)
