"""A pattern's matches, tried only where a word that can open one starts.

Python's regex engine tries a pattern at every position of the text, and a
long alternation ("said|says|told|...") at every word boundary: most of a
suggester's time on a 3 KB article. The patterns here can only match from
the start of a word in a known list ("said", "killed", "two", "at least"),
so the pattern is tried only where such a word starts. The matches are
those `pattern.finditer` gives.

Where the opener words start is found in C, not by reading every word in
Python: the span is turned into bytes in which ASCII letters are lower case,
other word characters stay, a character that is not ASCII is "?" and every
other character is a space. There an opener is `" said"` followed by no word
byte, which one bytes regex finds fast (it skips from space to space). A
"?" next to such a word may stand for a letter ("Atmé"): only then is the
text itself asked. Words that are not ASCII are always tried, found from
their "?".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

_RUN = re.compile(r"\w+")
_WORD_CHARACTER = re.compile(r"\w")
_ASCII_WORD = re.compile(r"[a-z0-9_]+")
_QUESTION = ord("?")
# ASCII word bytes as themselves in lower case, "?" as itself, others as a space.
_FOLD = bytes(
    c + 32 if 65 <= c <= 90 else c if (48 <= c <= 57 or 97 <= c <= 122 or c in (95, _QUESTION)) else 32
    for c in range(256)
)


def first_words(*sources: str) -> frozenset[str]:
    """Every lower-case letter sequence in these pattern sources: a superset of the
    words a match can open with (regex escapes add a few letters, which cost only
    a try each)."""
    return frozenset(word for source in sources for word in re.findall(r"[a-z]+", source.lower()))


@lru_cache(maxsize=64)
def _opener_finder(openers: frozenset[str], digits: bool) -> re.Pattern:
    """A bytes regex for a separator (" " or "?") and then an opener that ends the
    word, or (`digits`) any digit; grouped by first byte so that the engine
    rules out most words at their first letter. A pure function of the
    openers, so it is kept across documents."""
    rests: dict[str, list[str]] = {}
    for word in openers:
        if word.isascii() and _ASCII_WORD.fullmatch(word) and not (digits and word[0].isdigit()):
            rests.setdefault(word[0], []).append(word[1:])
    branches = ["[0-9]"] if digits else []
    for first, words in sorted(rests.items()):
        alternatives = "|".join(re.escape(rest) for rest in sorted(words, key=lambda w: (-len(w), w)))
        branches.append(f"{re.escape(first)}(?:{alternatives})(?![a-z0-9_])")
    if not branches:
        return re.compile(b"(?!)")
    return re.compile(f"[ ?](?:{'|'.join(branches)})".encode("ascii"))


def _admits(word: str, openers: frozenset[str], digits: bool) -> bool:
    return not word.isascii() or (digits and word[0].isdigit()) or word.lower() in openers


def _is_word_character(text: str, at: int) -> bool:
    return _WORD_CHARACTER.match(text, at) is not None


def _starts(text: str, pos: int, end: int, openers: frozenset[str], digits: bool) -> list[int]:
    """The sorted starts of the words in [pos, end) the rule admits."""
    low = pos - 1 if pos > 0 else 0
    ascii_span = text[low:end].encode("ascii", "replace")
    folded = ascii_span.translate(_FOLD)
    # data[i] stands for text[pos - 1 + i]; a space before the text's start.
    data = folded if pos > 0 else b" " + folded
    ascii_span = ascii_span if pos > 0 else b" " + ascii_span
    shift = pos - 1
    starts = []
    for found in _opener_finder(openers, digits).finditer(data):
        start = found.start() + 1 + shift
        # After a letter that is not ASCII ("éa") this is not a word start. (Before
        # one, "saidé", it is: that word is tried anyway, not being ASCII.)
        if ascii_span[found.start()] != _QUESTION or not _is_word_character(text, start - 1):
            starts.append(start)
    others = _always_tried(text, pos, end, ascii_span, shift, openers, digits)
    if others:
        starts = sorted({*starts, *others})
    return starts


def _always_tried(text: str, pos: int, end: int, ascii_span: bytes, shift: int,
                  openers: frozenset[str], digits: bool) -> list[int]:
    """Starts the finder does not give: words with a character that is not ASCII
    (case-insensitive matching of "K" or "ſ" is not `lower()`'s, so they are
    always tried), and a word that `pos` cuts, read from `pos` on."""
    found = []
    if 0 < pos < end and _is_word_character(text, pos - 1) and _is_word_character(text, pos):
        if _admits(_RUN.match(text, pos, end).group(), openers, digits):
            found.append(pos)
    at = ascii_span.find(b"?", pos - shift)
    while at >= 0:
        where = at + shift
        if text[where] != "?" and _is_word_character(text, where):
            start = where
            while start > pos and _is_word_character(text, start - 1):
                start -= 1
            found.append(start)
            # The rest of this word adds nothing.
            at = _RUN.match(text, where, end).end() - shift
        at = ascii_span.find(b"?", at + 1)
    return found


def finditer(pattern: re.Pattern, text: str, openers: Iterable[str] | frozenset[str],
             pos: int = 0, endpos: int | None = None, *, digits: bool = True) -> Iterator[re.Match]:
    """`pattern.finditer(text, pos, endpos)` for a pattern whose every match starts a
    word (a whole run of \\w) that is in `openers` in lower case, or that starts with a
    digit (unless `digits` is False: the pattern never starts with one), or that
    is not ASCII (case-insensitive matching of "K" or "ſ" is not `lower()`'s: such
    words are always tried).

    A word is a run of \\w as `\\w+` reads it from `pos` to `endpos`: one that
    `pos` or `endpos` cuts is judged by its part inside."""
    if not isinstance(openers, frozenset):
        openers = frozenset(openers)
    size = len(text)
    pos = min(max(pos, 0), size)
    end = size if endpos is None else min(max(endpos, 0), size)
    if pos >= end:
        return
    resume = pos
    for start in _starts(text, pos, end, openers, digits):
        if start < resume:
            continue
        found = pattern.match(text, start, end)
        if found is not None:
            yield found
            resume = found.end() if found.end() > start else start + 1
