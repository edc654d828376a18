"""A pattern's matches, tried only where a word that can open one starts.

Python's regex engine tries a pattern at every position of the text, and a
long alternation ("said|says|told|...") at every word boundary: most of a
suggester's time on a 3 KB article. The patterns here can only match from
the start of a word in a known list ("said", "killed", "two", "at least"),
so the text's words are read once (one cheap pass) and the pattern is tried
only where such a word starts. The matches are those `pattern.finditer`
gives.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

_RUN = re.compile(r"\w+")


def first_words(*sources: str) -> frozenset[str]:
    """Every lower-case letter sequence in these pattern sources: a superset of the
    words a match can open with (regex escapes add a few letters, which cost only
    a try each)."""
    return frozenset(word for source in sources for word in re.findall(r"[a-z]+", source.lower()))


def finditer(pattern: re.Pattern, text: str, openers: Iterable[str] | frozenset[str],
             pos: int = 0, endpos: int | None = None) -> Iterator[re.Match]:
    """`pattern.finditer(text, pos, endpos)` for a pattern whose every match starts a
    word (a whole run of \\w) that is in `openers` in lower case, or that starts with a
    digit, or that is not ASCII (case-insensitive matching of "K" or "ſ" is not
    `lower()`'s: such words are always tried)."""
    end = len(text) if endpos is None else endpos
    resume = pos
    for run in _RUN.finditer(text, pos, end):
        start = run.start()
        if start < resume:
            continue
        word = run.group()
        if word.isascii() and not word[0].isdigit() and word.lower() not in openers:
            continue
        found = pattern.match(text, start, end)
        if found is not None:
            yield found
            resume = found.end() if found.end() > start else start + 1
