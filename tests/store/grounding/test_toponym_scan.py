"""The quick word scan and cue tests give what the plain definitions give.

`toponyms` finds words with one split of the text (by `re` when the text's letters
are ASCII), visits only capitalised words for runs, and tests cues by their last
or first word first. Each is checked here against the plain definition it
replaces, on random texts made of the awkward pieces: article prefixes, hyphens
of three kinds, possessives, periods, letters that change length or meaning when
lower-cased (İ, Σ, K, ſ), and the cue words themselves.
"""

from __future__ import annotations

import random

import regex

from store.grounding import toponyms

_WORD = regex.compile(
    r"(?:(?:al|el|ad|ash|ar|as|at|az|an|ez|ed|es|et)[-‐‑])?"
    r"[\p{L}\p{M}][\p{L}\p{M}\p{N}]*(?:['’.][\p{L}\p{M}\p{N}]+)*\.?",
    regex.IGNORECASE)
_ORDER = {cue: i for i, cue in reversed(list(enumerate(toponyms.PLACE_BEFORE)))}
PIECES = [*toponyms.PLACE_BEFORE, *toponyms.PLACE_AFTER, "al-", "Al-", "ez-", "AS-", "ash‐", "eſ-",
          "Bay", "of", "Bengal", "and", "de la", "St.", "N.Y.", "Abcde.", "’s", "'s", "x", "US", "Kafr",
          "İ", "Σ", "K", "é", "ﬁ", "1", "²", "-", "—", ".", ",", "  ", "\n", "(", "THE", "NEAR", "Province"]


def _texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) + rng.choice(["", " ", " ", " ", "-", "x"])
                    for _ in range(rng.randint(0, 14))) for _ in range(count)]


def _words(text):
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def _runs(text, tokens):
    def joined(left, right):
        return (not left[2].endswith(".") or len(left[2]) <= 4) and text[left[1]:right[0]] in (" ", "-")
    out, current, i = [], [], 0
    while i < len(tokens) and len(out) < toponyms.MAX_RUNS:
        word = tokens[i]
        if toponyms.is_capitalised(word[2]):
            if current and joined(tokens[current[-1]], word):
                current.append(i)
            else:
                if current:
                    out.append(current)
                current = [i]
            i += 1
            continue
        if (current and word[2].lower() in toponyms.CONNECTORS and i + 1 < len(tokens)
                and toponyms.is_capitalised(tokens[i + 1][2])
                and joined(tokens[current[-1]], word) and joined(word, tokens[i + 1])):
            current.extend([i, i + 1])
            i += 2
            continue
        if current:
            out.append(current)
            current = []
        i += 1
    if current and len(out) < toponyms.MAX_RUNS:
        out.append(current)
    return out


def _cue_before(text, start):
    window = text[max(0, start - 24):start].lower()
    if not window.endswith(" "):
        return None
    body = window[:-1]
    found = [_ORDER[body[i + 1:]] for i, ch in enumerate(body) if ch == " " and body[i + 1:] in _ORDER]
    if body in _ORDER:
        found.append(_ORDER[body])
    return toponyms.PLACE_BEFORE[min(found)] if found else None


def _cue_after(text, end):
    window = text[end:end + 16].lower()
    if not window.startswith(" "):
        return None
    for cue in toponyms.PLACE_AFTER:
        if window[1:len(cue) + 1] == cue and not window[len(cue) + 1:len(cue) + 2].isalpha():
            return cue
    return None


def _bare_end(word):
    text, end = word.text, word.end
    if text.endswith("."):
        text, end = text[:-1], end - 1
    return end - 2 if len(text) > 2 and text.endswith(("'s", "’s")) else end


def test_words_and_runs_are_the_plain_definitions():
    plain = 0
    for text in _texts(4000, seed=1) + ["A b " * 2100, "Bay of Bengal x " * 2100]:
        tokens = toponyms.words(text)
        assert [tuple(w) for w in tokens] == _words(text)
        together = toponyms.tokenise(text)
        assert together[0] == tokens
        assert together[1] == toponyms.runs(text, tokens) == _runs(text, tokens)
        plain += not toponyms._NOT_PLAIN.search(text)
    assert plain > 500  # the ASCII split ran


def test_cues_and_bare_ends_are_the_plain_definitions():
    for text in _texts(4000, seed=2):
        tokens = toponyms.words(text)
        for index, word in enumerate(tokens):
            assert word.bare_end == _bare_end(word)
            for end in (word.end, word.bare_end, word.end + 1):
                assert toponyms.cue_after(text, end) == _cue_after(text, end)
                expected = _cue_before(text, word.start) or _cue_after(text, end)
                assert toponyms.cue_around(text, tokens, index, end) == expected
        for start in range(len(text) + 1):
            assert toponyms.cue_before(text, start) == _cue_before(text, start)
