"""A pattern's matches, tried only where a word that can open one starts.

Python's regex engine tries a pattern at every position of the text, and a
long alternation ("said|says|told|...") at every word boundary: most of a
suggester's time on a 3 KB article. The patterns here can only match from
the start of a word in a known list ("said", "killed", "two", "at least"),
so the pattern is tried only where such a word starts. The matches are
those `pattern.finditer` gives.

The starts are found by one more regex, built from the opener words so that
the engine does the walking: it opens with the class of the words' first
letters, which lets it skip in C every character no opener starts with, and
then checks that no word character comes before and that the whole word is
an opener. Reading the words in Python instead cost more than the tries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

_RUN = re.compile(r"\w+")
_WORD_CHARACTER = re.compile(r"\w")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def first_words(*sources: str) -> frozenset[str]:
    """Every lower-case letter sequence in these pattern sources: a superset of the
    words a match can open with (regex escapes add a few letters, which cost only
    a try each)."""
    return frozenset(word for source in sources for word in re.findall(r"[a-z]+", source.lower()))


@lru_cache(maxsize=64)
def _opener_starts(openers: frozenset[str]) -> re.Pattern:
    """A regex that matches at exactly the starts of the ASCII words whose lower
    case is in `openers` and of the words that start with a digit.

    `[kKdD0-9](?<!\\w.)` is a word's first character (the class lets the engine
    skip to candidates fast); then a digit is enough, or, case-insensitively,
    the rest of an opener that starts with that character and ends the word.
    A pure function of the opener words, so it is kept across documents."""
    rests: dict[str, list[str]] = {}
    for word in openers:
        if word and word.isascii() and _RUN.fullmatch(word) and not word[0].isdigit():
            rests.setdefault(word[0], []).append(word[1:])
    firsts = "".join(sorted({*rests, *(c.upper() for c in rests)}))
    branches = ["(?<=[0-9])"]
    for first, words in sorted(rests.items()):
        alternatives = "|".join(re.escape(rest) for rest in sorted(words, key=lambda w: (-len(w), w)))
        branches.append(rf"(?<={re.escape(first)})(?:{alternatives})(?!\w)")
    return re.compile(rf"[{re.escape(firsts)}0-9](?<!\w.)(?i:{'|'.join(branches)})")


def _always_tried(text: str, pos: int, end: int, openers: frozenset[str]) -> list[int]:
    """Starts `_opener_starts` does not give: words with a character that is not
    ASCII (case-insensitive matching of "K" or "ſ" is not `lower()`'s, so such
    words are always tried), and a word that `pos` cuts, read from `pos` on."""
    found = []
    if 0 < pos < end and _WORD_CHARACTER.match(text, pos - 1) and _WORD_CHARACTER.match(text, pos):
        cut = _RUN.match(text, pos, end).group()
        if cut.isascii() and (cut[0].isdigit() or cut.lower() in openers):
            found.append(pos)
    for other in _NON_ASCII.finditer(text, pos, end):
        for run in _RUN.finditer(text, other.start(), other.end()):
            start = run.start()
            if start == other.start():
                # The word may start with ASCII letters ("Atmé"), back to `pos` at most.
                while start > pos and _WORD_CHARACTER.match(text, start - 1):
                    start -= 1
            found.append(start)
    return found


def finditer(pattern: re.Pattern, text: str, openers: Iterable[str] | frozenset[str],
             pos: int = 0, endpos: int | None = None) -> Iterator[re.Match]:
    """`pattern.finditer(text, pos, endpos)` for a pattern whose every match starts a
    word (a whole run of \\w) that is in `openers` in lower case, or that starts with a
    digit, or that is not ASCII (case-insensitive matching of "K" or "ſ" is not
    `lower()`'s: such words are always tried).

    A word is a run of \\w as `\\w+` reads it from `pos` to `endpos`: one that
    `pos` or `endpos` cuts is judged by its part inside."""
    if not isinstance(openers, frozenset):
        openers = frozenset(openers)
    size = len(text)
    pos = min(max(pos, 0), size)
    end = size if endpos is None else min(max(endpos, 0), size)
    if pos >= end:
        return
    starts = [m.start() for m in _opener_starts(openers).finditer(text, pos, end)]
    if not text.isascii() or pos > 0:
        others = _always_tried(text, pos, end, openers)
        if others:
            starts = sorted({*starts, *others})
    resume = pos
    for start in starts:
        if start < resume:
            continue
        found = pattern.match(text, start, end)
        if found is not None:
            yield found
            resume = found.end() if found.end() > start else start + 1
