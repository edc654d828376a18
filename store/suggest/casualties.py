"""Casualty counts: a number or vague quantity beside killed / wounded / death toll.

"13 people were killed", "killing at least 13", "the death toll rose to 20",
"dozens killed and wounded", "no US casualties". Each suggestion's value is
`resolve_number` of its words. Words that name both kinds ("killed and
wounded", "casualties", "harmed") give two suggestions on the same words, one
Killed and one Injured, and the why says so: the coder keeps the one the text
supports.

Linear time: one pass finds the casualty words; number phrases are read only
in a short window around each, so a page of numbers with no casualty word
costs nothing.
"""

from __future__ import annotations

import re

from store.grounding.number_words import ONE_OF_KIN, PEOPLE_NOUNS
from store.grounding.numbers import resolve_number
from store.suggest import word_starts
from store.suggest.base import Suggestion, make

SUGGESTER = "casualties"
MAX_SUGGESTIONS = 200
# Casualty words looked at per document; past this the article is not news
# copy and further suggestions would only bury the coder.
MAX_KEYWORDS = 2000
WINDOW_BEFORE = 200

_SPACE = r"[^\S\r\n]+"
_NUMBER_WORD = (
    r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|"
    r"sixty|seventy|eighty|ninety|hundred|thousand|million|dozen)"
)
_WORD_NUMBER = rf"{_NUMBER_WORD}(?:(?:{_SPACE}and{_SPACE}|[^\S\r\n\-\u2010\u2011]*[-\u2010\u2011][^\S\r\n]*|{_SPACE}){_NUMBER_WORD})*"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d+(?:\.\d+)?)(?!\w)"
_NUMBER = (
    rf"(?:{_DIGITS}(?:{_SPACE}(?:hundred|thousand|million))?|an?{_SPACE}(?:hundred|thousand|dozen)"
    rf"|{_WORD_NUMBER})(?![\w\-])"
)
_VAGUE = (
    rf"(?:(?:dozens|scores|hundreds|thousands|tens)(?:{_SPACE}of{_SPACE}(?:thousands|hundreds))?"
    rf"|(?:several|a{_SPACE}few|a{_SPACE}couple{_SPACE}of)(?:{_SPACE}(?:hundred|thousand|dozen)\b)?"
    rf"|many|numerous|a{_SPACE}number{_SPACE}of|a{_SPACE}handful{_SPACE}of"
    # "some of the contractors"; a bare "some" is too often not a count.
    rf"|some(?={_SPACE}of{_SPACE}the\b))(?!\w)"
)
_QUALIFIER = (
    r"(?:at\s+least|more\s+than|in\s+excess\s+of|well\s+over|over|upwards\s+of|about|around|"
    r"some|approximately|roughly|nearly|almost|close\s+to|an\s+estimated|estimated|up\s+to|"
    r"as\s+many\s+as|at\s+most|no\s+more\s+than|no\s+fewer\s+than|no\s+less\s+than|"
    r"fewer\s+than|less\s+than|a\s+total\s+of)"
).replace(r"\s+", _SPACE)
_QUANTITY = (
    rf"(?:(?:{_QUALIFIER}){_SPACE})?{_NUMBER}(?:[^\S\r\n]*(?:-|\u2013|to|or)[^\S\r\n]*{_NUMBER})?"
    rf"|between{_SPACE}{_NUMBER}{_SPACE}and{_SPACE}{_NUMBER}|{_VAGUE}"
)
# Nouns for the counted group; "dead"/"wounded" are left out so that
# "two killed and wounded" keeps its casualty words outside the number.
_NOUN = "|".join(sorted((n for n in PEOPLE_NOUNS if n not in ("dead", "wounded")), key=len, reverse=True))
_STOP = (r"(?:were|was|are|is|and|or|but|in|on|at|by|as|to|for|who|whom|that|including|among|mostly"
         r"|killed|killing|wounded|injured|died|dead|said|with|from|after|during)")
# A word before the counted noun; a dot only inside initials ("U.S."), so a
# count never runs on past the end of its sentence ("children. Two ...").
_MODIFIER = rf"(?!{_STOP}\b)(?:(?:[A-Za-z]\.){{2,}}|\d+-[\w'\u2019\-]+|(?!\d)[\w'\u2019\-]+){_SPACE}"
_GROUP = (
    rf"(?:{_QUANTITY})(?:{_SPACE}of)?(?:{_SPACE}(?:the{_SPACE})?(?:{_MODIFIER}){{0,3}}(?:{_NOUN})\b)?"
)
_GROUP_WITH_NOUN = (
    rf"(?:{_QUANTITY})(?:{_SPACE}of)?{_SPACE}(?:the{_SPACE})?(?:{_MODIFIER}){{0,3}}(?:{_NOUN})\b"
)
_ONE_PERSON = rf"(?:an?|another|a{_SPACE}single)(?:{_SPACE}(?:{_MODIFIER}){{0,2}}(?:{_NOUN})\b|(?<=another)\b)"
_JOIN = rf"(?:[^\S\r\n]*,[^\S\r\n]*(?:and{_SPACE})?|{_SPACE}and{_SPACE})(?:(?:her|his|their){_SPACE})?"
_KIN = rf"(?:{'|'.join(sorted(ONE_OF_KIN, key=len, reverse=True))})\b"
_LIST = rf"(?:{_GROUP}|{_ONE_PERSON})(?:{_JOIN}(?:{_GROUP_WITH_NOUN}|{_ONE_PERSON}|{_KIN}))*"
_BREAKDOWN = rf"(?:[^\S\r\n]*,?[^\S\r\n]*(?:including|among{_SPACE}them|of{_SPACE}whom){_SPACE}{_LIST})?"
# "no USA or coalition members": a denial may join its modifiers with "or".
_DENIAL_MODIFIER = rf"(?:or{_SPACE}|{_MODIFIER})"
_DENIAL = rf"no{_SPACE}one\b|nobody\b|none\b|no{_SPACE}(?:{_DENIAL_MODIFIER}){{0,3}}(?:{_NOUN})\b"
PHRASE = re.compile(rf"\b(?:{_DENIAL}|{_LIST}{_BREAKDOWN})", re.IGNORECASE)

KEYWORD = re.compile(
    r"\b(?:(?P<both>casualty|casualties|killed\s+(?:and|or)\s+(?:wounded|injured|hurt)"
    r"|killing\s+(?:and|or)\s+(?:wounding|injuring)|dead\s+(?:and|or)\s+(?:wounded|injured)"
    r"|deaths\s+and\s+injuries|harmed)"
    r"|(?P<killed>killed|killing|kills|kill|shot\s+dead|dead|died|dies|death\s+toll|toll|deaths|fatalities"
    r"|slain|perished|lost\s+their\s+lives)"
    r"|(?P<injured>wounded|wounding|wounds|injured|injuring|injuries|hurt))\b",
    re.IGNORECASE,
)


def _leading_words(alternation: str) -> set[str]:
    """The first word of each alternative of a flat group "(?:at\\s+least|over|...)"."""
    return {re.match(r"[a-z]+", alternative).group() for alternative in alternation[3:-1].split("|")}


# The words a keyword or a count can start with, and no others: each is a try
# of the pattern (store/suggest/word_starts.py). A keyword never starts with a
# digit; a count may, and digits are always tried.
_KEYWORD_OPENERS = frozenset("""
casualty casualties killed killing dead deaths harmed kill kills shot died dies death toll
fatalities slain perished lost wounded wounding wounds injured injuring injuries hurt
""".split())
_PHRASE_OPENERS = frozenset(
    _leading_words(_NUMBER_WORD) | _leading_words(_QUALIFIER)
    | {"dozens", "scores", "hundreds", "thousands", "tens", "several", "a", "many", "numerous", "some"}  # _VAGUE
    | {"an", "another", "between", "no", "nobody", "none"}
)
# Keywords a count may follow ("killing at least 13", "the toll rose to 20").
_TAKES_OBJECT = re.compile(r"(?:kill|wound|injur|hurt|shot\s+dead|death\s+toll|toll)", re.IGNORECASE)
_TOLL = re.compile(r"toll", re.IGNORECASE)
_AFTER_VERB = re.compile(r"[^\S\r\n]+['\"\u201c\u2018]?[^\S\r\n]*")
_AFTER_TOLL = re.compile(
    r"[^\S\r\n]+(?:(?:has|have|had|now|reportedly)[^\S\r\n]+)?"
    r"(?:(?:rose|risen|climbed|reached|stood|stands|rises|jumped|increased|hit|is|was|of|at|to)"
    r"[^\S\r\n]+(?:(?:to|at)[^\S\r\n]+)?)?['\"\u201c\u2018]?"
)
# Between a count and a later casualty word: an aside in commas, "of the
# X unit" / "in the X army", and the auxiliaries of the passive.
_BEFORE_GAP = re.compile(
    r"(?:[^\S\r\n]*,[^,\r\n]{0,60},|[^\S\r\n]*,)?"
    r"(?:[^\S\r\n]+(?:of|in)[^\S\r\n]+the(?:[^\S\r\n]+[\w'\u2019.\-]+){1,3})?"
    r"(?:[^\S\r\n]+who)?"
    r"(?:[^\S\r\n]+(?:were|was|are|is|have|has|had|been|being|got|reportedly|also|all|later"
    r"|allegedly|seriously|critically|lightly|slightly|badly|fatally|mortally)){0,4}"
    r"[^\S\r\n]*",
    re.IGNORECASE,
)
_MONTH_BEFORE = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?[^\S\r\n]*(?:\d{1,2},?[^\S\r\n]*)?$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:1[89]|20)\d\d")


def suggest_casualties(text: str, *, cap: int = MAX_SUGGESTIONS) -> list[Suggestion]:
    """Killed / Injured suggestions: the count words, with resolve_number's
    value and the rule in `why`. At most `cap` per document."""
    if not isinstance(text, str) or not text:
        return []
    found: dict[tuple[str, int, int], Suggestion] = {}
    for index, keyword in enumerate(word_starts.finditer(KEYWORD, text, _KEYWORD_OPENERS, digits=False)):
        if index >= MAX_KEYWORDS or len(found) >= cap:
            break
        paired = _count_before(text, keyword) or _count_after(text, keyword)
        if paired is None:
            continue
        phrase, where = paired
        for suggestion in _suggestions(text, phrase, keyword, where):
            found.setdefault((suggestion.label, suggestion.start, suggestion.end), suggestion)
    return sorted(found.values(), key=lambda s: (s.start, s.end, s.label))[:cap]


def _window_start(text: str, at: int) -> int:
    """Where to start reading counts before a keyword: the sentence start,
    or a word start at most WINDOW_BEFORE characters back."""
    low = max(0, at - WINDOW_BEFORE)
    cut = max(text.rfind("\n", low, at), _sentence_stop(text, low, at))
    if cut >= 0:
        return cut + 1
    if low == 0:
        return 0
    space = text.find(" ", low, at)
    return space + 1 if space >= 0 else at


def _sentence_stop(text: str, low: int, at: int) -> int:
    """The last ". " in text[low:at] that ends a sentence: not the dot of an
    initial or abbreviation ("U.S. -backed", "Mr. Kirby")."""
    stop = text.rfind(". ", low, at)
    while stop > low:
        before = text[max(low, stop - 3):stop]
        if not (before[-1:].isupper() or before.endswith(("Mr", "Dr", "St", "Gen", "Col", "Lt"))):
            return stop
        stop = text.rfind(". ", low, stop)
    return -1


def _count_before(text: str, keyword: re.Match) -> tuple[re.Match, str] | None:
    start = _window_start(text, keyword.start())
    last = None
    for phrase in word_starts.finditer(PHRASE, text, _PHRASE_OPENERS, start, keyword.end()):
        if phrase.start() <= keyword.start() and phrase.end() >= keyword.end():
            return phrase, "in"
        if phrase.end() <= keyword.start():
            last = phrase
    if last is None:
        return None
    gap = _BEFORE_GAP.fullmatch(text, last.end(), keyword.start())
    if gap is None or _looks_like_date(text, last):
        return None
    return last, "before"


def _count_after(text: str, keyword: re.Match) -> tuple[re.Match, str] | None:
    if not _TAKES_OBJECT.match(keyword.group()):
        return None
    gap_rule = _AFTER_TOLL if _TOLL.search(keyword.group()) else _AFTER_VERB
    gap = gap_rule.match(text, keyword.end())
    if gap is None:
        return None
    phrase = PHRASE.match(text, gap.end(), min(len(text), gap.end() + 300))
    if phrase is None or _looks_like_date(text, phrase):
        return None
    return phrase, "after"


def _looks_like_date(text: str, phrase: re.Match) -> bool:
    """A bare year ("in 2019") or a day after a month ("October 27") is a date, not a count."""
    words = phrase.group()
    if _YEAR.fullmatch(words):
        return True
    return words[:1].isdigit() and bool(_MONTH_BEFORE.search(text, max(0, phrase.start() - 16), phrase.start()))


def _suggestions(text: str, phrase: re.Match, keyword: re.Match, where: str) -> list[Suggestion]:
    words, cue = phrase.group(), " ".join(keyword.group().split())
    sentence_start = _window_start(text, phrase.start())
    context = text[sentence_start:min(len(text), keyword.end() + 80)]
    value = resolve_number(words, context)
    rule = {"before": f"'{words}' before '{cue}'", "after": f"'{words}' after '{cue}'",
            "in": f"'{words}' names the casualties"}[where]
    why = f"rule casualty-number: {rule}"
    if value.get("unresolved"):
        why += f"; no value: {value['why']}"
        value = None
    if keyword.group("both"):
        note = (f"; '{cue}' covers killed and injured: one suggestion for each on the same words, "
                "keep the one the text supports")
        labels = ("Killed", "Injured")
        why += note
    elif keyword.group("killed"):
        labels = ("Killed",)
    else:
        labels = ("Injured",)
    return [make(text, label, phrase.start(), phrase.end(), SUGGESTER, why, value) for label in labels]
