"""How alike two reports' words are: TF-IDF cosine over folded tokens.

Chosen over rapidfuzz token_set_ratio on the leads by measurement
(`bench/bench_incident_candidates.py 30000 --compare-text`): over the pairs
blocking keeps, TF-IDF separates same-incident pairs from others with an
AUC of 0.98, token_set_ratio on the leads 0.77; on the seeds TF-IDF gives
the Atme pair 0.19 and every unrelated pair at most 0.09, while
token_set_ratio puts an unrelated pair (001+002, 0.59) above the Atme pair
(0.56). The rare words (town, figures, group) carry the weight, template
words cancel out, and the whole text is read, not a lead that scraped
boilerplate may have displaced.

Document frequencies are kept by `TermStatistics`, which the candidate index
updates as reports come and go, so no pass over the corpus is ever needed.
`Weighting` reads them as they are when a pair is scored.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from store.grounding.folding import fold

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
#: Words too common in any news text to say anything about an incident.
STOPWORDS = frozenset((
    "a", "about", "after", "against", "all", "also", "an", "and", "are", "as", "at", "be", "been",
    "before", "between", "both", "but", "by", "can", "could", "did", "do", "does", "during", "each",
    "for", "from", "had", "has", "have", "he", "her", "his", "how", "if", "in", "into", "is", "it",
    "its", "more", "most", "no", "not", "now", "of", "on", "one", "or", "other", "our", "out",
    "over", "said", "says", "she", "so", "some", "such", "than", "that", "the", "their", "them",
    "then", "there", "these", "they", "this", "those", "through", "to", "under", "until", "up",
    "was", "we", "were", "what", "when", "where", "which", "while", "who", "will", "with", "would",
    "you"
))
#: Folding every occurrence of a word is the expensive part; words repeat.
_FOLD_CACHE: dict[str, str] = {}
_FOLD_CACHE_MAX = 200_000


def fold_word(word: str) -> str:
    """`fold` of one word, remembered."""
    folded = _FOLD_CACHE.get(word)
    if folded is None:
        folded = fold(word).replace(" ", "")
        if len(_FOLD_CACHE) < _FOLD_CACHE_MAX:
            _FOLD_CACHE[word] = folded
    return folded


def term_weights(text) -> dict[str, float]:
    """Folded token -> sublinear term frequency (1 + ln count), stopwords and
    one-letter tokens left out. Not a string (None, bytes) is no words."""
    if not isinstance(text, str) or not text:
        return {}
    counts: Counter[str] = Counter()
    for word in _WORD.findall(text.casefold()):
        if word in STOPWORDS:
            continue
        token = fold_word(word)
        if len(token) > 1 or token.isdigit():
            counts[token] += 1
    return {token: 1.0 + math.log(n) for token, n in counts.items()}


class TermStatistics:
    """Document frequencies of folded tokens over the reports indexed now."""

    def __init__(self) -> None:
        self.documents = 0
        self.frequency: Counter[str] = Counter()

    def add(self, tokens) -> None:
        self.documents += 1
        self.frequency.update(tokens)

    def remove(self, tokens) -> None:
        self.documents = max(0, self.documents - 1)
        self.frequency.subtract(tokens)

    def idf(self, token: str) -> float:
        """Smoothed inverse document frequency: never zero, so a word all
        reports share still counts a little."""
        return math.log((self.documents + 1) / (self.frequency.get(token, 0) + 1)) + 1.0


class Weighting:
    """TF-IDF over one snapshot of the statistics: idf and norms remembered,
    so scoring many pairs costs one pass over each report's words."""

    def __init__(self, statistics: TermStatistics) -> None:
        self._statistics = statistics
        self._idf: dict[str, float] = {}

    def idf(self, token: str) -> float:
        value = self._idf.get(token)
        if value is None:
            value = self._idf[token] = self._statistics.idf(token)
        return value

    def norm(self, weights: dict[str, float]) -> float:
        idf = self.idf
        return math.sqrt(sum((tf * idf(token)) ** 2 for token, tf in weights.items()))

    def cosine(self, a: dict[str, float], norm_a: float, b: dict[str, float], norm_b: float) -> float:
        """Cosine of two reports' TF-IDF vectors; 0.0 when either has no words."""
        if not norm_a or not norm_b:
            return 0.0
        if len(b) < len(a):
            a, b = b, a
        idf = self.idf
        dot = 0.0
        for token, tf in a.items():
            other = b.get(token)
            if other is not None:
                dot += tf * other * idf(token) ** 2
        return min(1.0, dot / (norm_a * norm_b))
