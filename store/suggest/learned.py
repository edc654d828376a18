"""Learned suggestions: spans coders accepted before, offered again wherever their words recur.

Every accepted span becomes a pattern: its words folded with `fold()` (so
"Atmé", "Atme" and "Atmeh" meet, and "Hay'at" with any apostrophe). Patterns
are indexed by their first folded word, so an article is read once: one pass
over its words with a dict lookup each, whatever the number of patterns. A
match is mapped back to the exact original characters: the suggestion
starts at the first matched word and ends at the last, in the text as it is
(diacritics, curly apostrophes, double spaces and line breaks untouched).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

from store.grounding.folding import fold
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
            pattern = _Pattern(label, words, bool(first_piece and _is_article(first_piece.group())),
                               acronym, entry["count"], tuple(entry["authors"]), value, agree)
            self.by_first.setdefault(words[0], []).append(pattern)
        for candidates in self.by_first.values():
            candidates.sort(key=lambda p: len(p.words), reverse=True)

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
        return sum(len(c) for c in self.by_first.values())


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
    words = _words(text)
    found: dict[tuple[str, int], Suggestion] = {}
    for i, word in enumerate(words):
        candidates = patterns.by_first.get(word.folded)
        if not candidates or not word.first_in_piece:
            continue
        for pattern in candidates:
            suggestion = _match(text, words, i, pattern)
            if suggestion is None or (pattern.label, suggestion.start) in found:
                continue
            found[(pattern.label, suggestion.start)] = suggestion
            if len(found) >= cap:
                return sorted(found.values(), key=lambda s: (s.start, s.end, s.label))
    return sorted(found.values(), key=lambda s: (s.start, s.end, s.label))


def _match(text: str, words: list[_Word], i: int, pattern: _Pattern) -> Suggestion | None:
    n = len(pattern.words)
    if i + n > len(words):
        return None
    for k in range(n):
        if words[i + k].folded != pattern.words[k]:
            return None
    last = words[i + n - 1]
    if not last.last_in_piece:
        return None
    start = words[i].start
    if pattern.leading_article and words[i].article_start >= 0:
        start = words[i].article_start
    if pattern.exact is not None and text[start:last.end] != pattern.exact:
        return None
    return make(text, pattern.label, start, last.end, SUGGESTER, _why(pattern), pattern.value)


def _why(pattern: _Pattern) -> str:
    spans = f"{pattern.count} span" + ("s" if pattern.count != 1 else "")
    authors = list(pattern.authors[:3])
    if len(pattern.authors) > 3:
        authors.append(f"{len(pattern.authors) - 3} others")
    why = f"learned from {spans}" + (f" by {', '.join(authors)}" if authors else "")
    if not pattern.values_agree:
        why += "; their values differ: the one chosen most often is offered"
    return why
