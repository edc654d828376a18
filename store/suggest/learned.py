"""Learned suggestions: spans coders accepted before, offered again wherever their words recur.

Every accepted span becomes a pattern: its words folded with `fold()` (so
"Atmé", "Atme" and "Atmeh" meet, and "Hay'at" with any apostrophe). Patterns
are indexed by their first folded word. An article is not folded word by
word: one regex scan (`learned_starts`) finds the few words that could fold
to a first word, and only there are the words folded and the patterns
tried, with the same words the whole article would give. A match is mapped
back to the exact original characters: the suggestion starts at the first
matched word and ends at the last, in the text as it is (diacritics, curly
apostrophes, double spaces and line breaks untouched).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

from store.grounding.folding import fold
from store.suggest import learned_starts
from store.suggest.base import Suggestion, make

SUGGESTER = "learned"
MAX_SUGGESTIONS = 500
MAX_PATTERNS = 50_000
MAX_PATTERN_WORDS = 12
MAX_QUOTE_CHARS = 200

# A word: letters, marks and digits, with apostrophes inside ("Hay'at"); a
# hyphen splits words, as `fold` does ("al-Qaeda" -> "al", "Qaeda").
_PIECE = regex.compile(r"[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:['\u2019\u02bc\u2018`\u00b4][\p{L}\p{N}][\p{L}\p{M}\p{N}]*)*")
# The Arabic article as `fold` drops it (al-, el-, ad-, ash-, ez-, ...):
# dropped on both sides, so "al-Zour", "el Zour" and "Zour" all meet.
_ARTICLE = regex.compile(r"(?:a|e)(?:l|d|dh|r|z|s|sh|t|th|n)", regex.IGNORECASE)
_ARTICLE_JOIN = regex.compile(r"[-\u2010\u2011'\u2019 \t]{1,3}")
_JOIN_CHARS = "-\u2010\u2011'\u2019 \t"
# A word starts here, not inside one: no letter or number (with its marks,
# and an apostrophe joining it) just before, as `_PIECE.finditer` reads.
_PIECE_START = regex.compile(r"(?<![\p{L}\p{N}]\p{M}*['\u2019\u02bc\u2018`\u00b4]?)[\p{L}\p{N}]")
# The common case of a word, read without `regex`: ASCII letters and digits
# with apostrophes between them, after and before characters never in a word
# (ASCII ones, and the quotes, dashes and space of news text).
_ASCII_PIECE = re.compile(r"[A-Za-z0-9]+(?:['`\u2018\u2019][A-Za-z0-9]+)*")
_TRAILING_APOSTROPHES = "'`\u2018\u2019"
_OUTSIDE_WORDS = frozenset(c for c in map(chr, range(128)) if not c.isalnum() and c not in "'`") | set(
    "\u201c\u201d\u2013\u2014\u2026\xa0")
_NEXT_ASCII_PIECE = re.compile("[%s]*(%s)" % (re.escape("".join(sorted(_OUTSIDE_WORDS))), _ASCII_PIECE.pattern))


@lru_cache(maxsize=65536)
def _fold_piece(piece: str) -> tuple[str, ...]:
    return tuple(fold(piece).split())


def _is_article(piece: str) -> bool:
    return _ARTICLE.fullmatch(piece) is not None


@dataclass(frozen=True, slots=True)
class _Word:
    folded: str
    start: int
    end: int
    piece: int          # which original word it came from
    first_in_piece: bool
    last_in_piece: bool
    article_start: int  # start of an article just before the word, or -1


def _words(text: str, limit: int | None = None) -> list[_Word]:
    """The folded words of `text` with the offsets of the original words."""
    out: list[_Word] = []
    article_start, previous_end = -1, -1
    for index, match in enumerate(_PIECE.finditer(text)):
        if limit is not None and index >= limit:
            break
        piece = match.group()
        if _is_article(piece):
            article_start, previous_end = match.start(), match.end()
            continue
        # An article counts only if it sits right before this word ("al-Zour", "al Zour").
        joined = -1
        if article_start >= 0 and _ARTICLE_JOIN.fullmatch(text, previous_end, match.start()):
            joined = article_start
        folded = _fold_piece(piece)
        for sub, word in enumerate(folded):
            out.append(_Word(word, match.start(), match.end(), index, sub == 0,
                             sub == len(folded) - 1, joined if sub == 0 else -1))
        article_start, previous_end = -1, match.end()
    return out


@dataclass(frozen=True, slots=True)
class _Pattern:
    label: str
    words: tuple[str, ...]
    leading_article: bool
    exact: str | None       # an acronym ("IS", "HTS") must match in its own case
    count: int
    authors: tuple[str, ...]
    value: Any
    values_agree: bool
    why: str


class LearnedPatterns:
    """Patterns from accepted spans `[{"label", "quote", "author", "value"}]`.

    Spans with the same label and folded words make one pattern that knows
    how many spans and which authors taught it. `skipped` lists the spans
    that could not become a pattern and why (empty quote, too long, ...).
    """

    def __init__(self, spans: Iterable[dict] = ()):
        self.skipped: list[dict] = []
        grouped: dict[tuple[str, tuple[str, ...]], dict] = {}
        for span in spans:
            if len(grouped) >= MAX_PATTERNS:
                self.skipped.append({"span": span, "why": f"more than {MAX_PATTERNS} patterns"})
                continue
            key, why = self._key(span)
            if key is None:
                self.skipped.append({"span": span, "why": why})
                continue
            entry = grouped.setdefault(key, {"count": 0, "authors": [], "values": [], "quote": span["quote"]})
            entry["count"] += 1
            author = span.get("author")
            if isinstance(author, str) and author and author not in entry["authors"]:
                entry["authors"].append(author)
            entry["values"].append(span.get("value"))
        self.by_first: dict[str, list[_Pattern]] = {}
        for (label, words), entry in grouped.items():
            value, agree = _most_chosen(entry["values"])
            quote = entry["quote"]
            first_piece = _PIECE.search(quote)
            acronym = quote.strip() if _is_acronym(quote.strip()) else None
            authors = tuple(entry["authors"])
            pattern = _Pattern(label, words, bool(first_piece and _is_article(first_piece.group())),
                               acronym, entry["count"], authors, value, agree, _why(entry["count"], authors, agree))
            self.by_first.setdefault(words[0], []).append(pattern)
        for candidates in self.by_first.values():
            candidates.sort(key=lambda p: len(p.words), reverse=True)
        # What the suggester looks up: after a first word, the lengths to try
        # (longest first); for a run of words, its patterns in by_first's order;
        # every run of words a pattern begins with, so that a text's words are
        # read on only while some pattern still fits them.
        self.lengths = {first: tuple(sorted({len(p.words) for p in candidates}, reverse=True))
                        for first, candidates in self.by_first.items()}
        self.by_words: dict[tuple[str, ...], list[_Pattern]] = {}
        self.beginnings: set[tuple[str, ...]] = set()
        for candidates in self.by_first.values():
            for pattern in candidates:
                self.by_words.setdefault(pattern.words, []).append(pattern)
                self.beginnings.update(pattern.words[:n] for n in range(1, len(pattern.words)))
        self._count = sum(len(c) for c in self.by_first.values())
        self._scan: learned_starts.Scan | None = None

    @staticmethod
    def _key(span: Any) -> tuple[tuple[str, tuple[str, ...]] | None, str]:
        if not isinstance(span, dict):
            return None, "not a span"
        label, quote = span.get("label"), span.get("quote")
        if not isinstance(label, str) or not label or not isinstance(quote, str):
            return None, "no label or quote"
        if len(quote) > MAX_QUOTE_CHARS:
            return None, f"quote longer than {MAX_QUOTE_CHARS} characters"
        words = tuple(w.folded for w in _words(quote, MAX_PATTERN_WORDS + 1))
        if not words:
            return None, "no letters or digits to match"
        if len(words) > MAX_PATTERN_WORDS:
            return None, f"more than {MAX_PATTERN_WORDS} words"
        if len(words) == 1 and len(words[0]) < 3 and not _is_acronym(quote.strip()):
            return None, "too short to match safely"
        return (label, words), ""

    def __len__(self) -> int:
        return self._count

    @property
    def scan(self) -> learned_starts.Scan:
        """The regexes that find where a pattern may start (`learned_starts`),
        compiled when first needed: a span list loaded and never suggested
        from does not pay for it."""
        if self._scan is None:
            self._scan = learned_starts.compile_scan(self.by_first)
        return self._scan


def _is_acronym(quote: str) -> bool:
    return 2 <= len(quote) <= 6 and quote.isalpha() and quote.isupper()


def _most_chosen(values: list) -> tuple[Any, bool]:
    counts = Counter(repr(v) for v in values)
    top = counts.most_common(1)[0][0]
    value = next(v for v in values if repr(v) == top)
    return value, len(counts) == 1


def suggest_learned(text: str, patterns: LearnedPatterns | None, *, cap: int = MAX_SUGGESTIONS) -> list[Suggestion]:
    """Every place a learned pattern's words occur, as whole words; the
    longest pattern wins where several start at one word. At most `cap`."""
    if not isinstance(text, str) or not text or not patterns or not patterns.by_first:
        return []
    found: dict[tuple[str, int], Suggestion] = {}
    for candidate in learned_starts.candidates(patterns.scan, text):
        at = candidate.start()
        opening = _words_at(text, at, candidate.group(1), patterns)
        if opening is None:
            continue
        words, ends, lengths = opening
        article = None  # looked for once a pattern with a leading article needs it
        for n in lengths:
            if n > len(words) or ends[n - 1] < 0:
                continue
            for pattern in patterns.by_words.get(words[:n], ()):
                start, end = at, ends[n - 1]
                if pattern.leading_article:
                    article = _article_before(text, at) if article is None else article
                    start = article if article >= 0 else at
                if pattern.exact is not None and text[start:end] != pattern.exact:
                    continue
                if (pattern.label, start) in found:
                    continue
                found[(pattern.label, start)] = make(text, pattern.label, start, end, SUGGESTER,
                                                     pattern.why, pattern.value)
                if len(found) >= cap:
                    return sorted(found.values(), key=lambda s: (s.start, s.end, s.label))
    return sorted(found.values(), key=lambda s: (s.start, s.end, s.label))


def _words_at(text: str, at: int, ascii_word: str | None,
              patterns: LearnedPatterns) -> tuple[tuple[str, ...], list[int], tuple[int, ...]] | None:
    """The folded words `_words(text)` has from the one starting at `at`, as
    far as some pattern opening with it still fits them; where a match ending
    at each word would end (-1 inside an original word, which a match may
    not end in); the pattern lengths to try. None when no word opening a
    pattern starts at `at`."""
    piece = _piece_at(text, at, ascii_word)
    if piece is None or (len(piece) <= 3 and _is_article(piece)):
        return None
    words = _fold_piece(piece)
    lengths = patterns.lengths.get(words[0]) if words else None
    if lengths is None:
        return None
    end = at + len(piece)
    ends = [-1] * (len(words) - 1) + [end]
    while len(words) < lengths[0] and words in patterns.beginnings:
        piece, end = _next_piece(text, end)
        if piece is None:
            break
        if len(piece) <= 3 and _is_article(piece):
            continue
        folded = _fold_piece(piece)
        if folded:
            words += folded
            ends += [-1] * (len(folded) - 1) + [end]
    return words, ends, lengths


def _next_piece(text: str, pos: int) -> tuple[str | None, int]:
    """The next word `_PIECE.finditer` reads after `pos` (the end of one) and
    where it ends; (None, pos) at the end of the text."""
    match = _NEXT_ASCII_PIECE.match(text, pos)
    if match is not None:
        end = match.end()
        if end == len(text) or text[end] in _OUTSIDE_WORDS:
            return match.group(1), end
    match = _PIECE.search(text, pos)
    return (match.group(), match.end()) if match is not None else (None, pos)


def _piece_at(text: str, at: int, ascii_word: str | None) -> str | None:
    """The word `_PIECE.finditer(text)` reads from `at`, or None when none
    starts there (`at` inside a word, or on no letter or digit). `ascii_word`
    is what the scan read from `at` (ASCII letters, digits, apostrophes)."""
    if ascii_word and (at == 0 or text[at - 1] in _OUTSIDE_WORDS):
        after = at + len(ascii_word)
        piece = ascii_word.rstrip(_TRAILING_APOSTROPHES)
        if (after == len(text) or text[after] in _OUTSIDE_WORDS) and _ASCII_PIECE.fullmatch(piece):
            return piece
    match = _PIECE.match(text, at)
    if match is None or _PIECE_START.match(text, at) is None:
        return None
    return match.group()


def _article_before(text: str, at: int) -> int:
    """Where the Arabic article joined to the word at `at` starts ("al-" in
    "al-Zour", "el " in "el Zor"), or -1. As in `_words`: the word just before
    must be an article, and only 1 to 3 joining characters between them."""
    gap = at
    while gap > 0 and at - gap < 4 and text[gap - 1] in _JOIN_CHARS:
        gap -= 1
    if not 0 < at - gap <= 3:
        return -1
    # The article's word ends at `gap`: what follows it joins no word, or the
    # word at `at` would not start a word.
    for length in (2, 3):
        begin = gap - length
        if begin >= 0 and _ARTICLE.fullmatch(text, begin, gap) and _PIECE_START.match(text, begin):
            return begin
    return -1


def _why(count: int, authors: tuple[str, ...], values_agree: bool) -> str:
    spans = f"{count} span" + ("s" if count != 1 else "")
    shown = list(authors[:3])
    if len(authors) > 3:
        shown.append(f"{len(authors) - 3} others")
    why = f"learned from {spans}" + (f" by {', '.join(shown)}" if shown else "")
    if not values_agree:
        why += "; their values differ: the one chosen most often is offered"
    return why
