"""What a date expression needs besides its own words: the article date and the tense around it.

"on Friday" is last Friday in a report of what happened and next Friday in
"will meet on Friday"; the article date (DCT) anchors both. Sentence bounds
give each mention found in a whole article the context its tense is read from.
"""

from __future__ import annotations

import datetime as _dt
import re

from store.grounding.date_patterns import prefix_tree

# A sentence ends at . ! ? followed by space and a capital/quote/digit, or at a
# blank line; abbreviations such as "Feb." or "U.S." must not end one.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]*[A-Z0-9])|\n\s*\n|\r\n\s*\r\n")
# The lookahead first: only a word of one to four letters before the final dot is worth
# trying against the list (an alternation tried at every place otherwise).
_ABBREVIATION_BEFORE = re.compile(
    r"\b(?=[a-z]{1,4}\.$)(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|mr|mrs|ms|dr|st|gen|col|sgt|lt|"
    r"gov|sen|rep|no|vs|inc|corp|co|jr|sr|[a-z])\.$",
    re.IGNORECASE,
)
_MAX_SENTENCE = 600
_CLOSING = "\"'\u201d\u2019)"  # what may stand between a full stop and the space after it

# Words that put what follows or precedes them in the future of the article date. Only
# whether they occur is asked, so one alternation factored by prefixes serves.
_FUTURE_PHRASES = (
    "will", "won't", "wo n't", "shall", "'ll", "would", "going to", "expected", "expect", "expects",
    "expecting", "scheduled", "schedule", "plans to", "planned to", "planning to", "plans for", "intend",
    "intends", "due", "upcoming", "set to", "to be", "to begin", "to start", "to meet", "is to", "are to",
    "payable", "forecast", "predict", "predicts", "hope to", "hopes to", "aim to", "aims to", "next",
    "supposed to", "effective", "expire", "expires", "expiring", "ahead of")
_FUTURE = re.compile(r"\b(?:" + prefix_tree(_FUTURE_PHRASES) + r")\b", re.IGNORECASE)
_PAST = re.compile(
    r"\b(?:said|says|was|were|had|did|ago|earlier|last|told|took|came|began|fell|rose|went|"
    r"made|saw|won|lost|held|met|sold|struck|killed|died|fled|left|led|fought|shot|hit|"
    r"been|occurred|happened|reported|announced|brought|bought|gave|got|grew|spent|paid|kept|"
    r"became|chose|drove|felt|found|flew|heard|knew|ran|sent|spoke|stood|thought|threw|wrote|"
    r"broke|caught|fought|overran|seized|stole|swept|woke|[a-z]+ed)\b",
    re.IGNORECASE,
)
_NOT_PAST = {"expected", "scheduled", "planned", "intended", "proposed", "needed", "united",
             "red", "bed", "hundred", "armed", "based", "led", "need", "feed", "speed", "seed"}


def parse_dct(dct) -> tuple[_dt.date | None, str | None]:
    """The article date as a `date`, or None and why it could not be read.

    Accepts a `date`/`datetime`, "2022-02-03", "2022-02-03T10:00", "20220203".
    """
    if dct is None or dct == "":
        return None, None
    if isinstance(dct, _dt.datetime):
        return _in_range(dct.date())
    if isinstance(dct, _dt.date):
        return _in_range(dct)
    if not isinstance(dct, str):
        return None, f"article date {dct!r} is not a date"
    match = re.match(r"\s*(\d{4})-?(\d{2})-?(\d{2})", dct)
    if not match:
        return None, f"article date {dct[:40]!r} is not an ISO date"
    try:
        return _in_range(_dt.date(*(int(g) for g in match.groups())))
    except ValueError:
        return None, f"article date {dct[:40]!r} is no such day"


def _in_range(day: _dt.date) -> tuple[_dt.date | None, str | None]:
    # Relative dates reach a year or a decade either side of the DCT; keep that inside the calendar.
    if not 100 <= day.year <= 9900:
        return None, f"article date {day.isoformat()} is outside the years 100-9900"
    return day, None


def tense_near(context: str, start: int | None = None, end: int | None = None) -> str | None:
    """"future", "past" or None: the tense marker nearest the expression in its context.

    Nearest wins because a sentence often mixes tenses ("said Tuesday it will
    ..."): the verb next to the date is the one it modifies. Without a
    position the whole context is read and future words win, since news
    defaults to the past anyway.
    """
    if not context:
        return None
    if start is None or end is None:
        if _FUTURE.search(context):
            return "future"
        return "past" if any(_is_past(m) for m in _PAST.finditer(context)) else None
    best: tuple[int, str] | None = None
    window_start = max(0, start - 120)
    window = context[window_start:min(len(context), end + 80)]
    for at_start, at_end, tense in _markers(window):
        at_start += window_start
        at_end += window_start
        if at_end > start and at_start < end:
            continue
        # Markers before the date weigh more: "will meet on Friday", "said Friday".
        distance = start - at_end if at_end <= start else (at_start - end) * 2 + 10
        if tense == "future_near":
            if distance > _INFINITIVE_REACH:
                continue
            tense = "future"
        if best is None or distance < best[0]:
            best = (distance, tense)
    return best[1] if best else None


# Present-tense verbs news uses for what is scheduled; they look forward only for a date close by.
_SCHEDULE_VERBS = {"meet", "meets", "begins", "starts", "resumes", "reopens", "convenes", "visits",
                   "arrives", "travels", "departs", "opens", "hosts", "kicks"}
_NOT_SCHEDULE_BEFORE = {"did", "didn't", "to", "not", "could", "would", "should", "might", "may", "can",
                        "cannot", "must", "will", "who", "which", "that"}
_INFINITIVE_REACH = 30  # characters between "to meet" and the date it points forward
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
_FUTURE_WORDS = {"will", "won't", "shall", "would", "expected", "expect", "expects", "expecting",
                 "scheduled", "schedule", "intend", "intends", "due", "upcoming", "payable",
                 "forecast", "predict", "predicts", "next", "effective", "expire", "expires",
                 "expiring"}
_FUTURE_PAIRS = {("going", "to"), ("plans", "to"), ("planned", "to"), ("planning", "to"),
                 ("plans", "for"), ("set", "to"), ("to", "be"), ("to", "begin"), ("to", "start"),
                 ("to", "meet"), ("is", "to"), ("are", "to"), ("hope", "to"), ("hopes", "to"),
                 ("aim", "to"), ("aims", "to"), ("supposed", "to"), ("ahead", "of")}
_PAST_WORDS = set(_PAST.pattern[len(r"\b(?:"):_PAST.pattern.index("|[a-z]+ed")].split("|"))


def _markers(window: str) -> list[tuple[int, int, str]]:
    """The tense markers of a window as (start, end, tense), by one scan over its words.

    The same vocabulary as _FUTURE and _PAST, read word by word: a regex
    alternation with a "-ed" suffix rule costs far more per word. Most words are
    in none of the word lists; for them only the "'ll" and "-ed" endings are read.
    """
    found = []
    previous: str | None = None  # the word before, lower-cased
    previous_match = None
    for match in _WORD.finditer(window):
        word = match.group().lower()
        if word not in _LISTED:
            if word.endswith("'ll"):
                found.append((match.start(), match.end(), "future"))
            elif len(word) > 3 and word.endswith("ed") and previous not in ("be", "being"):
                found.append((match.start(), match.end(), "past"))
        elif word in _FUTURE_WORDS or word.endswith("'ll"):
            found.append((match.start(), match.end(), "future"))
        elif word in _SCHEDULE_VERBS and previous not in _NOT_SCHEDULE_BEFORE:
            # "meet separately Monday", "the summit opens on Friday": a present-tense schedule.
            found.append((match.start(), match.end(), "future_near"))
        elif (previous, word) in _FUTURE_PAIRS:
            # A bare infinitive ("to meet") looks forward only for a date close by: "agreed to
            # meet on Friday", not "made it hard to meet demand for its computers into the summer".
            found.append((previous_match.start(), match.end(), "future_near" if previous == "to" else "future"))
        elif (word in _PAST_WORDS or (len(word) > 3 and word.endswith("ed"))) and word not in _NOT_PAST \
                and previous not in ("be", "being"):
            # "will be held on Sunday": the participle of a passive carries no tense, its auxiliary does.
            found.append((match.start(), match.end(), "past"))
        previous, previous_match = word, match
    return found


# Every word _markers looks up: the rest can only be markers by their endings.
_LISTED = (_FUTURE_WORDS | _SCHEDULE_VERBS | {second for _, second in _FUTURE_PAIRS} | _PAST_WORDS | _NOT_PAST)


# Words right before a date that make it a deadline or a start, so possibly after the DCT
# even in a past-tense sentence: "extended to Nov. 20", "effective Feb. 1", "through January".
_DEADLINE_BEFORE = re.compile(
    r"\b(?:(?<!\d )to|until|till|by|effective|expires?|expiring|through|thru)"
    r"(?:\s+(?:on|in|the))?\s*$",
    re.IGNORECASE,
)


_SINCE_BEFORE = re.compile(r"\bsince\s+$", re.IGNORECASE)
# A past verb directly before the date, give or take a preposition: "killed on 3 February",
# "ended March 31", "announced Aug. 21".
# The lookahead first: a match starts a word and runs, one to six words, to the end; the
# long alternation of verbs is tried only at the few places that can.
_VERB_RIGHT_BEFORE = re.compile(
    r"\b(?=[A-Za-z]+(?:\s+[A-Za-z]+){0,5}\s+$)"
    r"(?P<modal>\b(?:to|will|would|shall|could|may|might|must|can)\s+(?:be\s+|have\s+been\s+)?)?"
    r"(?P<verb>" + _PAST.pattern[:-3] + r"))\b\s+(?:(?:on|in|at|during|of|from)\s+)?(?:the\s+)?$",
    re.IGNORECASE)


_UNKNOWN = object()


def clause_tense(context: str, start: int | None = None, end: int | None = None,
                 nearest: str | None | object = _UNKNOWN) -> str | None:
    """The tense a calendar date without a year is read in: any future cue near it wins.

    "past_strong" when a past-tense verb sits right before the date ("was
    killed on 3 February"): then the date is never put after the DCT.

    Unlike weekdays ("said Tuesday it will ..."), a date such as "Nov. 20"
    written without its year is most often a deadline or a schedule, so a
    future word anywhere around it, or a deadline word right before it,
    outweighs the past-tense verbs of the reporting.

    `nearest` is `tense_near(context, start, end)` when the caller has read it
    already (the resolver reads both for every expression it tries).
    """
    if not context:
        return None
    if start is None or end is None:
        return tense_near(context) if nearest is _UNKNOWN else nearest
    before = context[max(0, start - 40):start]
    if _SINCE_BEFORE.search(before):
        return "past_strong"
    verb = _VERB_RIGHT_BEFORE.search(before)
    # "to be published in November", "will be paid Dec. 14": a participle, not a past event.
    if verb and not verb.group("modal") and verb.group("verb").lower() not in _NOT_PAST:
        return "past_strong"
    deadline = _DEADLINE_BEFORE.search(before)
    if deadline and not (deadline.group(0).lower().startswith("thr") and _through_is_past(before[:deadline.start()])):
        return "future"
    # After the date only the next few words count: "issued July 1, which will receive ..."
    # puts the future on the shares, not on the date.
    window = context[max(0, start - 150):start] + " " + context[end:end + 20]
    if _FUTURE.search(window):
        return "future"
    return tense_near(context, start, end) if nearest is _UNKNOWN else nearest


_EXTENDING = {"extended", "postponed", "delayed", "prolonged", "renewed", "deferred"}


def _through_is_past(before: str) -> bool:
    """ "from March through June" is a range and "sales rose through June" a past stretch;
    "loans extended through January" is a deadline."""
    if re.search(r"\b(?:from|between)\b", before, re.IGNORECASE):
        return True
    last = re.search(r"([A-Za-z]+)\s*$", before)
    if not last:
        return False
    word = last.group(1).lower()
    return word not in _EXTENDING and (word in _PAST_WORDS or (len(word) > 3 and word.endswith("ed")))


def _is_past(match: re.Match) -> bool:
    return match.group(0).lower() not in _NOT_PAST


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The [begin, finish) of the sentence holding text[start:end], at most ~600 code points.

    Used only to read tense; a wrong boundary costs a tense guess, never an offset.
    """
    lo = max(0, start - _MAX_SENTENCE)
    begin = _sentence_begin(text, lo, start)
    hi = min(len(text), end + _MAX_SENTENCE)
    finish = hi
    for at, _ in _sentence_ends(text, end, hi):
        if not _ABBREVIATION_BEFORE.search(text[max(0, at - 6):at]):
            finish = at
            break
    return begin, finish


def _sentence_begin(text: str, lo: int, start: int) -> int:
    """Where the sentence holding `start` begins: after the last break in [lo, start], else lo.

    The end of the previous sentence is found by what follows it, so the breaks are
    searched a little past `start` and only those ending at or before it count. Most
    sentences began a little before `start`, so the nearest 150 code points are tried
    first, from a place no break holds (the character before it is no space or closing
    quote): the breaks found from there are those found from `lo`.
    """
    near = start - 150
    while near > lo and (text[near - 1].isspace() or text[near - 1] in _CLOSING):
        near -= 1
    for first in ((near, lo) if near > lo else (lo,)):
        begin = None
        for at, after in _sentence_ends(text, first, min(len(text), start + 4)):
            if after > start:
                break
            if not _ABBREVIATION_BEFORE.search(text[max(0, at - 6):at]):
                begin = after
        if begin is not None:
            return begin
    return lo


# _SENTENCE_END's three alternatives on their own, each starting with a character or a class
# the regex engine can skip to: as one alternation, led by a lookbehind, it tries every place.
# The first takes the stop itself, so its group is the break.
_AFTER_STOP = re.compile(r"[.!?]([\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]*[A-Z0-9]))")
_BLANK_LINE = re.compile(r"\n\s*\n")
_BLANK_CRLF = re.compile(r"\r\n\s*\r\n")


def _sentence_ends(text: str, pos: int, endpos: int):
    """The spans of `_SENTENCE_END.finditer(text, pos, endpos)`, in order.

    The whole regex takes, from where it stands, the leftmost place any alternative
    matches, the first alternative on a tie, and goes on from the match's end; so does
    this, keeping each alternative's next match until the scan passes its start.
    """
    def after_stop(at: int):
        # A break at `at` is a stop at `at - 1` (the lookbehind's character) and what follows.
        match = _AFTER_STOP.search(text, max(at - 1, 0), endpos)
        return match.span(1) if match else None

    def blank(pattern: re.Pattern, at: int):
        match = pattern.search(text, at, endpos)
        return match.span() if match else None

    searches = (after_stop, lambda at: blank(_BLANK_LINE, at), lambda at: blank(_BLANK_CRLF, at))
    upcoming = [search(pos) for search in searches]
    while True:
        best = None
        for k, span in enumerate(upcoming):
            if span is not None and span[0] < pos:
                span = upcoming[k] = searches[k](pos)
            if span is not None and (best is None or span[0] < best[0]):
                best = span
        if best is None:
            return
        yield best
        pos = best[1]
