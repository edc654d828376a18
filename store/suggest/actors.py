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


def _spelling_pattern(spelling: str, read: int = 0) -> str:
    """A spelling as a pattern: capitals stay exact ("IS" is not "is"),
    other words match in any case; spaces and hyphens meet; any apostrophe.
    `read`: the pattern of what follows the first `read` characters, for a branch
    that has read them already (`_readable`); in capitals it looks back at them."""
    words = re.split(r"[\s\-]+", spelling)
    out = []
    for number, word in enumerate(words):
        acronym = sum(ch.isupper() for ch in word) >= 2 and not any(ch.islower() for ch in word)
        skipped = read if number == 0 else 0
        piece = _APOSTROPHE.join(re.escape(part) for part in re.split(r"['\u2019]", word[skipped:]))
        piece = piece.replace(r"\.", r"\.?")
        if acronym:
            out.append(f"(?<={re.escape(word[:skipped])}){piece}" if skipped else piece)
        else:
            out.append(f"(?i:{piece})")
    return _SEPARATOR.join(out)


def _readable(spelling: str, count: int) -> bool:
    """True when a branch can read the first `count` characters of a spelling for it:
    letters or digits of its first word. The first is read in its two cases only, as
    the look-ahead before it always did; a later one must match in no other case
    ("i" also matches "ı" and "İ", "k" the Kelvin sign, "s" the long "ſ")."""
    first_word = re.split(r"[\s\-]+", spelling)[0]
    head = first_word[:count]
    return (len(head) == count and head.isascii() and head.isalnum()
            and not set(head[1:].lower()) & set("iks"))


def _cases(character: str) -> str:
    return re.escape(character.lower() + character.upper())


@lru_cache(maxsize=1)
def _compiled() -> tuple[re.Pattern, dict[str, tuple[str, str, str]]]:
    by_group: dict[str, tuple[str, str, str]] = {}
    spellings = []
    for index, (name, kind, names, note) in enumerate(ACTORS):
        for spelling in names:
            spellings.append((len(spelling), index, spelling))
        by_group[f"a{index}"] = (name, kind, note)
    # Longest first, across actors, so "Islamic State of Iraq and Syria" beats "Islamic
    # State" and so does "Islamic State West Africa Province"; the list's order breaks ties.
    # One branch per first letter, each holding the spellings that start with it in that
    # order: the engine tries no spelling whose first letter is not the text's (it would
    # have failed on that letter), so the same spelling wins at each position.
    by_initial: dict[str, list[tuple[int, str]]] = {}
    for _, index, spelling in sorted(spellings, key=lambda s: (-s[0], s[1])):
        by_initial.setdefault(spelling[0].lower(), []).append((index, spelling))
    alternatives = []
    for initial, members in sorted(by_initial.items()):
        # A branch that opens by reading a letter ([tT]) is skipped by the engine in one
        # comparison; one that opens with a look-ahead costs a call. So each first letter
        # reads its letter, then a branch per second letter reads that, where every
        # spelling allows it; else the look-ahead and whole spellings stay. Grouping by
        # second letter keeps the winner: two spellings whose second letters differ
        # never match at the same position.
        if all(_readable(spelling, 2) for _, spelling in members):
            seconds: dict[str, list[tuple[int, str]]] = {}
            for member in members:
                seconds.setdefault(member[1][1].lower(), []).append(member)
            inner = [f"[{_cases(second)}](?:{_groups(group, 2, by_group)})"
                     for second, group in seconds.items()]
            alternatives.append(f"[{_cases(initial)}](?:{'|'.join(inner)})")
        elif all(_readable(spelling, 1) for _, spelling in members):
            alternatives.append(f"[{_cases(initial)}](?:{_groups(members, 1, by_group)})")
        else:
            alternatives.append(f"(?=[{_cases(initial)}])(?:{_groups(members, 0, by_group)})")
    # Positions that cannot start any spelling fail on one character class,
    # so punctuation and digits cost next to nothing.
    initials = {spelling[0] for _, _, spelling in spellings}
    initials |= {c.swapcase() for c in initials}
    first = "[" + re.escape("".join(sorted(initials))) + "]"
    pattern = re.compile(rf"(?<![\w\-])(?={first})(?:" + "|".join(alternatives) + r")(?![\w])")
    return pattern, by_group


def _groups(members: list[tuple[int, str]], read: int, by_group: dict) -> str:
    """The spellings as alternatives in their order, consecutive ones of one actor
    in one named group (`by_group` learns each group's actor)."""
    runs: list[tuple[int, list[str]]] = []
    for index, spelling in members:
        piece = _spelling_pattern(spelling, read)
        if runs and runs[-1][0] == index:
            runs[-1][1].append(piece)
        else:
            runs.append((index, [piece]))
    groups = []
    for index, pieces in runs:
        name = f"a{index}_{len(by_group)}"
        by_group[name] = by_group[f"a{index}"]
        groups.append(f"(?P<{name}>{'|'.join(pieces)})")
    return "|".join(groups)


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
