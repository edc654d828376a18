"""The learned suggester reads only where the scan points, and finds what reading every word finds.

The model is the suggester as it was: every word of the text folded
(`_words`), each pattern tried at each word. Random texts made of the hard
cases (spelling variants, diacritics and combining marks, every apostrophe,
articles and what joins them, abbreviations, letters whose fold is longer or
shorter, words that fold to nothing, patterns that overlap or end the text)
must give exactly its suggestions.
"""

from __future__ import annotations

import random

import regex

from store.grounding import folding
from store.grounding.folding import fold
from store.suggest import learned_starts
from store.suggest.base import make
from store.suggest.learned import _OUTSIDE_WORDS, _PIECE, SUGGESTER, LearnedPatterns, _words, suggest_learned

QUOTES = [
    ("Location", "Atmé"), ("Location", "Idlib"), ("Location", "Idlib Province"),
    ("Location", "Idlib Province countryside"), ("Location", "Deir ez-Zor"), ("Actor", "Hay'at Tahrir al-Sham"),
    ("Actor", "al-Qaeda"), ("Actor", "HTS"), ("Actor", "IS"), ("Location", "St Louis"), ("Location", "Mount Hermon"),
    ("Actor", "the rebels"), ("Killed", "13 people"), ("Location", "Aya Sofya"), ("Location", "Straße"),
    ("Location", "ﬁre station"), ("Location", "Tall Abyad"), ("Location", "Ain al-Arab"), ("Actor", "Idlib"),
    ("Location", "Ma‘arrat al-Nu‘man"), ("Location", "½ mile"), ("Location", "Qamishli"), ("Location", "Kafr Nabl"),
]
PIECES = [
    "Atme", "Atmé", "Atme\u0301", "ATMÉ", "Atmeh", "Atma", "atmeland", "Idlib", "IDLIB", "Idleb", "Idlibi", "Province",
    "province", "countryside", "Deir", "Dayr", "Deyr", "Zor", "Zour", "Zawr", "ez", "al", "el", "Al", "ash", "aſ", "AL",
    "Hay'at", "Hay’at", "Hayat", "Hay´at", "Tahrir", "Sham", "Qaeda", "Kaeda", "HTS", "hts", "IS", "is", "St", "Ste",
    "Saint", "Mt", "Mount", "Hermon", "Louis", "the", "The", "rebels", "rebel’s", "13", "people", "Aya", "Sofya", "Straße",
    "Strasse", "ﬁre", "fire", "station", "Tall", "Tal", "Tell", "Abyad", "Ain", "Arab", "Ma‘arrat", "Maarrat", "Nu‘man",
    "Numan", "½", "1", "2", "mile", "Qamishli", "Kamishli", "Kafr", "Kafar", "Nabl", "Nabel", "دير", "Κ", "İdlib",
    "ʼIdlib", "Idlibʼ", "x", "said", "Syria’s",
]
SEPARATORS = [" ", " ", " ", "  ", "-", "- ", "‐", "' ", "’ ", "\t", ", ", ". ", "\n", "\r\n", " “", "” ", "—", "\xa0",
              "'", "''", "`", "´", "\u0301", " \u0301", "(", ")", "/", "…", "\U0001f525", " ' "]


def reference(text: str, patterns: LearnedPatterns, cap: int = 500) -> list:
    """The suggester as it was before the scan: every word folded and tried."""
    words = _words(text)
    found = {}
    for i, word in enumerate(words):
        candidates = patterns.by_first.get(word.folded)
        if not candidates or not word.first_in_piece:
            continue
        for pattern in candidates:
            n = len(pattern.words)
            if i + n > len(words) or any(words[i + k].folded != pattern.words[k] for k in range(n)):
                continue
            last = words[i + n - 1]
            if not last.last_in_piece:
                continue
            start = words[i].article_start if pattern.leading_article and words[i].article_start >= 0 else words[i].start
            if pattern.exact is not None and text[start:last.end] != pattern.exact:
                continue
            if (pattern.label, start) in found:
                continue
            found[(pattern.label, start)] = make(text, pattern.label, start, last.end, SUGGESTER, pattern.why,
                                                 pattern.value)
            if len(found) >= cap:
                return sorted(found.values(), key=lambda s: (s.start, s.end, s.label))
    return sorted(found.values(), key=lambda s: (s.start, s.end, s.label))


def _text(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 14)):
        parts.append(rng.choice(PIECES) if rng.random() < 0.8 else rng.choice(QUOTES)[1])
        parts.append(rng.choice(SEPARATORS))
    if rng.random() < 0.5:
        parts.pop()  # a pattern at the very end of the text, sometimes
    return "".join(parts)


def test_random_texts_give_what_reading_every_word_gives():
    patterns = LearnedPatterns({"label": label, "quote": quote, "author": f"a{i % 3}", "value": i}
                               for i, (label, quote) in enumerate(QUOTES))
    rng = random.Random(12)
    for _ in range(4000):
        text = _text(rng)
        assert suggest_learned(text, patterns) == reference(text, patterns), text
        assert suggest_learned(text, patterns, cap=2) == reference(text, patterns, cap=2), text


def test_lengths_that_fold_changes_keep_the_texts_offsets():
    patterns = LearnedPatterns([{"label": "Location", "quote": "Straße", "author": "a"},
                                {"label": "Location", "quote": "ﬁre station", "author": "a"},
                                {"label": "Location", "quote": "Atme", "author": "a"}])
    text = "the Strasse, ﬁre  station and Atme\u0301"
    got = [(s.start, s.end, s.quote) for s in suggest_learned(text, patterns)]
    assert got == [(4, 11, "Strasse"), (13, 25, "ﬁre  station"), (30, 35, "Atme\u0301")]
    assert suggest_learned(text, patterns) == reference(text, patterns)


def test_an_article_joined_before_is_taken_only_when_the_pattern_had_one():
    patterns = LearnedPatterns([{"label": "Actor", "quote": "al-Qaeda", "author": "a"},
                                {"label": "Location", "quote": "Qaeda", "author": "a"}])
    text = "xal-Qaeda; al’ Qaeda, al -  Qaeda; el\tQaeda"
    got = [(s.label, s.quote) for s in suggest_learned(text, patterns)]
    assert ("Actor", "al’ Qaeda") in got and ("Actor", "el\tQaeda") in got and ("Actor", "Qaeda") in got
    assert suggest_learned(text, patterns) == reference(text, patterns)


def test_the_skeleton_is_what_fold_keeps():
    """Every ASCII word's skeleton is its fold's, but for the abbreviations the
    scan adds by name; and each transliteration pair shares a skeleton."""
    rng = random.Random(3)
    letters = "aeiouyhwkgstdhzrqcpfbnlm0123456789'`" + "aeiouhstdkz" * 3
    for _ in range(20_000):
        word = rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") + "".join(
            rng.choice(letters) for _ in range(rng.randint(0, 8)))
        bare = word.lower().replace("'", "").replace("`", "")
        if bare in folding._ABBREVIATIONS:
            continue
        assert learned_starts.skeleton(fold(word)) == learned_starts.skeleton(word), word
    for long, short in folding._TRANSLITERATIONS:
        assert learned_starts.skeleton("b" + long + "b") == learned_starts.skeleton("b" + short + "b")


def test_the_scan_points_at_every_word_whose_fold_opens_a_pattern():
    rng = random.Random(5)
    alphabet = "aeiouyhwkgstdzrqcpfbnlmxjv019'’ʼéüßﬁ\u0301ſİ"
    words = [rng.choice("abcdefghijklmnopqrstuvwxyzAKSDéÉßſ19ʼ") + "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 7)))
             for _ in range(3000)]
    words = [w for w in words if _PIECE.fullmatch(w) and fold(w).split()]
    scan = learned_starts.compile_scan({fold(w).split()[0] for w in words})
    for word in words:
        for text, at in ((word, 0), (f"x, {word}.", 3), (f"“{word}”", 1)):
            assert at in [m.start() for m in learned_starts.candidates(scan, text)], text


def test_characters_the_scan_skips_are_never_in_a_word():
    in_word = regex.compile(r"[\p{L}\p{M}\p{N}'\u02bc`\u00b4]")
    ranges = learned_starts.NEVER_IN_WORDS
    chars, i = [], 0
    while i < len(ranges):
        if i + 2 < len(ranges) and ranges[i + 1] == "-":
            chars += [chr(c) for c in range(ord(ranges[i]), ord(ranges[i + 2]) + 1)]
            i += 3
        else:
            chars.append(ranges[i])
            i += 1
    apostrophes = {"\u2018", "\u2019"}  # join words, and the scan reads them as part of one
    assert not [hex(ord(c)) for c in chars if in_word.match(c) and c not in apostrophes]
    assert not [hex(ord(c)) for c in _OUTSIDE_WORDS if in_word.match(c) or c in apostrophes]
