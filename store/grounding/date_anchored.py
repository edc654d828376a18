"""Date expressions that need more than their own words and the article date.

Some of them lean on another date of the same sentence ("On 22 May 1995 he
was promoted, and the following year ..."), some on the words just outside
the selection ("would be redeemed in [five years]", "saying at [the time]"),
and some pick a period around a day ("the week of 7 March", "on the 15th").
`resolve_special` returns a result for those, or None to let the ordinary
rules read the words. Nothing here raises on bad input; an anchor that cannot
be found leaves the expression to the ordinary rules, which say it is
unresolved.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable

from store.grounding import date_calendar as cal
from store.grounding.date_patterns import COUNT_RE, MONTH_RE, WEEKDAY_RE, number_value, vague_count
from store.grounding.date_rules import Env, interval, needs_dct, unresolved

_DAY = _dt.timedelta(days=1)
_UNIT = r"(?P<unit>day|week|month|year)s?"

# "that year", "the following month", "the day before", "the same week".
_ANAPHORA = re.compile(
    r"(?:(?P<same>that|the same)|the (?P<after>following|next|subsequent)|"
    r"the (?P<before>previous|preceding|prior)) (?P<unit>day|week|month|year|(?P<part>night|evening|morning|afternoon))"
    r"|the (?P<unit2>day|week|month|year) (?P<dir2>after|before)"
)
# "three years later", "two days after": counted from a date of the sentence, not the DCT.
_UNITS_LATER = re.compile(rf"(?:some |about |nearly |almost )?(?P<n>{COUNT_RE}) {_UNIT} (?:later|after)")
_AT_THE_TIME = re.compile(r"(?:at )?(?:the|that) time")
# "in five years", "in a year or two": a point ahead of the DCT when the sentence looks forward.
_IN_UNITS = re.compile(rf"(?P<in>in )?(?P<n>{COUNT_RE}) {_UNIT}(?P<vague> or (?:two|three|so|more))?")
# "the past two weeks", "the last three months": the stretch of days up to the DCT.
_PAST_UNITS = re.compile(rf"(?:the )?(?:past|last|previous) (?P<n>\d{{1,3}}|{COUNT_RE}) {_UNIT}")
_WEEK_OF = re.compile(r"(?:the )?week (?P<how>of|beginning|starting|commencing|ending|containing) (?P<day>.+)")
# "the first week of January", "the last week of March 2021": seven days of a month.
_WEEK_OF_MONTH = re.compile(r"(?:the )?(?P<nth>first|second|third|fourth|last|final) week of (?P<month>.+)")
_ORDINAL_DAY = re.compile(r"(?:the )?(?P<d>\d{1,2})(?:st|nd|rd|th)(?: of (?:the|this) month)?")

_PREFILTER = re.compile(r"year|month|week|day|time|night|evening|morning|afternoon|\d(?:st|nd|rd|th)\b")

# Dates that can anchor an anaphoric expression, in the raw sentence.
_ANCHOR = re.compile(
    rf"\b(?:(?:{MONTH_RE})\.? \d{{1,2}}(?:st|nd|rd|th)?,? (?:1[5-9]|20)\d\d"
    rf"|\d{{1,2}}(?:st|nd|rd|th)? (?:of )?(?:{MONTH_RE}),? (?:1[5-9]|20)\d\d"
    rf"|(?:{MONTH_RE})\.?,? (?:of )?(?:1[5-9]|20)\d\d"
    rf"|(?:{MONTH_RE})\.? \d{{1,2}}(?:st|nd|rd|th)?\b"
    rf"|\d{{1,2}}(?:st|nd|rd|th)? (?:of )?(?:{MONTH_RE})\b"
    rf"|(?:{WEEKDAY_RE})\b"
    rf"|(?<![\d,.$£€])(?:1[5-9]|20)\d\d(?![\d%]|[.,]\d))",
    re.IGNORECASE,
)
# "January-March 2021", "from 2019 to 2021", "between March 2020 and May 2021": two dates as one range.
_RANGE_SEPARATOR = re.compile(r" ?- ?| to | until | till | through | thru | and ")
_RANGE_PREFIX = re.compile(r"(?:from|between) ")
_TRAILING_YEAR = re.compile(r" ((?:1[5-9]|20)\d\d)$")
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "quarter": 3, "half": 3, "season": 3, "year": 4}

Inner = Callable[[str, int, int], dict]


def might_apply(core: str) -> bool:
    """A cheap test: whether `resolve_special` could read these words at all."""
    if _PREFILTER.search(core) is None:
        return False
    if core == "day":
        return True
    return any(p.fullmatch(core) for p in (_ANAPHORA, _UNITS_LATER, _AT_THE_TIME, _IN_UNITS, _PAST_UNITS,
                                           _WEEK_OF_MONTH, _WEEK_OF, _ORDINAL_DAY))


def resolve_special(core: str, words: str, env: Env, position: tuple[int, int] | None,
                    inner: Inner) -> dict | None:
    """A result for the expressions this module knows, or None to try the ordinary rules.

    `core` is the normalised, peeled words; `words` the normalised selection
    before peeling (it may still hold "in" or "at"); `position` where the
    selection sits in `env.context`; `inner(context, start, end)` resolves
    another expression of the sentence (an anchor) with the ordinary rules.
    """
    if not _PREFILTER.search(core):
        return None
    before = env.context[:position[0]] if position else ""
    if core == "day" and {"earlier", "later"} & set(env.flags):
        # "later in the day": the day of the date before it in the sentence.
        result = resolve_special("that day", words, env, position, inner)
        if result is not None:
            result["why"] = result["why"].replace("'that day'", repr(words), 1)
        return result
    match = _ANAPHORA.fullmatch(core)
    if match:
        after = env.context[position[1]:] if position else ""
        if match.group("dir2") and re.match(r"\s*[a-z0-9]", after, re.I):
            return None  # "the day before the vote": before the event named next, not an anchor
        return _anaphoric(match, env, before, inner)
    match = _UNITS_LATER.fullmatch(core)
    if match:
        return _counted_from_anchor(match, env, before, inner)
    if _AT_THE_TIME.fullmatch(core) and (words.startswith("at ") or re.search(r"\bat\s+$", before, re.I)):
        return _at_the_time(core, env)
    match = _IN_UNITS.fullmatch(core)
    if match and (words.startswith("in ") or re.search(r"\bin\s+$", before, re.I)):
        return _in_units(match, env, before)
    match = _PAST_UNITS.fullmatch(core)
    if match:
        return _past_units(match, env)
    match = _WEEK_OF_MONTH.fullmatch(core)
    if match:
        return _week_of_month(match, env, inner)
    match = _WEEK_OF.fullmatch(core)
    if match:
        return _week_of(match, env, inner)
    match = _ORDINAL_DAY.fullmatch(core)
    if match:
        return _ordinal_day(match, env)
    return None


def _anchor(before: str, inner: Inner, finest: str) -> tuple[dict, str] | None:
    """The last date before the words in the sentence, at `finest` precision or finer."""
    for found in reversed(list(_ANCHOR.finditer(before))):
        result = inner(before, found.start(), found.end())
        if result.get("unresolved") or result.get("precision") not in _PRECISION_RANK:
            continue
        if result.get("start") != result.get("end") and result["precision"] == "day":
            continue
        if _PRECISION_RANK[result["precision"]] <= _PRECISION_RANK[finest]:
            return result, found.group(0)
    return None


def _shifted(start: _dt.date, unit: str, count: int) -> tuple[_dt.date, _dt.date]:
    """The `unit` holding `start`, moved by `count` units."""
    if unit == "day":
        day = start + _dt.timedelta(days=count)
        return day, day
    if unit == "week":
        return cal.week_interval(start + _dt.timedelta(weeks=count))
    if unit == "month":
        return cal.month_interval(*cal.shift_months(start, count))
    return cal.year_interval(start.year + count)


def _anaphoric(m: re.Match, env: Env, before: str, inner: Inner) -> dict | None:
    unit = m.group("unit") or m.group("unit2")
    if m.group("part"):
        # "that night", "the following morning": a day, and the night is flagged.
        if m.group("part") in ("night", "evening"):
            env.flag("night" if m.group("part") == "night" else "evening")
        unit = "day"
    if m.group("same"):
        shift = 0
    elif m.group("after") or m.group("dir2") == "after":
        shift = 1
    else:
        shift = -1
    found = _anchor(before, inner, unit)
    if found is None and unit == "day":
        # No rule name: the finder does not offer it, the coder who selects it learns why.
        return unresolved(f"{m.group(0)!r} refers to a day named elsewhere in the article, and no "
                          "date comes before it in the sentence")
    if found is None:
        return None  # the ordinary rules say it refers to a time named elsewhere
    anchor, anchor_words = found
    return _from_anchor(env, anchor, anchor_words, unit, shift, m.group(0), "anaphoric")


def _counted_from_anchor(m: re.Match, env: Env, before: str, inner: Inner) -> dict | None:
    count = vague_count(m.group("n"))
    unit = m.group("unit")
    if count is None:
        return None
    found = _anchor(before, inner, unit)
    if found is None:
        if env.tense == "past":
            # "three years later he returned": later than a time the article named elsewhere.
            return unresolved(f"{m.group(0)!r} counts from a time named elsewhere in the article, "
                              "not from the article date", "units-after-anchor")
        return None  # looking forward: counted from the DCT by the usual rule
    anchor, anchor_words = found
    return _from_anchor(env, anchor, anchor_words, unit, count, m.group(0), "units-after-anchor")


def _from_anchor(env: Env, anchor: dict, anchor_words: str, unit: str, shift: int, words: str,
                 rule: str) -> dict:
    if "year_from_dct" in anchor["flags"]:
        env.flag("year_from_dct")
    env.flag("anaphoric")
    try:
        start, end = _shifted(_dt.date.fromisoformat(anchor["start"]), unit, shift)
    except (OverflowError, ValueError):
        return unresolved(f"{words!r}: out of the calendar from {anchor_words!r}", rule)
    precision = "day" if unit == "day" else unit
    how = {0: f"the same {unit} as", 1: f"the {unit} after", -1: f"the {unit} before"}.get(
        shift, f"{shift} {unit}s after")
    return interval(env, start, end, precision, rule,
                    f"{words!r} -> {start.isoformat()}" + (f"..{end.isoformat()}" if end != start else "")
                    + f": {how} {anchor_words!r}, earlier in the sentence")


def _at_the_time(core: str, env: Env) -> dict:
    if env.dct is None:
        return needs_dct(core, "at-the-time")
    env.flag("anaphoric", "relative_to_dct")
    future = env.tense == "future"
    kind = "future_ref" if future else "past_ref"
    start, end = (env.dct.isoformat(), None) if future else (None, env.dct.isoformat())
    return {"start": start, "end": end, "precision": "vague", "kind": kind, "flags": list(env.flags),
            "why": f"'at {core}': a time named elsewhere, {'after' if future else 'before'} the "
                   f"article date {env.dct.isoformat()} -> {kind.upper()}", "rule": "at-the-time"}


_MODAL_BEFORE = re.compile(r"\b(?:may|might|could|can|should)\b(?!.*\b(?:was|were|had|did)\b)", re.IGNORECASE)


def _in_units(m: re.Match, env: Env, before: str) -> dict | None:
    """ "in five years" looking forward: the year five years after the DCT; looking back it is a span."""
    rule = "in-units"
    # "you may, in a year or two, save lives": a modal looks forward as "will" does.
    modal = _MODAL_BEFORE.search(before[-60:]) is not None
    if "future" not in (env.tense, env.calendar_tense) and not modal:
        return None  # "the first rise in five years": a duration, left to the ordinary rules
    words = "in " + m.group(0).removeprefix("in ")
    if env.dct is None:
        return needs_dct(words, rule)
    env.flag("relative_to_dct")
    count = vague_count(m.group("n"))
    unit = m.group("unit")
    if count is None or m.group("vague"):
        return {"start": env.dct.isoformat(), "end": None, "precision": "vague", "kind": "future_ref",
                "flags": list(env.flags), "rule": rule,
                "why": f"{words!r}: a vague count of {unit}s ahead of the article date "
                       f"{env.dct.isoformat()} -> FUTURE_REF"}
    try:
        start, end = _shifted(env.dct, unit, count)
    except (OverflowError, ValueError):
        return unresolved(f"{words!r}: out of the calendar", rule)
    return interval(env, start, end, unit, rule,
                    f"{words!r} -> {start.isoformat()}..{end.isoformat()}: {count} {unit}(s) after the "
                    f"article date {env.dct.isoformat()} (future context)")


def _past_units(m: re.Match, env: Env) -> dict | None:
    """ "the past two weeks": from that many units before the DCT up to the DCT."""
    rule = "past-units"
    count = vague_count(m.group("n"))
    if count is None:
        return None  # "the past few weeks": a vague past, the ordinary rule
    if env.dct is None:
        return needs_dct(m.group(0), rule)
    unit = m.group("unit")
    if count > 500 or (unit == "year" and env.dct.year - count < cal.MIN_YEAR):
        return unresolved(f"{m.group(0)!r}: too long a stretch to be a date", rule)
    env.flag("relative_to_dct")
    # The stretch ends on the DCT and holds that many units of days: "the past two weeks" is 14 days.
    if unit == "day":
        back = env.dct - _dt.timedelta(days=count)
    elif unit == "week":
        back = env.dct - _dt.timedelta(weeks=count)
    elif unit == "month":
        year, month = cal.shift_months(env.dct, -count)
        back = cal.valid_day(year, month, env.dct.day) or cal.month_interval(year, month)[1]
    else:
        back = cal.valid_day(env.dct.year - count, env.dct.month, env.dct.day) or \
            _dt.date(env.dct.year - count, env.dct.month, 28)
    start = back + _DAY
    return interval(env, start, env.dct, "day", rule,
                    f"{m.group(0)!r} -> {start.isoformat()}..{env.dct.isoformat()}, up to the article date",
                    "range")


def _week_of(m: re.Match, env: Env, inner: Inner) -> dict | None:
    day_words = m.group("day")
    found = inner(day_words, 0, len(day_words))
    if found.get("unresolved") or found.get("precision") != "day" or found["start"] != found["end"]:
        return None
    env.flag(*found["flags"])
    day = _dt.date.fromisoformat(found["start"])
    how = m.group("how")
    if how in ("beginning", "starting", "commencing"):
        start, end = day, day + 6 * _DAY
    elif how == "ending":
        start, end = day - 6 * _DAY, day
    else:
        start, end = cal.week_interval(day)
    return interval(env, start, end, "week", "week-of",
                    f"{m.group(0)!r} -> {start.isoformat()}..{end.isoformat()}, the week {how} "
                    f"{day.isoformat()}")


def _week_of_month(m: re.Match, env: Env, inner: Inner) -> dict | None:
    words = m.group("month")
    found = inner(words, 0, len(words))
    if found.get("unresolved") or found.get("precision") != "month":
        return None
    env.flag(*found["flags"])
    first, last = _dt.date.fromisoformat(found["start"]), _dt.date.fromisoformat(found["end"])
    nth = m.group("nth")
    if nth in ("last", "final"):
        start, end = last - 6 * _DAY, last
    else:
        start = first + _dt.timedelta(days=7 * ("first", "second", "third", "fourth").index(nth))
        end = start + 6 * _DAY
    return interval(env, start, end, "week", "week-of-month",
                    f"{m.group(0)!r} -> {start.isoformat()}..{end.isoformat()}, days "
                    f"{start.day}-{end.day} of {first.strftime('%B %Y')}")


def _ordinal_day(m: re.Match, env: Env) -> dict:
    """ "on the 15th": a day of the article's month, or of the month before in reporting."""
    rule = "ordinal-day"
    day = number_value(m.group("d"))
    if not day or day > 31:
        return unresolved(f"{m.group(0)!r}: no such day of a month", rule)
    if env.dct is None:
        return unresolved(f"{m.group(0)!r} names no month, and there is no article date to take it from",
                          rule)
    future = env.tense == "future"
    step = 1 if future else -1
    year, month = env.dct.year, env.dct.month
    for _ in range(3):
        found = cal.valid_day(year, month, day)
        if found and (found >= env.dct if future else found <= env.dct):
            break
        year, month = cal.shift_months(_dt.date(year, month, 1), step)
    else:
        return unresolved(f"{m.group(0)!r}: no such day near the article date", rule)
    env.flag("month_from_dct", "year_from_dct", "relative_to_dct")
    side = "the next such day on or after" if future else "the last such day on or before"
    return interval(env, found, found, "day", rule,
                    f"{m.group(0)!r} -> {found.isoformat()}: {side} the article date {env.dct.isoformat()}, "
                    "month and year from it")


def resolve_range(core: str, env: Env, inner: Inner) -> dict | None:
    """Two date expressions joined by "to", "-", "until" or "between ... and", as one interval.

    The first end takes the second's year when it has none ("January-March 2021"). None when
    no split gives two dates in order.
    """
    prefix = _RANGE_PREFIX.match(core)
    body = core[prefix.end():] if prefix else core
    for separator in _RANGE_SEPARATOR.finditer(body):
        if separator.group(0) == " and " and not (prefix and prefix.group(0) == "between "):
            continue  # "March and May" lists two months; only "between ... and" is a range
        first_words, second_words = body[:separator.start()], body[separator.end():]
        if not first_words or not second_words:
            continue
        second = inner(second_words, 0, len(second_words))
        if not _usable(second):
            continue
        year = _TRAILING_YEAR.search(second_words)
        first = None
        if year and not _TRAILING_YEAR.search(" " + first_words) and not re.search(r"\d{4}", first_words):
            with_year = f"{first_words} {year.group(1)}"
            first = inner(with_year, 0, len(with_year))
        if not _usable(first):
            first = inner(first_words, 0, len(first_words))
        if not _usable(first):
            continue
        start, end = first["start"], second["end"]
        if end < start:
            continue
        flags = [f for f in dict.fromkeys(first["flags"] + second["flags"])]
        env.flag(*flags)
        precision = max(first["precision"], second["precision"], key=lambda p: _PRECISION_RANK[p])
        return interval(env, _dt.date.fromisoformat(start), _dt.date.fromisoformat(end),
                        "day" if precision == "day" else precision, "date-range",
                        f"{core!r} -> {start}..{end}: from {first_words!r} to {second_words!r}", "range")
    return None


def _usable(result: dict | None) -> bool:
    return bool(result) and not result.get("unresolved") and result.get("precision") in _PRECISION_RANK \
        and bool(result.get("start")) and bool(result.get("end"))
