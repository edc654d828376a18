"""Folding names so that spelling variants meet: Atmeh, Atmé and Atma; Deir ez-Zor and Deir al-Zour.

`fold` is what two spellings must share to be the same name; `consonant_key` is a
looser key for "did you mean" offers, never for a silent pick.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Arabic definite article in its sun-letter forms, as transliterated in news:
# al-, el-, ad-, ash-, ez-, az-, ar-, as-, at-, an-, ...
_ARTICLE = re.compile(
    r"\b(?:a|e)(?:l|d|dh|r|z|s|sh|t|th|n)[-\u2010\u2011' ]",
    re.IGNORECASE,
)
_APOSTROPHES = re.compile(r"[\u2018\u2019\u02bc\u02bb\u02be\u02bf`'\u00b4]")
_NON_WORD = re.compile(r"[^0-9a-z]+")
# The article glued to a sun letter it doubles: Ezzor, Arraqqa, Assukkari.
_GLUED_ARTICLE = re.compile(r"\b[ae]([dzstr])(?=\1\w{2})")
# Abbreviations English place names use for their first word.
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort", "pt": "port"}
# Transliteration pairs that news outlets use interchangeably.
_TRANSLITERATIONS = (
    # Arabic diphthongs: Dayr/Deir/Deyr, Zawr/Zor.
    ("ay", "ei"),
    ("ey", "ei"),
    ("aw", "o"),
    ("kh", "k"),
    ("gh", "g"),
    ("sh", "s"),
    ("th", "t"),
    ("dh", "d"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("q", "k"),
    ("ck", "k"),
    ("ph", "f"),
    # Arabic has one vowel where English spellings write o or u.
    ("o", "u"),
)
_TRAILING_H = re.compile(r"(?<=[aeiou])h\b")
_DOUBLE = re.compile(r"(.)\1+")


def strip_diacritics(text: str) -> str:
    """Drop combining marks after compatibility decomposition (é -> e, ﬁ -> fi)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """The key two spellings of one name share: lower case, no diacritics,
    no Arabic article, common transliterations merged, vowel-final h and
    doubled letters dropped, words joined by single spaces."""
    # Names recur (every gazetteer row's own name, every run of capitalised
    # words): short ones are remembered, long texts are folded each time.
    if len(text) <= _CACHED_LENGTH:
        return _fold_cached(text)
    return _fold(text)


_CACHED_LENGTH = 120


@lru_cache(maxsize=1 << 17)
def _fold_cached(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    text = strip_diacritics(text).casefold()
    text = _APOSTROPHES.sub("", text)
    text = _ARTICLE.sub(" ", " " + text).strip()
    text = _NON_WORD.sub(" ", text).strip()
    text = _GLUED_ARTICLE.sub("", text)
    text = " ".join(_ABBREVIATIONS.get(word, word) for word in text.split())
    for long, short in _TRANSLITERATIONS:
        text = text.replace(long, short)
    text = _TRAILING_H.sub("", text)
    text = _DOUBLE.sub(r"\1", text)
    # Final vowels are where transliterations differ most (Atme, Atma).
    return " ".join(_final_vowel(word) for word in text.split())


def _final_vowel(word: str) -> str:
    if len(word) > 3 and word[-1] in "aeiouy":
        return word[:-1]
    return word


def consonant_key(text: str) -> str:
    """A looser key: the folded name's consonants only. Good for 'did you
    mean', too loose to pick a place without asking. Empty when fewer than
    three consonants remain: such a key would meet half the gazetteer."""
    key = re.sub(r"[aeiouy ]", "", fold(text))
    return key if len(key) >= 3 else ""
