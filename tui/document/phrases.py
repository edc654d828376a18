"""The words a label key takes when nothing is selected: the phrase a grounding rule knows
around the cursor for that label, else the word under the cursor.

    Killed, Injured   the count: "At least 13", "dozens", "six"     (store.grounding.number_words)
    Actor, Target     the actor phrase: "US special operations troops", "women and children"
                      (store.grounding.actor_kinds)
    Date              the date expression: "Wednesday night", "3 February 2022"
                      (store.grounding.date_finder)
    Location, Speaker a name: the capitalised words around the cursor ("Idlib Province",
                      "Al Jazeera", "Abu Fahed al-Homsi")
    anything else     the word under the cursor

Pure functions of the text and an offset (no Textual), each looking only at a window
around the offset, so a key costs the same on a long article.
"""

from __future__ import annotations

import regex

from tui.document import motions

WINDOW = 300
_TOKEN = regex.compile(r"[\p{L}\p{N}](?:[\p{L}\p{N}'’.,]*[\p{L}\p{N}])?")
_DIGITS = regex.compile(r"\d[\d,.]*")
#: Lowercase words inside a name: "Abu Fahed al-Homsi", "Bank of England" (only as
#: written, in lower case: "Al Jazeera" starts with a name word).
PARTICLES = frozenset("al el ad ar as ash at az bin ibn bint abu of de del der di du da dos "
                      "la le van von y".split())
_NAME_PIECE = regex.compile(r"[\p{L}\p{N}'’]+")


def word_at(text: str, offset: int) -> tuple[int, int] | None:
    return motions.select_word(text, offset, None)


def phrase_at(label: str, text: str, offset: int) -> tuple[int, int] | None:
    """(start, end) of what a `label` key takes at `offset` with nothing selected."""
    if not 0 <= offset < len(text):
        return None
    rule = RULES.get(label)
    found = rule(text, offset) if rule else None
    return found or word_at(text, offset)


# --- counts --------------------------------------------------------------------------------


def _tokens(text: str, offset: int):
    low, high = max(0, offset - WINDOW), min(len(text), offset + WINDOW)
    return [(m.start(), m.end(), m.group().casefold()) for m in _TOKEN.finditer(text, low, high)]


def count_phrase(text: str, offset: int) -> tuple[int, int] | None:
    """The count at `offset` with the qualifier before it: "At least 13", "nearly 40",
    "dozens"; None when the word there is not part of one."""
    from store.grounding.number_words import NUMBER_WORDS, QUALIFIERS, VAGUE_PLURALS

    tokens = _tokens(text, offset)
    here = next((i for i, (s, e, _) in enumerate(tokens) if s <= offset < e), None)
    if here is None:
        return None

    def is_number(i: int) -> bool:
        word = tokens[i][2]
        return (bool(_DIGITS.fullmatch(word)) or word in NUMBER_WORDS or word in VAGUE_PLURALS
                or all(part in NUMBER_WORDS for part in word.split("-")))

    longest = max(len(q) for q in QUALIFIERS)
    if not is_number(here):
        # On the qualifier: the number that follows it.
        for size in range(longest, 0, -1):
            for first in range(here - size + 1, here + 1):
                words = tuple(t[2] for t in tokens[max(0, first):first + size])
                if (first >= 0 and words in QUALIFIERS and first + size < len(tokens)
                        and is_number(first + size)):
                    here = first + size
                    break
            else:
                continue
            break
        else:
            return None
    first = last = here
    while last + 1 < len(tokens) and is_number(last + 1) and _gap(text, tokens[last], tokens[last + 1]):
        last += 1  # "twenty five", "two hundred"
    for size in range(longest, 0, -1):
        words = tuple(t[2] for t in tokens[max(0, first - size):first])
        if len(words) == size and words in QUALIFIERS and all(
                _gap(text, tokens[i], tokens[i + 1]) for i in range(first - size, first)):
            first -= size
            break
    return tokens[first][0], tokens[last][1]


def _gap(text: str, left, right) -> bool:
    """Only a space between two tokens (no comma, no full stop, no line end)."""
    return text[left[1]:right[0]] in (" ", "-")


# --- names ---------------------------------------------------------------------------------


def _pieces(text: str, offset: int):
    """Whitespace-separated chunks around `offset`: (start, end, core start, core end), the
    core being the chunk without quotes, brackets and trailing punctuation."""
    low = max(0, offset - WINDOW)
    high = min(len(text), offset + WINDOW)
    out = []
    for m in regex.finditer(r"\S+", text[low:high]):
        start, end = m.start() + low, m.end() + low
        core = regex.search(r"[\p{L}\p{N}].*[\p{L}\p{N}]|[\p{L}\p{N}]", text[start:end])
        if core is None:
            out.append((start, end, None, None))
            continue
        cs, ce = start + core.start(), start + core.end()
        word = text[cs:ce]
        if word.endswith(("’s", "'s")):
            ce -= 2
        out.append((start, end, cs, ce))
    return out


def _name_like(word: str) -> bool:
    """A capitalised word, or a particle-prefixed one ("al-Homsi"); not "Doha-based"."""
    parts = _NAME_PIECE.findall(word)
    if not parts:
        return False
    parts = [p for i, p in enumerate(parts) if not (i == 0 and p in PARTICLES and len(parts) > 1)]
    return all(p[:1].isupper() or p[:1].isdigit() for p in parts) and parts[0][:1].isupper()


def name_phrase(text: str, offset: int) -> tuple[int, int] | None:
    """The run of capitalised words around `offset` (particles allowed inside), stopping at
    punctuation and line ends; None when the word there is not capitalised."""
    pieces = _pieces(text, offset)
    here = next((i for i, p in enumerate(pieces) if p[2] is not None and p[2] <= offset < p[3]),
                None)
    if here is None or not _name_like(text[pieces[here][2]:pieces[here][3]]):
        return None

    def clean_join(a: int, b: int) -> bool:
        """Piece a runs into piece b: one space, no punctuation between their cores."""
        left, right = pieces[a], pieces[b]
        return (left[2] is not None and right[2] is not None and left[3] == left[1]
                and right[2] == right[0] and text[left[1]:right[0]] == " ")

    def word(i: int) -> str:
        return text[pieces[i][2]:pieces[i][3]]

    first = last = here
    while first > 0 and clean_join(first - 1, first) and (
            _name_like(word(first - 1))
            or (word(first - 1) in PARTICLES and first > 1
                and clean_join(first - 2, first - 1) and _name_like(word(first - 2)))):
        first -= 1
    while last + 1 < len(pieces) and clean_join(last, last + 1) and (
            _name_like(word(last + 1))
            or (word(last + 1) in PARTICLES and last + 2 < len(pieces)
                and clean_join(last + 1, last + 2) and _name_like(word(last + 2)))):
        last += 1
    while first < last and word(first) in PARTICLES:
        first += 1
    while last > first and word(last) in PARTICLES:
        last -= 1
    return pieces[first][2], pieces[last][3]


# --- actors and dates ------------------------------------------------------------------------


def actor_phrase(text: str, offset: int) -> tuple[int, int] | None:
    from store.grounding.actor_kinds import actor_phrase as rule

    return rule(text, offset)


def date_phrase(text: str, offset: int) -> tuple[int, int] | None:
    """The date expression the date finder reads around `offset` ("Wednesday night")."""
    from store.grounding.date_finder import find_dates

    low, high = max(0, offset - WINDOW), min(len(text), offset + WINDOW)
    for mention in find_dates(text[low:high]):
        if mention.start + low <= offset < mention.end + low:
            return mention.start + low, mention.end + low
    return None


RULES = {
    "Killed": count_phrase, "Injured": count_phrase,
    "Actor": actor_phrase, "Target": actor_phrase,
    "Date": date_phrase,
    "Location": name_phrase, "Speaker": name_phrase,
}
