"""Date grounding: the words a coder selected, resolved against the article date.

`resolve_date("Wednesday night", "2022-02-03")` gives the interval
2022-02-02..2022-02-02 at day precision, flagged `night` (news often dates an
overnight event by the morning after) and `relative_to_dct`, with a `why` a
reviewer can check. Nothing is invented: a year missing from an undated
article, a day the calendar lacks, or words that are not a date give
`{"unresolved": True, "why": ...}`. No input raises.

Result shape (resolved):
    {"start": "YYYY-MM-DD" | None, "end": "YYYY-MM-DD" | None,
     "precision": "day"|"week"|"month"|"quarter"|"half"|"season"|"year"|"decade"|"century"|"vague",
     "kind": "date"|"range"|"weekend"|"present_ref"|"past_ref"|"future_ref",
     "flags": [...], "why": "...", "rule": "..."}
"""

from __future__ import annotations

import datetime as _dt
import re

from store.grounding.date_anchored import might_apply, resolve_range, resolve_special
from store.grounding.date_context import clause_tense, parse_dct, tense_near
from store.grounding.date_patterns import COUNT_RE, MONTH_RE, WEEKDAY_RE
from store.grounding.date_relative_rules import RELATIVE_RULES
from store.grounding.date_rules import ABSOLUTE_RULES, Env, unresolved

MAX_WORDS_LENGTH = 200
RULES = ABSOLUTE_RULES + RELATIVE_RULES

_DASHES = re.compile(r"[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
_QUOTES = re.compile(r"[\u2018\u2019\u02bc`\u00b4]")
_ABBREVIATION_DOT = re.compile(r"(?<=[a-z])\.")
_SPACES = re.compile(r"\s+")
_EDGE_PUNCTUATION = " \t\r\n.,;:!?()[]{}\"\u201c\u201d'"
_LEADING_WORDS = re.compile(
    r"^(?:on|in|at|by|during|of|for|as of|around|about|circa|ca|approximately|roughly|sometime|"
    r"some time|as early as|as late as|since|until|till|before|after|prior to|starting|"
    r"beginning|through|throughout|within|over|from)\s+(?!to\b|and\b)"
)
_OPEN_ENDED = {"since": "since", "until": "until", "till": "until", "before": "before",
               "prior to": "before", "after": "after", "starting": "since", "beginning": "since",
               "as early as": "approximate", "as late as": "approximate", "around": "approximate",
               "about": "approximate", "circa": "approximate", "ca": "approximate",
               "approximately": "approximate", "roughly": "approximate"}
_DAYISH = rf"(?:{WEEKDAY_RE}|yesterday|today|tomorrow|tonight|\d{{1,2}}\b)"
_PART_OF_DAY_PREFIXES = (
    (re.compile(r"^(?:in )?(?:the )?(?:early|small|wee) hours (?:of )?(?:the )?(?:morning of )?(?:on )?"),
     ("early_hours",)),
    (re.compile(r"^(?:the )?(?:night|evening) (?:of|between) "), ("night",)),
    (re.compile(r"^(?:the )?(?:morning|afternoon) of "), ()),
    (re.compile(r"^(?:(?:just )?before |at )?(?:dawn|daybreak|first light) (?:on |of )?"), ("early_hours",)),
    (re.compile(r"^overnight (?:on |into |from |between )?(?=" + _DAYISH + ")"), ("night",)),
    (re.compile(r"^late (?:on )?(?=" + _DAYISH + ")"), ("late", "night")),
    (re.compile(r"^early (?:on )?(?=" + _DAYISH + ")"), ("early_hours",)),
)
_PART_OF_DAY_SUFFIXES = (
    (re.compile(r"(?:'s)? (?:early|small|wee) hours$"), ("early_hours",)),
    (re.compile(r"(?<!^last) (?:night|overnight)$"), ("night",)),
    (re.compile(r" (?:(?:just )?before|at) (?:dawn|daybreak)$"), ("early_hours",)),
    (re.compile(r" (?:dawn|daybreak)$"), ("early_hours",)),
    (re.compile(r" evening$"), ("evening",)),
    (re.compile(r" (?:morning|afternoon|midday|noon|lunchtime)$"), ()),
)
# "this morning", "that night", "the following evening": the part of the day is the expression.
_DAY_PART_HEAD = re.compile(r"this|that|the|same|the same|the (?:following|next|previous|preceding)|each|every")
# A clock time before or after the day: "at 3am on Wednesday", "Tuesday at 14:30 GMT", "around noon on".
_CLOCK = (r"(?:(?P<h>\d{1,2})(?::(?P<min>\d{2}))? ?(?P<ampm>am|pm)|(?P<h24>\d{1,2}):(?P<min24>\d{2})|"
          r"(?P<hhmm>[012]\d[0-5]\d) ?(?:gmt|utc|hrs|hours)|(?P<word>noon|midday|midnight))"
          r"(?: (?:local time|local|gmt|utc|[a-z]{3}))?")
_CLOCK_BEFORE = re.compile(r"^(?:(?:at|around|about|by|shortly after|shortly before|just after|just before|"
                           r"after|before|until) )?" + _CLOCK + r" (?:on |of )?(?=\S)")
_CLOCK_AFTER = re.compile(r" (?:(?:at|around|about|by|shortly after|shortly before|just after|just before|"
                          r"after|before|from) )?" + _CLOCK + r"$")


def _peel_clock_time(core: str, env: Env) -> str:
    """Strip a clock time from either side of the day it is on; the small hours are flagged."""
    for pattern, leading in ((_CLOCK_BEFORE, True), (_CLOCK_AFTER, False)):
        match = pattern.search(core)
        if not match or (not leading and match.start() == 0):
            continue
        hour = _clock_hour(match)
        if hour is None:
            continue
        env.flag("time_of_day")
        if match.group("word") == "midnight" or hour >= 21:
            env.flag("night")
        elif hour < 6:
            env.flag("early_hours")
        core = core[match.end():] if leading else core[:match.start()]
    return core


def _clock_hour(match: re.Match) -> int | None:
    if match.group("word"):
        return 0 if match.group("word") == "midnight" else 12
    if match.group("hhmm"):
        hour = int(match.group("hhmm")[:2])
    elif match.group("h24"):
        hour = int(match.group("h24"))
    else:
        hour = int(match.group("h"))
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match.group("ampm") == "pm" else 0)
    return hour if 0 <= hour <= 23 else None


_PERIOD_MODIFIERS = re.compile(
    r"^(?:the )?(?P<mod>early|earlier|late|later|mid|middle|end|beginning|start|close|turn)"
    r"(?:[- ]| of )(?:in |of )?(?:the )?(?=\S)"
)
_HALF_OF_DECADE = re.compile(r"^(?:the )?(?P<half>first|last|latter|second) half of (?=(?:the )?'?(?:\d\d)?\d0'?s$)")
_MODIFIER_FLAGS = {"early": "early", "beginning": "early", "start": "early", "mid": "mid",
                   "middle": "mid", "late": "late", "end": "late", "close": "late", "turn": "late",
                   "earlier": "earlier", "later": "later"}


def normalise(words: str) -> str:
    """Lower case, one space, plain dashes and apostrophes, no abbreviation dots or commas."""
    out = _DASHES.sub("-", words.lower())
    out = _QUOTES.sub("'", out)
    out = _ABBREVIATION_DOT.sub("", out).replace(",", " ")
    out = _SPACES.sub(" ", out).strip(_EDGE_PUNCTUATION)
    out = re.sub(r"\s*-\s*", "-", out)
    # "Friday's", "last year's" as a whole selection: the possessive is not part of the date.
    return re.sub(r"(?<=[a-z0-9])'s$", "", out)


_OPEN_SUFFIXES = (
    (re.compile(r" (?:or|and) (?:later|after|beyond)$"), "or_later"),
    (re.compile(r" (?:or|and) (?:earlier|before)$"), "or_earlier"),
    (re.compile(r" or so$"), "approximate"),
)
# "a good part of 1990", "most of March": a part of the period, which stays the interval.
_PART_OF = re.compile(r"^(?:(?P<part>a good part|a large part|a big part|part|much|most|the bulk|large parts?)"
                      r"|(?P<rest>the rest|the remainder|the balance)|(?P<all>all|the whole|the entirety)) of "
                      r"(?=(?:the )?\S)")
# "a flat second quarter", "a strong first half": the adjective says how the period went.
_QUARTER_ADJECTIVE = re.compile(
    r"^(?:an?|the|its|their) (?!(?:first|second|third|fourth|1st|2nd|3rd|4th|last|this|next|fiscal|"
    r"same|latest|comparable|corresponding|previous|prior|current|most|recent|year|calendar)\b)"
    r"[a-z]+(?:-[a-z]+)? (?=(?:first|second|third|fourth|1st|2nd|3rd|4th)[- ](?:fiscal )?(?:quarter|half)\b)")
# Compact quarter, half and fiscal-year forms: "Q3 2021", "3Q89", "H1 2020", "1H", "FY2021", "FY21".
_COMPACT = (
    (re.compile(r"^(?:q([1-4])|([1-4])q)(?:[ /-]?(\d{4}|'?\d{2}))?$"), "quarter"),
    (re.compile(r"^(?:h([12])|([12])h)(?:[ /-]?(\d{4}|'?\d{2}))?$"), "half"),
    (re.compile(r"^fy ?()()(\d{4}|'?\d{2})$"), "fiscal"),
)


# Holidays on a fixed day of the Western calendar, read as that day (the year as for "25 December").
# Movable feasts (Easter, Eid, Ramadan) need a calendar table and stay unresolved.
_FIXED_HOLIDAYS = {
    "christmas": "25 december", "christmas day": "25 december", "xmas": "25 december",
    "christmas eve": "24 december", "boxing day": "26 december", "new year's day": "1 january",
    "new year's eve": "31 december", "valentine's day": "14 february", "halloween": "31 october",
    "international women's day": "8 march", "women's day": "8 march", "may day": "1 may",
}


def _rewrite_compact(core: str, env: Env) -> str:
    """ "Q3 2021" -> "q3 of 2021", "2H" -> "second half", "FY21" -> "fiscal 2021" (two-digit years flagged)."""
    for pattern, what in _COMPACT:
        match = pattern.match(core)
        if not match:
            continue
        number = match.group(1) or match.group(2)
        year = (match.group(3) or "").lstrip("'")
        if len(year) == 2:
            env.flag("two_digit_year")
            year = str((2000 if int(year) < 50 else 1900) + int(year))
        if what == "quarter":
            return f"q{number}" + (f" of {year}" if year else "")
        if what == "half":
            return ("first" if number == "1" else "second") + " half" + (f" of {year}" if year else "")
        return f"fiscal {year}"
    return core


_CURRENT_YEAR = re.compile(r"(?:the )?(?:full|current|present|whole|entire)(?: fiscal| calendar)? year|"
                           r"the (?:fiscal|calendar) year")


def _peel(core: str, env: Env) -> str:
    """Strip prepositions, parts of the day and period modifiers, recording each as a flag."""
    for _ in range(4):
        before = core
        for pattern, flag in _OPEN_SUFFIXES:
            match = pattern.search(core)
            if match and match.start() > 0:
                env.flag(flag)
                core = core[:match.start()]
        if _CURRENT_YEAR.fullmatch(core):
            if "fiscal" in core:
                env.flag("fiscal_calendar_assumed")
            core = "this year"
        match = _PART_OF.match(core)
        if match:
            env.flag("part_of" if match.group("part") else "later" if match.group("rest") else "whole")
            core = core[match.end():]
        match = _QUARTER_ADJECTIVE.match(core)
        if match:
            core = "the " + core[match.end():]
        core = _rewrite_compact(core, env)
        named, _, year = core.removeprefix("the ").rpartition(" ")
        if not (year.isdigit() and len(year) == 4):
            named, year = core.removeprefix("the "), ""
        holiday = _FIXED_HOLIDAYS.get(named.removesuffix(" of"))
        if holiday:
            env.flag("holiday")
            core = f"{holiday} {year}".strip()
        match = _LEADING_WORDS.match(core)
        if match:
            word = match.group(0).strip()
            if word in _OPEN_ENDED:
                env.flag(_OPEN_ENDED[word])
            core = core[match.end():]
        for pattern, flags in _PART_OF_DAY_PREFIXES:
            match = pattern.match(core)
            if match and match.end() < len(core):
                env.flag(*flags)
                core = core[match.end():]
        for pattern, flags in _PART_OF_DAY_SUFFIXES:
            match = pattern.search(core)
            if match and match.start() > 0 and not _DAY_PART_HEAD.fullmatch(core[:match.start()]):
                env.flag(*flags)
                core = core[:match.start()]
        core = _peel_clock_time(core, env)
        match = _HALF_OF_DECADE.match(core)
        if match:
            env.flag("early" if match.group("half") == "first" else "late")
            core = core[match.end():]
        match = _PERIOD_MODIFIERS.match(core)
        if match and not re.fullmatch(r"(?:the )?(?:early|late|mid)?", core):
            env.flag(_MODIFIER_FLAGS[match.group("mod")])
            core = core[match.end():]
        core = core.strip(_EDGE_PUNCTUATION)
        if core == before:
            break
    return core


def match_rule(core: str):
    """The first rule whose pattern the normalised words fully match, and the match."""
    for rule in RULES:
        match = rule.pattern.fullmatch(core)
        if match:
            return rule, match
    return None, None


def resolve_date(text: str, dct: str | _dt.date | None = None, context: str = "") -> dict:
    """Resolve the selected words `text` against the article date `dct`.

    `context` is the sentence around the words; it decides tense ("will meet
    on Friday" looks forward, reporting looks back) and, for "a year
    earlier", whether a quarter is meant. See the module docstring for the
    result shape. Never raises.
    """
    try:
        return _resolve(text, dct, context)
    except Exception as error:  # noqa: BLE001 - a bug in a rule must not reach the coder as a crash
        return unresolved(f"internal error while reading {str(text)[:40]!r}: {type(error).__name__}")


_RANGE_HINT = re.compile(r"(?:\d|\b(?:" + MONTH_RE + r")\b).*(?:-| to | until | till | through | thru | and )")
# A bare count of units whose direction word the selection left out: "[a year] earlier".
_BARE_UNITS = re.compile(rf"(?:nearly |almost |about |some )?{COUNT_RE} (?:day|week|month|year)s?")
# "before" only when nothing follows it: "30 days before the vote" counts from the vote.
_DIRECTION_AFTER = re.compile(r"\s+(ago|earlier|later|from now|before(?!\s+[a-z0-9]))\b", re.IGNORECASE)


def _resolve(text, dct, context, position: tuple[int, int] | None = None, special: bool = True) -> dict:
    if not isinstance(text, str):
        return unresolved("the selection is not text")
    if not text.strip():
        return unresolved("the selection is empty")
    if len(text) > MAX_WORDS_LENGTH:
        return unresolved(f"the selection is {len(text)} characters, too long to be one date "
                          f"expression (at most {MAX_WORDS_LENGTH})")
    if not isinstance(context, str):
        context = ""
    day, dct_problem = parse_dct(dct)
    env = Env(day, None, context)
    words = normalise(text)
    core = _peel(words, env)
    rule, match = match_rule(core)
    if position is None:
        found = context.lower().find(text.lower()) if context else -1
        position = (found, found + len(text)) if found >= 0 else None
    if rule is None and position and _BARE_UNITS.fullmatch(core):
        direction = _DIRECTION_AFTER.match(context, position[1])
        if direction:
            core = f"{core} {direction.group(1).lower()}"
            rule, match = match_rule(core)
    # Two dates as one range: tried only when no rule reads the whole, and not inside a range.
    ranged = special and rule is None and _RANGE_HINT.search(core) is not None
    special = special and might_apply(core)
    if rule is None and not special and not ranged:
        return unresolved(f"{text.strip()[:60]!r} is not a date expression the rules know")
    # Tense is read only once the words may be a date: the finder tries many spans.
    env.tense = tense_near(context, *position) if position else tense_near(context)
    env.calendar_tense = clause_tense(context, *position, nearest=env.tense) if position \
        else clause_tense(context, nearest=env.tense)
    if "since" in env.flags:
        # "since March": the start of something still going on, so never after the DCT.
        env.tense, env.calendar_tense = "past", "past_strong"
    result = None

    def inner(where: str, start: int, end: int) -> dict:
        return _resolve(where[start:end], dct, where, (start, end), special=False)

    if special:
        result = resolve_special(core, words, env, position, inner)
    if result is None and rule is None and ranged:
        result = resolve_range(core, env, inner)
    if result is None:
        if rule is None:
            return unresolved(f"{text.strip()[:60]!r} is not a date expression the rules know")
        result = rule.handler(match, env)
    if result.get("unresolved"):
        result["why"] = result["why"].replace(repr(core), repr(_SPACES.sub(" ", text.strip())), 1)
        if dct_problem and "article date" in result["why"]:
            result["why"] += f" ({dct_problem})"
        return result
    # Rules quote the normalised words they matched; the coder should see their own words.
    result["why"] = result["why"].replace(repr(core), repr(_SPACES.sub(" ", text.strip())), 1)
    return _finish(result, env, day)


def _finish(result: dict, env: Env, dct: _dt.date | None) -> dict:
    """Clip "earlier this year" to the article date, add the DCT-in-the-future flag."""
    flags = result["flags"]
    if dct is not None and result.get("end") and result.get("start"):
        end = _dt.date.fromisoformat(result["end"])
        start = _dt.date.fromisoformat(result["start"])
        if "earlier" in env.flags and start <= dct < end:
            result["end"] = dct.isoformat()
            result["why"] += f", up to the article date {dct.isoformat()}"
        if "later" in env.flags and start < dct <= end:
            result["start"] = dct.isoformat()
            result["why"] += f", from the article date {dct.isoformat()}"
    if dct is not None and dct > _dt.date.today():
        flags.append("dct_in_future")
        result["why"] += f"; the article date {dct.isoformat()} is after today"
    overnight = [flag.replace("_", " ") for flag in ("early_hours", "night") if flag in flags]
    if overnight and result["precision"] == "day" and "flagged" not in result["why"]:
        result["why"] += ", flagged " + " and ".join(overnight)
    result["flags"] = list(dict.fromkeys(flags))
    return result


def resolve_at(text: str, start: int, end: int, dct=None, context_bounds: tuple[int, int] | None = None) -> dict:
    """Resolve `text[start:end]` with its sentence as context, locating it exactly.

    Used by the finder, which knows where the words are, so tense is read
    around the right occurrence rather than the first match in the sentence.
    """
    begin, finish = context_bounds if context_bounds else (start, end)
    try:
        return _resolve(text[start:end], dct, text[begin:finish], (start - begin, end - begin))
    except Exception as error:  # noqa: BLE001 - as in resolve_date
        return unresolved(f"internal error while reading {text[start:end][:40]!r}: {type(error).__name__}")


def acled_time_precision(result: dict) -> int | None:
    """ACLED time_precision: 1 the day is known, 2 a range of days or a week, 3 a month or longer.

    A range the source gives day by day ("between 2 and 12 March") is 2 up to
    a month long; a period named as a month, quarter or year is 3.
    """
    days = _days_covered(result)
    if days is None:
        return None
    if days == 1:
        return 1
    if result.get("precision") in ("day", "week") and days <= 31:
        return 2
    return 2 if days <= 7 else 3


def ucdp_date_prec(result: dict) -> int | None:
    """UCDP GED date_prec, following the interval the result covers.

    1 one exact day; 2 a range of 2-6 days; 3 a week (7 days); 4 up to a
    month (or a range within a month longer than a week); 5 more than a
    month within one calendar year. Longer than a year has no GED code: None.
    """
    days = _days_covered(result)
    if days is None:
        return None
    start, end = (_dt.date.fromisoformat(result[k]) for k in ("start", "end"))
    if days == 1:
        return 1
    if days <= 6:
        return 2
    if days == 7:
        return 3
    if (start.year, start.month) == (end.year, end.month) or days <= 31:
        return 4
    return 5 if start.year == end.year else None


def _days_covered(result) -> int | None:
    if not isinstance(result, dict) or result.get("unresolved") or result.get("precision") == "vague":
        return None
    try:
        start = _dt.date.fromisoformat(result["start"])
        end = _dt.date.fromisoformat(result["end"])
    except (KeyError, TypeError, ValueError):
        return None
    days = (end - start).days + 1
    return days if days >= 1 else None


_SEASON_CODES = {3: "SP", 6: "SU", 9: "FA", 12: "WI"}


def timex_value(result: dict) -> str | None:
    """The TimeML TIMEX3 value of a result: "2022-02-02", "1998-W08", "1998-Q1", "199", "PAST_REF".

    A multi-day range that is not a week or weekend has no single TIMEX3
    value (TimeML marks its two ends separately): None, as for unresolved.
    """
    if not isinstance(result, dict) or result.get("unresolved"):
        return None
    kind = result.get("kind")
    if kind in ("present_ref", "past_ref", "future_ref"):
        return kind.upper()
    try:
        start = _dt.date.fromisoformat(result["start"])
        end = _dt.date.fromisoformat(result["end"])
    except (KeyError, TypeError, ValueError):
        return None
    precision = result.get("precision")
    if kind == "range":
        return None  # "January-March 2021": TimeML marks each end on its own
    if kind == "weekend":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}-WE"
    if precision == "day":
        return start.isoformat() if start == end else None
    if precision == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if precision == "month":
        return f"{start.year:04d}-{start.month:02d}"
    if precision == "quarter":
        return f"{start.year:04d}-Q{(start.month - 1) // 3 + 1}"
    if precision == "half":
        return f"{start.year:04d}-H{1 if start.month <= 6 else 2}"
    if precision == "season":
        code = _SEASON_CODES.get(start.month)
        label_year = end.year
        return f"{label_year:04d}-{code}" if code else None
    if precision == "year":
        return f"{start.year:04d}"
    if precision == "decade":
        return f"{start.year // 10:03d}"
    if precision == "century":
        return f"{start.year // 100:02d}"
    return None
