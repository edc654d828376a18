"""Accepted spans offered again wherever their words recur, at exact offsets."""

from __future__ import annotations

import time

from store.suggest.learned import LearnedPatterns, suggest_learned

ATME = {"label": "Location", "quote": "Atme", "author": "editor1", "value": {"gazetteer": 170063}}


def found(text, patterns):
    out = suggest_learned(text, patterns)
    for s in out:
        assert text[s.start:s.end] == s.quote
    return [s.quote for s in out]


def test_spelling_variants_meet_and_keep_their_own_characters():
    patterns = LearnedPatterns([ATME] * 3)
    text = "Atme, Atmé, Atme\u0301 and Atmeh; not Atmeland."
    assert found(text, patterns) == ["Atme", "Atmé", "Atme\u0301", "Atmeh"]
    first = suggest_learned(text, patterns)[0]
    assert first.why == "learned from 3 spans by editor1"
    assert first.value == {"gazetteer": 170063}


def test_apostrophes_spaces_hyphens_and_articles():
    patterns = LearnedPatterns([
        {"label": "Actor", "quote": "Hay'at Tahrir al-Sham", "author": "a"},
        {"label": "Location", "quote": "Deir ez-Zor", "author": "b"},
        {"label": "Actor", "quote": "al-Qaeda", "author": "c"},
    ])
    text = "Hay\u2019at  Tahrir   al-Sham near Deir al-Zour and Deir el Zor; al Qaeda."
    assert found(text, patterns) == ["Hay\u2019at  Tahrir   al-Sham", "Deir al-Zour", "Deir el Zor", "al Qaeda"]


def test_whole_words_only_and_acronyms_in_their_case():
    patterns = LearnedPatterns([{"label": "Actor", "quote": "HTS", "author": "a"},
                                {"label": "Location", "quote": "Idlib", "author": "a"}])
    assert found("HTS and hts; Idlibtown, Idlib.", patterns) == ["HTS", "Idlib"]


def test_the_longest_pattern_wins_at_one_start():
    patterns = LearnedPatterns([{"label": "Location", "quote": "Idlib", "author": "a"},
                                {"label": "Location", "quote": "Idlib Province", "author": "a"}])
    assert found("in Idlib Province and Idlib", patterns) == ["Idlib Province", "Idlib"]


def test_disagreeing_values_are_said():
    patterns = LearnedPatterns([ATME, ATME, dict(ATME, value={"gazetteer": 1}, author="editor2")])
    s = suggest_learned("Atme", patterns)[0]
    assert s.value == {"gazetteer": 170063} and "differ" in s.why and "editor2" in s.why


def test_unusable_spans_are_skipped_with_a_reason():
    patterns = LearnedPatterns([{"label": "X", "quote": ""}, "junk", {"label": "X", "quote": "!!"},
                                {"label": "X", "quote": "of"}, {"quote": "Atme"}])
    assert len(patterns) == 0 and len(patterns.skipped) == 5
    assert suggest_learned("Atme of", patterns) == []


def test_many_patterns_cost_one_pass():
    patterns = LearnedPatterns({"label": "Location", "quote": f"Village{i} Town", "author": "a"}
                               for i in range(20_000))
    text = "Nothing here matches any of them. " * 100
    started = time.process_time()
    assert suggest_learned(text, patterns) == []
    assert time.process_time() - started < 0.1


def test_crlf_and_emoji_keep_offsets():
    patterns = LearnedPatterns([ATME])
    text = "\U0001f525\r\nAtme\U0001f525Atme\r\n"
    assert found(text, patterns) == ["Atme", "Atme"]
