"""Trying a pattern only where an opening word starts finds what finditer finds."""

import random
import re
from pathlib import Path

from store.suggest import casualties, claims, word_starts

SEEDS = sorted((Path(__file__).resolve().parents[3] / "seeds").glob("*.txt"))
PATTERNS = [(casualties.KEYWORD, casualties._KEYWORD_OPENERS),
            (casualties.PHRASE, casualties._PHRASE_OPENERS),
            (claims.CUE, claims._CUE_OPENERS)]


def _spans(matches):
    return [(m.start(), m.end(), m.lastgroup) for m in matches]


def _texts():
    rng = random.Random(3)
    # Every word the patterns spell, whatever the openers say, and the seeds' words.
    words = sorted(set(re.findall(r"[a-z]+", " ".join(p.pattern for p, _ in PATTERNS)))
                   | {w for p in SEEDS for w in re.findall(r"\w+", p.read_text(encoding="utf-8"))})
    words += ["people", "civilians", "soldiers", "said", "of", "the", "1,200", "3", "1990",
              "ſaid", "\u212aILLED", "İn", "twenty-one", "no-one", "_two", "two_", "Killedd"]
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    for _ in range(3000):
        picked = [rng.choice(words) for _ in range(rng.randint(1, 10))]
        picked = [rng.choice([w, w.upper(), w.title()]) for w in picked]
        texts.append("".join(w + rng.choice([" ", "  ", ", ", "-", "\n", "", ". "]) for w in picked))
    return texts


def test_the_same_matches_as_finditer():
    rng = random.Random(5)
    for text in _texts():
        for pattern, openers in PATTERNS:
            assert _spans(word_starts.finditer(pattern, text, openers)) == _spans(pattern.finditer(text))
            pos = rng.randint(0, len(text))
            end = rng.randint(pos, len(text))
            assert _spans(word_starts.finditer(pattern, text, openers, pos, end)) == \
                _spans(pattern.finditer(text, pos, end))
