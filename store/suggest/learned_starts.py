"""Where a learned pattern can start in a text, found by one regex before anything is folded.

Folding every word of an article costs more than all the rest of the learned
suggester. This module finds, with one C-level regex scan, the few places
where a word might fold to a pattern's first word, so that only those words
are folded and checked (`suggest_learned` does that check, exactly).

The scan must never miss a word, so it keys on what `fold` keeps: the
*skeleton* of a word, its consonants with those `fold` merges put in one
class (c, k, q; f, p) and runs of one class counted once, leaving out vowels,
h, w, y and apostrophes. For a word of ASCII letters, digits and apostrophes,
every step of `fold` (lower case, apostrophes, a glued article, the
transliterations, a vowel-final h, doubled letters, a final vowel) keeps the
skeleton: "Deir", "Dayr" and "Deyr" are all "dr". Only the abbreviations
change it ("St" folds to "saint"), so their skeletons are added where a
pattern's first word is their fold. Any other word, one with a letter, mark
or number beyond ASCII (é, ß, a combining accent, ´), is always a candidate:
folding may change it in too many ways. The scan is a superset, then; the
check after it decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from store.grounding.folding import _ABBREVIATIONS, fold

# Letters `fold` may drop or turn into one another (vowels, h in kh/th/...,
# w in aw, y in ay), and the apostrophes it removes that can stand in an
# otherwise ASCII word (ʻ ʼ ʾ ʿ are letters; ’ and ‘ join words).
_APOSTROPHES = "\u2018\u2019\u02bb\u02bc\u02be\u02bf"
_IGNORED = "aeiouyhw'`" + _APOSTROPHES
_IGNORED_CHARS = _IGNORED + "AEIOUYHW"
_CLASS = {**{c: c for c in "bdgjlmnrstvxz0123456789"}, "c": "k", "k": "k", "q": "k", "f": "f", "p": "f"}
_CLASS_CHARS = {cls: "".join(c + c.upper() if c.isalpha() else c for c in sorted(_CLASS) if _CLASS[c] == cls)
                for cls in set(_CLASS.values())}
# Characters that are never a letter, mark or number (a test checks it):
# punctuation, symbols and spaces common in news text, so that a word
# followed by "”", "—" or a no-break space is not a candidate for that alone.
NEVER_IN_WORDS = ("\x80-\xa9\xab-\xb1\xb6-\xb8\xbb\xbf\xd7\xf7\u2000-\u206f\u20a0-\u20cf"
                  "\u2190-\u21ff\u2500-\u25ff\u3000-\u3003\ufeff")
# Skeletons are told apart by their first classes only (a superset): that
# keeps the regex small to compile and quick to run for 10,000 patterns,
# and few words share a pattern's first three consonants by chance.
MAX_SKELETON = 3
# A character beyond ASCII that may be in a word (not one of the apostrophes
# above, which fold drops): such a word is always a candidate.
_BEYOND_ASCII = re.compile(f"[^\\x00-\\x7f{NEVER_IN_WORDS}{_APOSTROPHES}]")
_END = ""
_WORD_END = "(?![A-Za-z0-9])"


def skeleton(word: str) -> str | None:
    """The consonant classes of an ASCII word, runs counted once; None when the
    word has a character the skeleton does not describe."""
    out: list[str] = []
    for ch in word.lower():
        if ch in _IGNORED:
            continue
        cls = _CLASS.get(ch)
        if cls is None:
            return None
        if not out or out[-1] != cls:
            out.append(cls)
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Scan:
    """The scan's two regexes: for a text whose words are all ASCII (as far
    as folding goes) and for any text, which also points at every word with
    a character beyond ASCII. Most texts need only the first, which is
    cheaper: it looks at no word beyond its first letters."""

    ascii_words: re.Pattern
    all_words: re.Pattern


def compile_scan(first_words: Iterable[str]) -> Scan:
    """The scan for these folded first words (see `candidates`)."""
    abbreviated: dict[str, list[str]] = {}
    for short, long in _ABBREVIATIONS.items():
        abbreviated.setdefault(fold(long), []).append(short)
    trie: dict = {}
    for word in first_words:
        for key in [skeleton(word)] + [skeleton(short) for short in abbreviated.get(word, ())]:
            if key is None:
                continue
            node = trie
            for cls in key[:MAX_SKELETON]:
                node = node.setdefault(cls, {})
            # True: the word ends here; False: a long skeleton was cut here.
            node[_END] = node.get(_END, True) and len(key) <= MAX_SKELETON
    # A word starts with a letter or digit (an apostrophe before one is the
    # character before the place, not the place).
    ascii_word = f"(?=[A-Za-z0-9{_APOSTROPHES[2:]}])[{_IGNORED_CHARS}]*{_branches(trie)}"
    beyond_ascii = f"[A-Za-z0-9{_IGNORED}]*{_BEYOND_ASCII.pattern}"
    # Only the character before a place is consumed, so no place is skipped.
    return Scan(re.compile(f"[^A-Za-z0-9](?=({ascii_word}))"),
                re.compile(f"[^A-Za-z0-9](?=({ascii_word})|{beyond_ascii})"))


def _branches(node: dict) -> str:
    if node.get(_END) is False:
        # A long skeleton's beginning: the rest of the word may be anything.
        return f"[A-Za-z0-9{_IGNORED}]*{_WORD_END}"
    branches = [f"[{_CLASS_CHARS[cls]}][{_CLASS_CHARS[cls]}{_IGNORED_CHARS}]*{_branches(child)}"
                for cls, child in sorted(node.items()) if cls != _END]
    if _END in node:
        branches.append(_WORD_END)
    if not branches:
        return "(?!)"
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def candidates(scan: Scan, text: str) -> Iterator[re.Match]:
    """Where in `text` a word may start that folds to a first word, in order:
    each match's `start()` is that offset in `text` (the scan reads it with a
    space put before), and its group 1, when set, the ASCII characters read
    from there, up to the end of the ASCII word."""
    beyond = not text.isascii() and _BEYOND_ASCII.search(text) is not None
    return (scan.all_words if beyond else scan.ascii_words).finditer(" " + text)
