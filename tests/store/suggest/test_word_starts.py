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


def _walked(pattern, text, openers, pos=0, endpos=None):
    """The reference: every run of \\w from `pos` to `endpos` read in Python, and the
    pattern tried where the rule admits the run."""
    end = len(text) if endpos is None else endpos
    resume = pos
    for run in re.finditer(r"\w+", text[:end] if end < len(text) else text):
        if run.end() <= pos:
            continue
        start, word = max(run.start(), pos), text[max(run.start(), pos):run.end()]
        if start < resume or (word.isascii() and not word[0].isdigit() and word.lower() not in openers):
            continue
        found = pattern.match(text, start, end)
        if found is not None:
            yield found
            resume = found.end() if found.end() > start else start + 1


def test_tried_exactly_where_the_rule_says():
    """Any pattern (here one that matches wherever it is tried) is tried at the
    starts the rule admits, words cut by pos or endpos judged by their part inside."""
    rng = random.Random(7)
    words = ["said", "Said", "SAID", "saidx", "xsaid", "sa", "ones", "one", "On", "a", "an", "_a", "a_",
             "ſaid", "\u212aill", "kill", "Atmé", "éa", "x\u00e9y", "1,200", "3rd", "٣", "twenty-one",
             "“said”", "İn", "in", "k", "z9"]
    openers = [frozenset({"said", "one", "a", "kill", "in", "a_", "z9"}), frozenset({"on"}), frozenset()]
    anything = re.compile(r"\w{1,2}|")
    for _ in range(3000):
        text = "".join(rng.choice(words) + rng.choice([" ", "", "-", "\n", ", ", "…"])
                       for _ in range(rng.randint(0, 8)))
        pos = rng.randint(0, len(text))
        end = rng.randint(pos, len(text))
        for chosen in openers:
            assert _spans(word_starts.finditer(anything, text, chosen)) == _spans(_walked(anything, text, chosen))
            assert _spans(word_starts.finditer(anything, text, chosen, pos, end)) == \
                _spans(_walked(anything, text, chosen, pos, end)), (text, pos, end, chosen)
