"""Sentence bounds and tense markers, against the plain readings they are faster forms of.

`sentence_bounds` searches the sentence-end regex's parts on their own and from near
the date first, `_markers` skips the lookups for words in no list; on random text
both must give what the whole regex, scanned from 600 characters back, and the
word-by-word lookups give.
"""

from __future__ import annotations

import random
import re

from store.grounding import date_context
from store.grounding.date_context import _SENTENCE_END, _markers, _sentence_ends, sentence_bounds

# The abbreviation check as first written: an alternation tried at each place.
_ABBREVIATION_AS_WRITTEN = re.compile(
    r"(?:\b(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|mr|mrs|ms|dr|st|gen|col|sgt|lt|"
    r"gov|sen|rep|no|vs|inc|corp|co|jr|sr)|\b[a-z])\.$",
    re.IGNORECASE,
)


def _bounds_as_written(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max(0, start - 600)
    begin = lo
    for match in _SENTENCE_END.finditer(text, lo, min(len(text), start + 4)):
        if match.end() > start:
            break
        if not _ABBREVIATION_AS_WRITTEN.search(text[max(0, match.start() - 6):match.start()]):
            begin = match.end()
    hi = min(len(text), end + 600)
    finish = hi
    for match in _SENTENCE_END.finditer(text, end, hi):
        if not _ABBREVIATION_AS_WRITTEN.search(text[max(0, match.start() - 6):match.start()]):
            finish = match.start()
            break
    return begin, finish


_PIECES = ["a", "word ", "said ", "B", "The ", ".", "!", "?", " ", "  ", "\n", "\r", "\r\n", "\"", "'",
           "\u201d", "\u201c", "\u2019", "(", ")", "1", "\t", "\u00a0", "\u2028", "\x85", "Feb.", " Mr. ",
           "U.S. ", " e.", "Corp.", "\u017ft.", "\u212a."]


def test_sentence_ends_are_the_whole_regex_s_matches():
    rng = random.Random(3)
    for _ in range(20000):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 30)))
        pos = rng.randint(0, len(text))
        endpos = rng.randint(pos, len(text))
        expected = [m.span() for m in _SENTENCE_END.finditer(text, pos, endpos)]
        assert list(_sentence_ends(text, pos, endpos)) == expected, (text, pos, endpos)


def test_sentence_bounds_are_those_read_from_600_characters_back():
    rng = random.Random(5)
    for _ in range(1500):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 400)))
        for _ in range(5):
            start = rng.randint(0, len(text))
            end = rng.randint(start, min(len(text), start + 30))
            assert sentence_bounds(text, start, end) == _bounds_as_written(text, start, end), (text, start, end)


def test_the_abbreviation_check_is_the_alternation_as_written():
    rng = random.Random(4)
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ. \n!?\u017f\u212a\u0131\u0130\ufb05\u00e9-1'_"
    for _ in range(50000):
        piece = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 7)))
        assert bool(date_context._ABBREVIATION_BEFORE.search(piece)) == bool(
            _ABBREVIATION_AS_WRITTEN.search(piece)), piece


def _markers_as_written(window: str) -> list[tuple[int, int, str]]:
    """The word-by-word reading: every word looked up in every list, in this order."""
    c = date_context
    found = []
    previous = None
    for match in c._WORD.finditer(window):
        word = match.group(0).lower()
        if word in c._FUTURE_WORDS or word.endswith("'ll"):
            found.append((match.start(), match.end(), "future"))
        elif word in c._SCHEDULE_VERBS and not (previous and previous[1] in c._NOT_SCHEDULE_BEFORE):
            found.append((match.start(), match.end(), "future_near"))
        elif previous and (previous[1], word) in c._FUTURE_PAIRS:
            found.append((previous[0], match.end(), "future_near" if previous[1] == "to" else "future"))
        elif (word in c._PAST_WORDS or (len(word) > 3 and word.endswith("ed"))) and word not in c._NOT_PAST \
                and not (previous and previous[1] in ("be", "being")):
            found.append((match.start(), match.end(), "past"))
        previous = (match.start(), word)
    return found


def test_markers_are_the_word_by_word_reading():
    c = date_context
    words = sorted(c._FUTURE_WORDS | c._SCHEDULE_VERBS | c._PAST_WORDS | c._NOT_PAST
                   | {w for pair in c._FUTURE_PAIRS for w in pair}) + [
        "killed", "we'll", "They'll", "be", "being", "Will", "TO", "house", "xed", "Ed", "don't",
        "rock'n'roll", "o'Clock", "fed", "a", "the", "Meet"]
    gaps = [" ", " ", ", ", ". ", "'", "-", "\n", "3", "\u00e9"]
    rng = random.Random(2)
    for _ in range(20000):
        window = "".join(rng.choice(words) + rng.choice(gaps) for _ in range(rng.randint(0, 12)))
        window = window[rng.randint(0, 3):]  # windows start inside words too
        assert _markers(window) == _markers_as_written(window), window


def test_sentence_bounds_when_the_near_search_would_start_inside_a_break():
    # A stop, closing quotes and a blank line with spaces, 150 characters before the date: a
    # search starting inside that break would find only its blank line, which ends before
    # the spaces do.
    for gap in ('."\n\n  ', '.\u201d)\n\n \t', '!\n\n\n  ', '. \r\n\r\n  '):
        text = "x" * 300 + gap + "The " + "y" * 300
        for start in range(300 + 150 - 1, 300 + 150 + len(gap) + 2):
            assert sentence_bounds(text, start, start + 2) == _bounds_as_written(text, start, start + 2), (gap, start)


def test_the_verb_right_before_is_the_alternation_without_its_gate():
    c = date_context
    ungated = re.compile(c._VERB_RIGHT_BEFORE.pattern.replace(r"\b(?=[A-Za-z]+(?:\s+[A-Za-z]+){0,5}\s+$)", "", 1),
                         re.IGNORECASE)
    assert ungated.pattern != c._VERB_RIGHT_BEFORE.pattern
    words = sorted(c._PAST_WORDS) + ["to", "will", "would", "may", "be", "have", "been", "on", "in", "at",
                                     "the", "of", "from", "during", "killed", "Killed", "\u017faid", "x", "3"]
    rng = random.Random(1)
    for _ in range(20000):
        before = "".join(rng.choice(words) + rng.choice([" ", "  ", "\n", "\t", "", ",", " \n"])
                         for _ in range(rng.randint(0, 8)))[-40:]
        gated, plain = c._VERB_RIGHT_BEFORE.search(before), ungated.search(before)
        assert (gated and (gated.span(), gated.group("modal"), gated.group("verb"))) == (
            plain and (plain.span(), plain.group("modal"), plain.group("verb"))), before


def test_the_future_words_regex_finds_what_the_alternation_as_written_finds():
    as_written = re.compile(
        r"\b(?:will|won't|wo n't|shall|'ll|would|going to|expected|expects?|expecting|scheduled|"
        r"schedule|plans to|planned to|planning to|plans for|intends?|due|upcoming|set to|to be|"
        r"to begin|to start|to meet|is to|are to|payable|forecast|predicts?|hopes? to|aims? to|next|"
        r"supposed to|effective|expires?|expiring|ahead of)\b",
        re.IGNORECASE)
    words = list(date_context._FUTURE_PHRASES) + [
        "wills", "expectation", "tomorrow", "x", "the", "Will", "WON'T", "we'll", "\u017fhall", "go", "plan",
        "toe", "Due", "nextly", "ahead", "of"]
    rng = random.Random(1)
    for _ in range(20000):
        text = "".join(rng.choice(words) + rng.choice([" ", "", "'", ",", "-", "\u00e9", "3", "  "])
                       for _ in range(rng.randint(0, 8)))[rng.randint(0, 2):]
        assert bool(date_context._FUTURE.search(text)) == bool(as_written.search(text)), text
