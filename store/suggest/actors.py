"""Actors: named armed groups, forces and officials, from a small editable list and from coders.

The list lives in `actors_list.py` (name, ACLED kind, spellings). Spans
coders accepted as actors before (`accepted`) are found too, folded as the
learned suggester folds them; a list spelling wins where both match. One
compiled pattern for the whole list, so the text is read once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from store.suggest.actors_list import ACTORS
from store.suggest.base import Suggestion, make
from store.suggest.learned import LearnedPatterns, suggest_learned

SUGGESTER = "actors"
MAX_SUGGESTIONS = 300
MAX_ACCEPTED = 5000

_SEPARATOR = r"(?:[^\S\r\n]*[-\u2010\u2011][^\S\r\n]*|[^\S\r\n]+)"
_APOSTROPHE = "['\u2019\u02bc\u2018]?"


def _spelling_pattern(spelling: str) -> str:
    """A spelling as a pattern: capitals stay exact ("IS" is not "is"),
    other words match in any case; spaces and hyphens meet; any apostrophe."""
    words = re.split(r"[\s\-]+", spelling)
    out = []
    for word in words:
        piece = _APOSTROPHE.join(re.escape(part) for part in re.split(r"['\u2019]", word))
        piece = piece.replace(r"\.", r"\.?")
        acronym = sum(ch.isupper() for ch in word) >= 2 and not any(ch.islower() for ch in word)
        out.append(piece if acronym else f"(?i:{piece})")
    return _SEPARATOR.join(out)


@lru_cache(maxsize=1)
def _compiled() -> tuple[re.Pattern, dict[str, tuple[str, str, str]]]:
    by_group: dict[str, tuple[str, str, str]] = {}
    spellings = []
    for index, (name, kind, names, note) in enumerate(ACTORS):
        for spelling in names:
            spellings.append((len(spelling), index, spelling))
        by_group[f"a{index}"] = (name, kind, note)
    # Longest first, so "Islamic State of Iraq and Syria" beats "Islamic State".
    grouped: dict[int, list[tuple[str, str]]] = {}
    for _, index, spelling in sorted(spellings, reverse=True):
        grouped.setdefault(index, []).append((spelling, _spelling_pattern(spelling)))
    order = sorted(grouped, key=lambda i: -max(len(s) for s in ACTORS[i][2]))
    # One branch per first letter, each holding the spellings that start with it in the
    # same order: the engine tries no spelling whose first letter is not the text's (it
    # would have failed on that letter), so the same spelling wins at each position.
    by_initial: dict[str, list[str]] = {}
    for index in order:
        starting: dict[str, list[str]] = {}
        for spelling, piece in grouped[index]:
            starting.setdefault(spelling[0].lower(), []).append(piece)
        for initial, pieces in starting.items():
            name = f"a{index}_{ord(initial)}"
            by_group[name] = by_group[f"a{index}"]
            by_initial.setdefault(initial, []).append(f"(?P<{name}>{'|'.join(pieces)})")
    alternatives = [f"(?=[{re.escape(initial + initial.upper())}])(?:{'|'.join(groups)})"
                    for initial, groups in sorted(by_initial.items())]
    # Positions that cannot start any spelling fail on one character class,
    # so punctuation and digits cost next to nothing.
    initials = {spelling[0] for _, _, spelling in spellings}
    initials |= {c.swapcase() for c in initials}
    first = "[" + re.escape("".join(sorted(initials))) + "]"
    pattern = re.compile(rf"(?<![\w\-])(?={first})(?:" + "|".join(alternatives) + r")(?![\w])")
    return pattern, by_group


def _shouting(text: str, start: int, end: int) -> bool:
    """An acronym inside upper-case copy ("WHAT IS HAPPENING") is a word, not a group."""
    window = text[max(0, start - 24):end + 24]
    letters = [ch for ch in window if ch.isalpha()]
    return len(letters) > 8 and sum(ch.isupper() for ch in letters) > 0.8 * len(letters)


def suggest_actors(text: str, accepted: Iterable[str] = (), *, cap: int = MAX_SUGGESTIONS) -> list[Suggestion]:
    """Actor suggestions with value {"name", "kind"}: list spellings first,
    then spans coders accepted before. At most `cap` per document."""
    if not isinstance(text, str) or not text:
        return []
    pattern, by_group = _compiled()
    found: dict[tuple[int, int], Suggestion] = {}
    for match in pattern.finditer(text):
        if len(found) >= cap:
            break
        name, kind, note = by_group[match.lastgroup]
        quote = match.group()
        if quote.isupper() and len(quote) <= 5 and _shouting(text, match.start(), match.end()):
            continue
        why = f"actor list: '{quote}' is {name} ({kind})" + (f"; {note}" if note else "")
        found[(match.start(), match.end())] = make(
            text, "Actor", match.start(), match.end(), SUGGESTER, why, {"name": name, "kind": kind})
    if len(found) < cap:
        for suggestion in _from_accepted(text, accepted, cap - len(found)):
            if any(suggestion.start < e and s < suggestion.end for s, e in found):
                continue
            found[(suggestion.start, suggestion.end)] = suggestion
    return sorted(found.values(), key=lambda s: (s.start, s.end))


@lru_cache(maxsize=8)
def _accepted_patterns(quotes: tuple[str, ...]) -> LearnedPatterns:
    # A coder's accepted list changes rarely; folding it once per change is enough.
    return LearnedPatterns({"label": "Actor", "quote": q, "author": None, "value": None} for q in quotes)


def _from_accepted(text: str, accepted: Iterable[str], cap: int) -> list[Suggestion]:
    quotes = []
    for quote in accepted if not isinstance(accepted, str) else (accepted,):
        if len(quotes) >= MAX_ACCEPTED:
            break
        if isinstance(quote, str) and quote.strip():
            quotes.append(quote)
    if not quotes:
        return []
    out = []
    for found in suggest_learned(text, _accepted_patterns(tuple(quotes)), cap=cap):
        why = f"accepted as an actor before: '{found.quote}'"
        out.append(make(text, "Actor", found.start, found.end, SUGGESTER, why,
                        {"name": found.quote, "kind": None}))
    return out
