"""Finding every date expression in a whole article, with exact offsets and a resolved value.

The finder does not carry a second grammar: it marks runs of date-ish words
("on", "Wednesday", "night", "7", "-", "8", "February", "2018") and asks the
resolver which stretch of each run is a date, longest first. So whatever
`resolve_date` understands, the finder can suggest, and both agree on the value.
Offsets are code points into the unchanged text: `text[start:end] == quote`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from store.grounding.date_context import parse_dct, sentence_bounds
from store.grounding.date_patterns import MONTHS, WEEKDAY_NAMES, prefix_tree
from store.grounding.dates import resolve_at

MAX_MENTIONS = 2000
MAX_RUN_TOKENS = 10


@dataclass(frozen=True, slots=True)
class DateMention:
    """One date expression: `text[start:end] == quote`; `value` is the resolve_date result."""

    start: int
    end: int
    quote: str
    value: dict

    @property
    def resolved(self) -> bool:
        return not self.value.get("unresolved")


_TOKEN = re.compile(
    r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|'\d0s|\d+(?:st|nd|rd|th|s|'s)?(?![\d,.]\d)"
    r"|[A-Za-z]+(?:['\u2019][A-Za-z]+)?(?:-[A-Za-z0-9]+)*\.?|[\u2010-\u2015-]|,"
)
# Between two tokens of one run: spaces, at most one line break (a blank line ends a run).
_GAP = re.compile(r"[ \t\u00a0]*(?:\r?\n[ \t\u00a0]*)?")

_ABBREVIATIONS = {m for m in MONTHS if len(m) <= 4 and m != "may"}
_CAPITALISED_MONTHS = {m.capitalize() for m in MONTHS} | {m.capitalize() + "." for m in MONTHS}
_WEEKDAY_ABBREVIATIONS = {"Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun"}
_WEEKDAYS = set(WEEKDAY_NAMES) | {w + "s" for w in WEEKDAY_NAMES}
_ANCHOR_WORDS = {
    "today", "tonight", "yesterday", "tomorrow", "overnight", "night", "now", "currently", "recently",
    "lately", "previously", "formerly", "soon", "shortly", "nowadays", "presently", "future",
    "week", "weekend", "month", "year", "quarter", "decade", "century", "spring", "summer",
    "autumn", "fall", "winter", "weeks", "months", "years", "days", "decades", "quarters",
    "year-earlier", "year-ago", "year-end", "recent", "past", "current", "period", "half",
    "nineteen", "eighteen", "twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties",
}
_JOINERS = {
    "of", "the", "a", "an", "to", "and", "between", "from", "through", "until", "till", "on",
    "in", "at", "by", "during", "since", "early", "earlier", "late", "later", "mid", "middle",
    "end", "beginning", "start", "last", "this", "next", "coming", "previous", "following",
    "same", "ago", "before", "after", "morning", "afternoon", "evening", "dawn",
    "hours", "hour", "small", "wee", "fiscal", "near", "term", "short", "long", "few",
    "several", "or", "so", "nearly", "almost", "about", "around", "some", "more", "than",
    "over", "just", "right", "first", "second", "third", "fourth", "latest", "corresponding",
    "comparable", "year's", "day", "calendar", "full", "entire", "whole", "its", "their",
    "hence", "ahead", "prior", "close", "turn", "into", "two", "three", "four", "five", "six",
    "seven", "eight", "nine", "ten", "eleven", "twelve", "hundred", "thousand", "twenty",
    "thirty", "1st", "2nd", "3rd", "4th", "least",
}
# Words that resolve alone but are, far more often than not, no date at all in running
# text ("once again", "earlier, he said", "a current account"): suggested only inside a run.
_NOT_ALONE = {"once", "earlier", "previously", "later", "current", "recent", "past", "future", "period", "half",
              "the past", "yet", "already", "present", "the present", "now", "fall", "spring",
              "year", "month", "week", "quarter", "decade", "century", "weeks", "months", "years",
              "days", "quarters", "decades", "the year", "the month", "the week", "the period",
              "the day", "a year", "this time"}
_NOT_ALONE_KEEP = {"now"}
_EDGE_JOINERS = {"and", "to", "of", "or", ",", "-", "so", "than", "between", "from", "through",
                 "until", "till", "on", "in", "at", "by", "during", "since", "before", "after", "into",
                 "over", "some", "about", "around", "more", "just", "least", "nearly", "almost",
                 "hence", "ahead"}
_ORDINAL_WORDS = re.compile(
    r"(?:twenty-|thirty-)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|"
    r"nineteenth|twentieth|thirtieth)|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:-(?:one|two|three|four|five|six|seven|eight|nine))?")


def _classify(token: str, before: str) -> str | None:
    """"anchor", "joiner" or None (not part of a date) for one token."""
    if (token[0].isdigit() or token[0] == "'") and (before == "$" or before.isalpha()):
        return None  # "$1990", "A1998": money and codes, not years
    return _classify_token(token)


@functools.lru_cache(maxsize=1 << 16)
def _classify_token(token: str) -> str | None:
    # Articles repeat their words, so the class of each distinct token is computed once.
    lower = token.lower()
    bare = lower.rstrip(".")
    if token[0].isdigit() or token[0] == "'":
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}", token):
            return "anchor"
        digits = re.match(r"'?(\d+)", token).group(1)
        if len(digits) == 4 and 1000 <= int(digits) <= 2099:
            return "anchor"
        if re.fullmatch(r"'?\d0'?s", lower) and token.endswith("s"):
            return "anchor"
        return "joiner" if len(digits) <= 2 else None
    if token in _CAPITALISED_MONTHS or (token.rstrip(".") in _CAPITALISED_MONTHS and token.isupper()):
        return "month"
    if token in _WEEKDAYS or (token.isupper() and token.capitalize() in _WEEKDAYS):
        return "anchor"
    if lower.endswith(("-quarter", "-half")) or bare in _ANCHOR_WORDS:
        return "anchor"
    if lower.endswith(("'s", "\u2019s")) and lower[:-2] in _ANCHOR_WORDS:
        return "anchor"
    if token.rstrip(".") in _WEEKDAY_ABBREVIATIONS:
        # "Mon, February 12, 2018" but not "Sun Microsystems": an abbreviation only joins.
        return "joiner"
    if bare in _JOINERS or token in ",-" or re.fullmatch(r"[\u2010-\u2015]", token):
        return "joiner"
    if _ORDINAL_WORDS.fullmatch(lower):
        return "joiner"
    if lower.startswith(("mid-", "early-", "late-")):
        return "anchor" if re.search(r"\d{4}|\d0s", lower) or lower.split("-", 1)[1].capitalize() \
            in _CAPITALISED_MONTHS else None
    return None


def _runs(text: str, pos: int = 0, stop: int | None = None):
    """Runs of consecutive date-ish tokens from `pos`, each a list of (start, end, kind).

    `pos` must be where the whole-text scan would be with no run open: 0, or
    just after a token that is no date word. With `stop`, the scan ends after
    the first such token starting at or after `stop` (every run before it is
    whole then) and returns where that token starts and ends; otherwise it
    returns (len(text), len(text)).
    """
    limit = len(text) + 1 if stop is None else stop
    run: list[tuple[int, int, str]] = []
    last_end = -1
    for match in _TOKEN.finditer(text, pos):
        start, end = match.span()
        token = match.group(0)
        if token[0].isdigit() or token[0] == "'":
            end, kind = _number_token(text, token, start, end)
        else:
            cut, kind = _word_token(token)
            end -= cut
            if kind is None and not run:
                if start >= limit:
                    return start, match.end()
                last_end = end  # most words: no date, and no run to end
                continue
        # Most gaps are one space, which _GAP matches: the regex only for others.
        contiguous = run and ((start == last_end + 1 and text[last_end] == " ")
                              or _GAP.fullmatch(text, last_end, start) is not None)
        if contiguous and kind is not None and text[run[-1][0]:run[-1][1]] == "," \
                and not (token[0].isdigit() or kind == "month"):
            # A comma joins "Saturday, April 25" and "Nov. 5, 1989", not two phrases:
            # "the night of 7 February, overnight clashes ..." ends at the comma.
            run.pop()
            contiguous = False
        if kind is None or not contiguous:
            if run:
                yield run
            run = []
        if kind is not None:
            run.append((start, end, kind))
        elif start >= limit:
            return start, match.end()
        last_end = end
    if run:
        yield run
    return len(text), len(text)


# Where a date run may be: a superset of the tokens _classify_token calls "anchor" or "month".
# Words are looked for in the text's ASCII letters, lower-cased, everything else a space (so
# "mid-February", "first-quarter" and "Thursday's" hold one), one code point a byte; numbers
# in the text itself, since \d is any decimal digit there: each digit that starts four digits,
# a numeric date's slash, a decade's "0s", or ends a number glued to a word ("21stMay": no
# space before "May", whose run the scan from that digit reaches).
_LETTERS = bytes(c | 0x20 if 65 <= c <= 90 or 97 <= c <= 122 else 32 for c in range(256))
_CANDIDATE_WORD = re.compile((" " + prefix_tree(
    {m for m in MONTHS} | {w.lower() + s for w in WEEKDAY_NAMES for s in ("", "s")}
    | {w.split("-")[0] for w in _ANCHOR_WORDS} | {"quarter", "half"}) + "(?![a-z])").encode())
_CANDIDATE_NUMBER = re.compile(r"\d(?=\d{3}|/\d|0s|(?:st|nd|rd|th|'?s)[A-Za-z])")


def _candidates(text: str) -> list[tuple[int, int]]:
    """The stretches of `text` where a date run may be, in text order: every token
    that is an anchor or a month overlaps one of them."""
    letters = b" " + text.encode("ascii", "replace").translate(_LETTERS)
    # The leading space stands for the start of the text: a word match at i is text[i:end - 1].
    spans = [(match.start(), match.end() - 1) for match in _CANDIDATE_WORD.finditer(letters)]
    spans += [match.span() for match in _CANDIDATE_NUMBER.finditer(text)]
    spans.sort()
    return spans


def _date_runs(text: str):
    """The runs `_runs(text)` yields around the candidates (so every run holding an anchor
    or a month), in order, tokenising only the stretches around them.

    Each stretch starts where no run is open (after a token that is no date word, see
    `_restart`) and ends after the first such token past its candidate, so its runs are
    exactly the whole-text scan's: an article costs what its dates cost, not its words.
    """
    # The whole-text scan is known up to `done`, with no run open there; `covered` is where
    # the token that ended the last stretch starts: a candidate before it was scanned.
    covered = done = 0
    for start, end in _candidates(text):
        if end <= covered:
            continue
        begin = done if start <= done else _restart(text, start, done)
        covered, done = yield from _runs(text, begin, end)
        if done >= len(text):
            return


def _restart(text: str, at: int, done: int) -> int:
    """The end of the last token before `at` that is no date word (no run is open after it),
    or `done` when there is none after `done`.

    Tokenising from just after a space or a line break gives the whole-text scan's tokens,
    since no token holds either; the stretch looked at grows until it holds such a token.
    """
    back = 1
    while True:
        lo = at - back
        begin = done if lo <= done else max(done, text.rfind(" ", done, lo) + 1, text.rfind("\n", done, lo) + 1)
        reset = None
        for match in _TOKEN.finditer(text, begin):
            if match.end() > at:
                break
            token = match.group(0)
            if token[0].isdigit() or token[0] == "'":
                kind = _number_token(text, token, match.start(), match.end())[1]
            else:
                kind = _word_token(token)[1]
            if kind is None:
                reset = match.end()
        if reset is not None:
            return reset
        if begin == done:
            return done
        back *= 8


def _trim(token: str, before: str) -> tuple[str, int]:
    """The token less a sentence's full stop and a possessive 's, and how many
    characters that drops."""
    cut = 0
    if token.endswith(".") and token[:-1].lower() not in _ABBREVIATIONS:
        # A sentence's full stop is not part of "Thursday"; only "Feb." keeps its dot.
        token, cut = token[:-1], 1
    if token.endswith(("'s", "\u2019s")) and len(token) > 2:
        # "Friday's vote": the date is "Friday", the possessive is the sentence's.
        possessor = token[:-2]
        if _classify(possessor, before) is not None:
            token, cut = possessor, cut + 2
    return token, cut


def _number_token(text: str, token: str, start: int, end: int) -> tuple[int, str | None]:
    """A token starting with a digit or an apostrophe: its end and kind, which
    depend on the character before ("$1990" is money)."""
    before = text[start - 1] if start else ""
    token, cut = _trim(token, before)
    return end - cut, _classify(token, before)


@functools.lru_cache(maxsize=1 << 16)
def _word_token(token: str) -> tuple[int, str | None]:
    """A token starting with a letter, a dash or a comma: the characters to drop
    from its end, and its kind. Neither depends on the text around it (`_classify`
    reads the character before only for a digit or an apostrophe), so each
    distinct token is worked out once."""
    token, cut = _trim(token, "")
    return cut, _classify_token(token)


_MONTH_CUE_BEFORE = re.compile(r"\b(?:in|since|by|until|till|of|last|this|next|early|late|mid|"
                               r"through|from|during|before|after)[ \t]+$", re.IGNORECASE)


def _may_stand_alone(text: str, quote: str, start: int, tokens) -> bool:
    words = quote.lower()
    if words in _NOT_ALONE and words not in _NOT_ALONE_KEEP:
        return False
    if len(tokens) == 1 and tokens[0][2] == "month" and quote.rstrip(".") in ("May", "March"):
        # A bare "May" or "March" is a verb as often as a month: only after "in", "since", ...
        return _MONTH_CUE_BEFORE.search(text[max(0, start - 12):start]) is not None
    return True


# Stretches the resolver reads, but which news uses as a length of time far more than as the
# date of an event ("rose 5% over the past two months", "to be repaid in 30 days"): a coder
# who selects them gets the interval, the finder does not offer them.
_DURATION_RULES = {"past-units"}


def _duration_like(value: dict) -> bool:
    return value.get("rule") in _DURATION_RULES or (value.get("rule") == "in-units"
                                                    and value.get("precision") == "vague")


_RANGE_WORDS = re.compile(r"\s(?:and|to|through|until|till)\s|[-\u2010-\u2015]")


def _edges_ok(text: str, tokens) -> bool:
    first = text[tokens[0][0]:tokens[0][1]].lower()
    last = text[tokens[-1][0]:tokens[-1][1]].lower()
    if first in ("between", "from") and _RANGE_WORDS.search(text, tokens[0][1], tokens[-1][1]):
        first = ""  # "between 2 and 5 March" is one range, "from" and "between" belong to it
    return first not in _EDGE_JOINERS and last not in _EDGE_JOINERS - {"ago"} and last != "the"


def find_dates(text: str, dct=None) -> list[DateMention]:
    """Every date expression in `text`, resolved against `dct`, in text order (at most MAX_MENTIONS).

    Each mention's context for resolution is its sentence. Unresolved
    mentions are kept when the words are a recognised date shape (so a coder
    sees "November 2" in an undated article, with why it has no year).
    """
    if not isinstance(text, str) or not text:
        return []
    # Read the article date once: the resolver reads a `date` at once, and keeps the words
    # of one it cannot read for its message.
    day, problem = parse_dct(dct)
    if problem is None:
        dct = day
    mentions: list[DateMention] = []
    for run in _date_runs(text):
        if not any(kind in ("anchor", "month") for _, _, kind in run):
            continue
        for chunk_start in range(0, len(run), MAX_RUN_TOKENS):
            mentions.extend(_mentions_in_run(text, run[chunk_start:chunk_start + MAX_RUN_TOKENS], dct))
            if len(mentions) >= MAX_MENTIONS:
                return mentions[:MAX_MENTIONS]
    return mentions


def _mentions_in_run(text: str, run, dct) -> list[DateMention]:
    """Longest resolvable stretches of one run, left to right, never overlapping."""
    found: list[DateMention] = []
    i = 0
    while i < len(run):
        if run[i][2] == "joiner" and not any(k != "joiner" for _, _, k in run[i:]):
            break
        best = None
        for j in range(len(run) - 1, i - 1, -1):
            tokens = run[i:j + 1]
            if not any(kind in ("anchor", "month") for _, _, kind in tokens):
                continue
            if not _edges_ok(text, tokens):
                continue
            start, end = tokens[0][0], tokens[-1][1]
            quote = text[start:end]
            if not _may_stand_alone(text, quote, start, tokens):
                continue
            bounds = sentence_bounds(text, start, end)
            value = resolve_at(text, start, end, dct, bounds)
            if _duration_like(value):
                continue
            if not value.get("unresolved") or value.get("rule"):
                best = (j, DateMention(start, end, quote, value))
                break
        if best is None:
            i += 1
            continue
        j, mention = best
        found.append(mention)
        i = j + 1
    return found
