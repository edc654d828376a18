"""Grounding counts: "at least 13", "dozens", "six children and four women" -> low / best / high.

UCDP keeps three figures (low = lowest credible, best = most likely, high =
highest credible); ACLED keeps one, the lowest credible figure. A figure the
words do not give stays None: nothing here guesses.

Conventions (one table, applied everywhere):

    words                                qualifier   low    best   high   acled
    "13", "thirteen", "1,200"            exact       13     13     13     13
    "at least 13", "no fewer than 13"    at_least    13     13     None   13
    "more than 100", "over 100",
      "in excess of 100"                 more_than   101    None   None   101
    "about 100", "around", "some 30",
      "nearly", "almost", "approximately" about      None   100    None   100
    "20-30", "20 to 30", "between 20
      and 30", "about 20 to 30"          range       20     None   30     20
    "up to 40", "at most 40"             at_most     None   None   40     None
    "fewer than 10", "under 10"          fewer_than  None   None   9      None
    "a dozen", "two dozen"               about       None   12/24  None   12/24
    "dozens"                             vague       24     None   None   12
    "tens" / "scores"                    vague       20/40  None   None   10/20
    "hundreds" / "thousands"             vague       200/2000 None None   100/1000
    "several", "a few", "a number of",
      "many", "numerous", "a handful"    vague       3      None   None   3
    "some" (no number), "a couple of"    vague       2      None   None   2
    "several hundred", "a few dozen"     vague       300/36 None   None   300/36
    "no one", "none", "no US casualties" none        0      0      0      0
    "a woman", "another", "his son"      exact       1      1      1      1

Why these: "more than 100" excludes 100, so its lowest figure is 101 (and
"fewer than 10" tops out at 9); the reported 100 is not a best estimate, so
best stays None, while "at least 13" reports 13 itself and 13 is its best.
"nearly"/"almost" are read as approximate (domain reference, section 5),
though they hint at an upper bound; the editor may tighten that. A vague
plural of N ("dozens") is at least two N, and ACLED codes it as N (dozens ->
12, hundreds -> 100). ACLED's figure for an approximate count is the number
reported; for an upper bound only it is None (there is no lowest figure).
"none" is a denial: the speaker's claim, not a fact (see the claim).

Several groups joined by "and" are summed ("six children and four women" is
10); a breakdown after "including" / "among them" / "of whom" / "N of them"
is kept in `parts` (marked `within`) and never added to the total. A number
that describes ("a 13-year-old boy", "five-storey") does not count.

Result: {"low", "best", "high", "qualifier", "acled_fatalities", "why",
"parts": [{"text", "count", "who", "start", "end", "within"}]}, where start
and end are offsets into the phrase given (text[start:end] == part text),
or {"unresolved": True, "why"}: empty, too long (over 300 characters),
negative, a fraction, implausible (over 10,000,000), or no count at all.
"""

from __future__ import annotations

import re

import regex

from store.grounding.number_words import (
    BREAKDOWN,
    DENIALS,
    FILLERS,
    GROUP_WORDS,
    NUMBER_WORDS,
    ONE_OF_KIN,
    PEOPLE_NOUNS,
    QUALIFIERS,
    RANGE_JOINS,
    SCALES,
    SEPARATORS,
    TENS,
    UNITS,
    VAGUE_PLURALS,
    VAGUE_WORDS,
)

MAX_PHRASE_CHARS = 300
# Beyond this no single report counts people; "a billion" is a slip or a
# different quantity (money, population), not a casualty figure.
MAX_PLAUSIBLE = 10_000_000

_TOKEN = regex.compile(r"\d(?:[\d,]*\d)?(?:\.\d+)?|[\p{L}][\p{L}\p{M}]*(?:['\u2019][\p{L}][\p{L}\p{M}]*)*|[-\u2010-\u2015]|[,&]")
# _TOKEN for ASCII text (digits, letters, "'", "-"), by the standard engine, which
# starts on a short phrase in a fraction of `regex`'s time.
_ASCII_TOKEN = re.compile(r"[0-9](?:[0-9,]*[0-9])?(?:\.[0-9]+)?|[A-Za-z]+(?:'[A-Za-z]+)*|-|[,&]")


_DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015")
# What `_number` returns for digits no count is written in ("1,20"): not a
# whole number, so the caller reports it as such instead of reading 1 or 120.
_MALFORMED = 0.5


def _unresolved(why: str) -> dict:
    return {"unresolved": True, "why": why}


def _tokens(text: str) -> list[tuple[str, int, int]]:
    out = []
    for m in (_ASCII_TOKEN if text.isascii() else _TOKEN).finditer(text):
        word = m.group().casefold()
        if word in _DASHES:
            word = "-"
        out.append((word, m.start(), m.end()))
    return out


def _starts_with(words: list[str], pos: int, seq: tuple[str, ...]) -> bool:
    return tuple(words[pos:pos + len(seq)]) == seq


def _by_first_word(table: dict) -> dict[str, list[tuple[tuple[str, ...], object]]]:
    """A word-sequence table as first word -> its (sequence, value) entries in the
    table's order, so that a look-up tries only the entries that can match."""
    index: dict[str, list[tuple[tuple[str, ...], object]]] = {}
    for seq, value in table.items():
        index.setdefault(seq[0], []).append((seq, value))
    return index


_QUALIFIERS_BY_FIRST = _by_first_word(QUALIFIERS)
_VAGUE_WORDS_BY_FIRST = _by_first_word(VAGUE_WORDS)
_BREAKDOWN_FIRST = frozenset(seq[0] for seq in BREAKDOWN)
_DENIAL_FIRST = frozenset(seq[0] for seq in DENIALS)
_FILLERS_OR_SEPARATORS = FILLERS | SEPARATORS


def _match_table(words: list[str], pos: int, index: dict) -> tuple[tuple[str, ...], object] | None:
    """The longest entry of a `_by_first_word` index that the words at `pos` start
    with (the table's first among equally long ones), or None."""
    if pos >= len(words):
        return None
    best = None
    for seq, value in index.get(words[pos], ()):
        if (best is None or len(seq) > len(best[0])) and _starts_with(words, pos, seq):
            best = (seq, value)
    return best


class _Quantity:
    """One count as read: its figures, its qualifier and the tokens it used."""

    __slots__ = ("acled", "best", "end", "high", "low", "note", "qualifier")

    def __init__(self, low, best, high, qualifier, acled, end, note=""):
        self.low, self.best, self.high = low, best, high
        self.qualifier, self.acled, self.end, self.note = qualifier, acled, end, note


def _digits(word: str) -> float | None:
    if "," in word:
        head, *groups = word.split(",")
        if not (1 <= len(head) <= 3 and groups and all(len(g.split(".")[0]) == 3 for g in groups)):
            return None
        word = word.replace(",", "")
    try:
        return float(word)
    except ValueError:
        return None


def _number(words: list[str], pos: int) -> tuple[float, int, bool] | None:
    """A plain number at `pos`: digits (with a scale word) or number words.
    Returns (value, next position, counted in dozens/scores)."""
    if pos >= len(words):
        return None
    word = words[pos]
    if word[0].isdigit():
        value = _digits(word)
        if value is None:
            return _MALFORMED, pos + 1, False
        pos += 1
        # "10 000": thousands set apart by a space.
        if len(word) <= 3 and word.isdigit():
            while pos < len(words) and len(words[pos]) == 3 and words[pos].isdigit():
                value = value * 1000 + int(words[pos])
                pos += 1
        if pos < len(words) and words[pos] in SCALES:
            value *= SCALES[words[pos]]
            pos += 1
        return None if _adjective_follows(words, pos) else (value, pos, False)
    total, current, seen, grouped = 0, 0, False, False
    if word in ("a", "an") and pos + 1 < len(words) and (
            words[pos + 1] in SCALES or words[pos + 1] in GROUP_WORDS):
        current, seen, pos = 1, True, pos + 1
    while pos < len(words):
        word = words[pos]
        if word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word in GROUP_WORDS:
            current = (current or 1) * GROUP_WORDS[word]
            grouped = True
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in SCALES:
            total += (current or 1) * SCALES[word]
            current = 0
        elif not (seen and _joins_number_words(words, pos)):
            break
        seen = True
        pos += 1
    if not seen or _adjective_follows(words, pos):
        return None
    return total + current, pos, grouped


def _adjective_follows(words: list[str], pos: int) -> bool:
    """"13-year-old", "five-storey": the number describes, it does not count."""
    return (pos + 1 < len(words) and words[pos] == "-" and words[pos + 1][0].isalpha()
            and words[pos + 1] not in NUMBER_WORDS)


def _is_described(words: list[str], pos: int) -> bool:
    """A word, or a number-hyphen-word adjective ("a 13-year-old boy")."""
    if pos >= len(words):
        return False
    if words[pos][0].isalpha():
        return True
    return pos + 2 < len(words) and words[pos + 1] == "-" and words[pos + 2][0].isalpha()


def _joins_number_words(words: list[str], pos: int) -> bool:
    """A hyphen in "twenty-five" or the "and" in "one hundred and twelve"."""
    if pos + 1 >= len(words):
        return False
    after = words[pos + 1]
    if words[pos] == "-":
        return after in UNITS
    return (words[pos] == "and" and pos > 0 and words[pos - 1] in SCALES
            and (after in UNITS or after in TENS))


def _quantity(words: list[str], pos: int) -> _Quantity | None:
    """The count at `pos` with any qualifier before it, or None."""
    qualifier = "exact"
    found = _match_table(words, pos, _QUALIFIERS_BY_FIRST)
    start = pos
    if found:
        seq, qualifier = found
        # "some" before a number is "about"; alone it is a vague word.
        if _number(words, pos + len(seq)) or (qualifier == "between"):
            pos += len(seq)
        else:
            qualifier = "exact"
    if qualifier == "exact" and _starts_with(words, pos, ("a", "total", "of")):
        pos += 3
    vague = _vague(words, pos)
    if vague:
        if qualifier in ("at_least", "more_than") and vague.low is not None:
            vague.note = "qualifier on a vague word ignored"
        return vague
    number = _number(words, pos)
    if number is None:
        if pos != start:
            return None
        if pos < len(words) and words[pos] in ("a", "an", "another", "single") or (
                _starts_with(words, pos, ("a", "single"))):
            step = 2 if _starts_with(words, pos, ("a", "single")) else 1
            if _is_described(words, pos + step):
                return _Quantity(1, 1, 1, "exact", 1, pos + step)
        if pos + 1 < len(words) and words[pos] in ("his", "her", "their", "its") and words[pos + 1] in ONE_OF_KIN:
            return _Quantity(1, 1, 1, "exact", 1, pos + 1)
        if pos < len(words) and words[pos] == "another":
            return _Quantity(1, 1, 1, "exact", 1, pos + 1)
        if pos < len(words) and words[pos] == "both":
            return _Quantity(2, 2, 2, "exact", 2, pos + 1)
        return None
    value, pos, grouped = number
    if value != int(value):
        return _Quantity(None, None, None, "invalid", None, pos, "not a whole count")
    value = int(value)
    if pos < len(words) and words[pos] in RANGE_JOINS | ({"and"} if qualifier == "between" else set()):
        upper = _number(words, pos + 1)
        if upper and upper[0] == int(upper[0]) and int(upper[0]) >= value:
            note = "'about' on a range ignored" if qualifier == "about" else ""
            high = int(upper[0])
            return _Quantity(value, None, high, "range", value, upper[1], note)
    if qualifier == "between":
        return None
    if grouped and qualifier == "exact":
        qualifier = "about"
    return _figures(value, qualifier, pos)


def _figures(value: int, qualifier: str, end: int) -> _Quantity:
    if qualifier == "exact":
        return _Quantity(value, value, value, qualifier, value, end)
    if qualifier == "at_least":
        return _Quantity(value, value, None, qualifier, value, end)
    if qualifier == "more_than":
        return _Quantity(value + 1, None, None, qualifier, value + 1, end)
    if qualifier == "about":
        return _Quantity(None, value, None, qualifier, value, end)
    if qualifier == "at_most":
        return _Quantity(None, None, value, qualifier, None, end)
    return _Quantity(None, None, max(value - 1, 0), "fewer_than", None, end)


def _vague(words: list[str], pos: int) -> _Quantity | None:
    if pos < len(words) and words[pos] in VAGUE_PLURALS:
        unit = VAGUE_PLURALS[words[pos]]
        end = pos + 1
        # "tens of thousands", "hundreds of thousands"
        if _starts_with(words, end, ("of",)) and end + 1 < len(words) and words[end + 1] in VAGUE_PLURALS:
            inner = VAGUE_PLURALS[words[end + 1]]
            return _Quantity(2 * unit * inner, None, None, "vague", unit * inner, end + 2)
        return _Quantity(2 * unit, None, None, "vague", unit, end)
    found = _match_table(words, pos, _VAGUE_WORDS_BY_FIRST)
    if found:
        seq, floor = found
        end = pos + len(seq)
        # "several hundred", "a few dozen": the vague word counts units.
        unit_word = words[end] if end < len(words) else ""
        unit = SCALES.get(unit_word) or GROUP_WORDS.get(unit_word)
        if unit and unit_word != "billion":
            return _Quantity(floor * unit, None, None, "vague", floor * unit, end + 1)
        return _Quantity(floor, None, None, "vague", floor, end)
    return None


def _who(words: list[str], start: int, end: int) -> str | None:
    for word in words[start:end]:
        if word in PEOPLE_NOUNS:
            return word
    nouns = [w for w in words[start:end] if w[0].isalpha() and w not in ("of", "the")]
    return nouns[-1] if nouns else None


def resolve_number(text: str, context: str = "") -> dict:
    """Ground a count phrase ("at least 13 people", "dozens", "no one") to
    low/best/high, a qualifier and ACLED's single figure, with the counted
    groups in `parts`. `context` (the sentence around the phrase) lends the
    counted noun to a bare number ("13" in "13 civilians were killed").
    Never raises: bad input gives {"unresolved": True, "why": ...}."""
    if not isinstance(text, str) or not isinstance(context, str):
        return _unresolved("not text")
    stripped = text.strip()
    if not stripped:
        return _unresolved("empty: no number to read")
    if len(stripped) > MAX_PHRASE_CHARS:
        return _unresolved(f"too long for a count phrase ({len(stripped)} characters; select the number itself)")
    tokens = _tokens(text)
    words = [t[0] for t in tokens]
    spans = [(t[1], t[2]) for t in tokens]
    if not words:
        return _unresolved("no number: no words or digits")
    if stripped[0] in "-\u2212" or words[0] == "minus" or (words[0] == "-" and len(words) > 1 and words[1][0].isdigit()):
        return _unresolved("negative: a count cannot be below zero")
    denial = _denial(words, text, spans)
    if denial:
        return denial
    stop = len(words)
    breakdown_at = None
    marker_length = 0
    for i in range(len(words)):
        if words[i] not in _BREAKDOWN_FIRST:
            continue
        marker = next((seq for seq in BREAKDOWN if _starts_with(words, i, seq)), None)
        if marker:
            breakdown_at, stop, marker_length = i, i, len(marker)
            if marker in (("of", "them"), ("of", "whom")):
                # "13 people, six of them children": the breakdown starts at "six".
                comma = max((j for j in range(i) if words[j] == ","), default=None)
                if comma is not None:
                    breakdown_at, stop, marker_length = comma, comma, 1
            break
    groups, _ = _read_groups(words, spans, 0, stop, text)
    if not groups:
        return _unresolved("no number: none of these words is a count")
    if any(g[0].qualifier == "invalid" for g in groups):
        return _unresolved("not a whole count: a fraction, or digits grouped oddly ('1,20')")
    result = _combine([g[0] for g in groups])
    parts = [_part(g, False) for g in groups]
    if breakdown_at is not None:
        inner, _ = _read_groups(words, spans, breakdown_at + marker_length, len(words), text)
        parts += [_part(g, True) for g in inner or () if g[0].qualifier != "invalid"]
    if len(parts) == 1 and parts[0]["who"] is None and context:
        parts[0]["who"] = _who_from_context(text.strip(), context)
    figures = [v for v in (result["low"], result["best"], result["high"]) if v is not None]
    if any(v > MAX_PLAUSIBLE for v in figures):
        return _unresolved(f"implausible: {max(figures):,} is past any plausible count of people")
    result["parts"] = parts
    result["why"] = _why(result, groups, breakdown_at is not None)
    return result


def _read_groups(words, spans, pos, stop, text):
    """Groups from `pos` to `stop`: (quantity, who, text, start, end) each."""
    groups = []
    # The count at a position is asked for again as the groups are read (a
    # separator looks ahead past fillers); each is worked out once.
    read: dict[int, _Quantity | None] = {}

    def quantity_at(at: int) -> _Quantity | None:
        if at not in read:
            read[at] = _quantity(words, at)
        return read[at]

    while pos < stop:
        while pos < stop and words[pos] in _FILLERS_OR_SEPARATORS and quantity_at(pos) is None:
            pos += 1
        if pos >= stop:
            break
        first = pos
        quantity = quantity_at(pos)
        if quantity is None:
            # Leading words that are not counts ("rare", "US") are skipped
            # before the first group only; after it they belong to its noun.
            if groups or first > 4:
                break
            pos += 1
            continue
        if quantity.qualifier == "invalid":
            return [(quantity, None, "", 0, 0)], pos
        pos = quantity.end
        noun_start = pos
        while pos < stop:
            if words[pos] in SEPARATORS:
                nxt = pos + 1
                while nxt < stop and words[nxt] in _FILLERS_OR_SEPARATORS and quantity_at(nxt) is None:
                    nxt += 1
                if nxt < stop and quantity_at(nxt) is not None:
                    break
            pos += 1
        end = pos
        while end > noun_start and words[end - 1] in SEPARATORS:
            end -= 1
        start_char, end_char = spans[first][0], spans[max(end, quantity.end) - 1][1]
        groups.append((quantity, _who(words, noun_start, end), text[start_char:end_char], start_char, end_char))
    return groups, pos


def _denial(words, text, spans) -> dict | None:
    pos = 0
    while pos < len(words) and words[pos] in ("there", "were", "was", "with", "and"):
        pos += 1
    if pos >= len(words) or words[pos] not in _DENIAL_FIRST:
        return None
    for seq in DENIALS:
        if _starts_with(words, pos, seq):
            # "no more than 5", "no fewer than 13" are bounds, not denials.
            if seq == ("no",) and pos + 1 < len(words) and (
                    words[pos + 1] in NUMBER_WORDS or words[pos + 1][0].isdigit()
                    or words[pos + 1] in ("more", "fewer", "less")):
                return None
            who = _who(words, pos + len(seq), len(words)) if len(words) > pos + len(seq) else None
            return {
                "low": 0, "best": 0, "high": 0, "qualifier": "none", "acled_fatalities": 0,
                "parts": [{"text": text.strip(), "count": 0, "who": who,
                           "start": spans[pos][0], "end": spans[-1][1], "within": False}],
                "why": f"denial '{' '.join(seq)}': 0, a claim of the speaker, not a fact",
            }
    return None


def _combine(quantities: list[_Quantity]) -> dict:
    if len(quantities) == 1:
        q = quantities[0]
        return {"low": q.low, "best": q.best, "high": q.high, "qualifier": q.qualifier,
                "acled_fatalities": q.acled}

    def total(values):
        return sum(values) if all(v is not None for v in values) else None

    qualifiers = {q.qualifier for q in quantities}
    low = total([q.low for q in quantities])
    high = total([q.high for q in quantities])
    best = total([q.best for q in quantities])
    if len(qualifiers) == 1:
        qualifier = qualifiers.pop()
    elif "vague" in qualifiers:
        qualifier = "vague"
    elif low is not None:
        qualifier = "at_least"
    else:
        qualifier = "about"
    return {"low": low, "best": best, "high": high, "qualifier": qualifier,
            "acled_fatalities": total([q.acled for q in quantities])}


def _part(group, within: bool) -> dict:
    quantity, who, text, start, end = group
    count = next((v for v in (quantity.best, quantity.low, quantity.high) if v is not None), None)
    return {"text": text, "count": count, "who": who, "start": start, "end": end, "within": within}


def _who_from_context(phrase: str, context: str) -> str | None:
    at = context.find(phrase)
    if at < 0:
        return None
    following = _tokens(context[at + len(phrase): at + len(phrase) + 60])
    for word, _, _ in following[:3]:
        if word in PEOPLE_NOUNS:
            return word
    return None


def _why(result: dict, groups, has_breakdown: bool) -> str:
    texts = " + ".join(f"'{g[2]}'" for g in groups)
    why = f"{result['qualifier']}: {texts}"
    if len(groups) > 1:
        why += f" summed to {result['low'] if result['low'] is not None else result['best']}"
    notes = [g[0].note for g in groups if g[0].note]
    if has_breakdown:
        notes.append("breakdown kept in parts, not added")
    if result["qualifier"] == "vague":
        notes.append(f"ACLED codes {result['acled_fatalities']}")
    return why + ("; " + "; ".join(notes) if notes else "")
