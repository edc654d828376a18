"""Trying a pattern only where an opening word starts finds what finditer finds."""

import random
import re
import re._parser as sre_parse
from pathlib import Path

from store.suggest import casualties, claims, word_starts

SEEDS = sorted((Path(__file__).resolve().parents[3] / "seeds").glob("*.txt"))
# (pattern, its openers, whether a match can start with a digit), as the suggesters call it.
PATTERNS = [(casualties.KEYWORD, casualties._KEYWORD_OPENERS, False),
            (casualties.PHRASE, casualties._PHRASE_OPENERS, True),
            (claims.CUE, claims._CUE_OPENERS, False)]


def _spans(matches):
    return [(m.start(), m.end(), m.lastgroup) for m in matches]


def _texts():
    rng = random.Random(3)
    # Every word the patterns spell, whatever the openers say, and the seeds' words.
    words = sorted(set(re.findall(r"[a-z]+", " ".join(p.pattern for p, _, _ in PATTERNS)))
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
        for pattern, openers, digits in PATTERNS:
            assert _spans(word_starts.finditer(pattern, text, openers, digits=digits)) == \
                _spans(pattern.finditer(text))
            pos = rng.randint(0, len(text))
            end = rng.randint(pos, len(text))
            assert _spans(word_starts.finditer(pattern, text, openers, pos, end, digits=digits)) == \
                _spans(pattern.finditer(text, pos, end))


def _walked(pattern, text, openers, pos=0, endpos=None, digits=True):
    """The reference: every run of \\w from `pos` to `endpos` read in Python, and the
    pattern tried where the rule admits the run."""
    end = len(text) if endpos is None else endpos
    resume = pos
    for run in re.finditer(r"\w+", text[:end] if end < len(text) else text):
        if run.end() <= pos:
            continue
        start, word = max(run.start(), pos), text[max(run.start(), pos):run.end()]
        if start < resume or (word.isascii() and not (digits and word[0].isdigit()) and word.lower() not in openers):
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
    openers = [frozenset({"said", "one", "a", "kill", "in", "a_", "z9", "3rd"}), frozenset({"on"}), frozenset()]
    anything = re.compile(r"\w{1,2}|")
    for _ in range(3000):
        text = "".join(rng.choice(words) + rng.choice([" ", "", "-", "\n", ", ", "…", "?", "é"])
                       for _ in range(rng.randint(0, 8)))
        pos = rng.randint(0, len(text))
        end = rng.randint(pos, len(text))
        for chosen in openers:
            for digits in (True, False):
                assert _spans(word_starts.finditer(anything, text, chosen, digits=digits)) == \
                    _spans(_walked(anything, text, chosen, digits=digits))
                assert _spans(word_starts.finditer(anything, text, chosen, pos, end, digits=digits)) == \
                    _spans(_walked(anything, text, chosen, pos, end, digits)), (text, pos, end, chosen)


_CATEGORIES = {"CATEGORY_SPACE": r"\s", "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_DIGIT": r"\d",
               "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}


def _in_class(char, items):
    """Whether `char` is in a parsed character class."""
    negate = bool(items) and str(items[0][0]) == "NEGATE"
    inside = False
    for op, av in items[negate:]:
        name = str(op)
        if name == "LITERAL":
            inside |= char == chr(av)
        elif name == "RANGE":
            inside |= av[0] <= ord(char) <= av[1]
        elif name == "CATEGORY":
            inside |= re.fullmatch(_CATEGORIES[str(av)], char) is not None
    return inside != negate


def _ways(items):
    """How many alternatives a parsed pattern holds, counting nested ones."""
    total = 1
    for op, av in items:
        name = str(op)
        if name == "BRANCH":
            total += sum(_ways(a) for a in av[1])
        elif name == "SUBPATTERN":
            total += _ways(av[3]) - 1
        elif name in ("MAX_REPEAT", "MIN_REPEAT"):
            total += _ways(av[2]) - 1
    return total


def _example(items, rng):
    """A random string the parsed pattern `items` spells (its assertions ignored),
    letters in random case; every alternative, however deep, comes up in time."""
    out = []
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            out.append(rng.choice([chr(av).lower(), chr(av).upper()]))
        elif name == "IN":
            chars = [chr(av2[0]) for op2, av2 in av if str(op2) in ("LITERAL", "RANGE")
                     for av2 in [av2 if isinstance(av2, tuple) else (av2,)]]
            chars += list(" aZ17-,\u2013'\n.")
            out.append(rng.choice([c for c in chars if _in_class(c, av)]))
        elif name == "BRANCH":
            # Half the time an alternative with more ways in it is taken more often,
            # so that deep alternatives come up as well as shallow ones.
            weights = [_ways(a) for a in av[1]] if rng.random() < 0.5 else None
            out.append(_example(rng.choices(av[1], weights)[0], rng))
        elif name == "SUBPATTERN":
            out.append(_example(av[3], rng))
        elif name in ("MAX_REPEAT", "MIN_REPEAT"):
            low, high, inner = av
            out += [_example(inner, rng) for _ in range(rng.randint(low, min(high, low + 2)))]
        elif name == "ANY":
            out.append(rng.choice("a 1"))
    return "".join(out)


def test_every_way_a_pattern_can_start_is_tried():
    """Texts spelled from the patterns' own alternatives (so a new alternative with a
    new first word is covered without a word list): the same matches as finditer."""
    rng = random.Random(11)
    for pattern, openers, digits in PATTERNS:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags).data
        for _ in range(4000):
            text = rng.choice(["", " ", "x ", "the ", "5 "]) + _example(parsed, rng) + \
                rng.choice(["", " ", ".", " people", "s"])
            assert _spans(word_starts.finditer(pattern, text, openers, digits=digits)) == \
                _spans(pattern.finditer(text)), text
