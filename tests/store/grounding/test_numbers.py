"""Counts a coder selects become low/best/high, a qualifier and ACLED's figure."""

from __future__ import annotations

import pytest

from store.grounding.numbers import resolve_number

# (words, qualifier, low, best, high, acled)
TABLE = [
    ("13", "exact", 13, 13, 13, 13),
    ("thirteen", "exact", 13, 13, 13, 13),
    ("twenty-five", "exact", 25, 25, 25, 25),
    ("one hundred and twelve", "exact", 112, 112, 112, 112),
    ("a hundred", "exact", 100, 100, 100, 100),
    ("1,200", "exact", 1200, 1200, 1200, 1200),
    ("at least 13", "at_least", 13, 13, None, 13),
    ("At least 13 people", "at_least", 13, 13, None, 13),
    ("more than 100", "more_than", 101, None, None, 101),
    ("in excess of 100", "more_than", 101, None, None, 101),
    ("over 50", "more_than", 51, None, None, 51),
    ("about 100", "about", None, 100, None, 100),
    ("around 20", "about", None, 20, None, 20),
    ("some 30", "about", None, 30, None, 30),
    ("nearly 50", "about", None, 50, None, 50),
    ("about 20 to 30", "range", 20, None, 30, 20),
    ("20-30", "range", 20, None, 30, 20),
    ("20\u201330", "range", 20, None, 30, 20),
    ("between 20 and 30", "range", 20, None, 30, 20),
    ("up to 40", "at_most", None, None, 40, None),
    ("fewer than 10", "fewer_than", None, None, 9, None),
    ("dozens", "vague", 24, None, None, 12),
    ("a dozen", "about", None, 12, None, 12),
    ("two dozen", "about", None, 24, None, 24),
    ("scores", "vague", 40, None, None, 20),
    ("hundreds", "vague", 200, None, None, 100),
    ("thousands", "vague", 2000, None, None, 1000),
    ("a number of", "vague", 3, None, None, 3),
    ("several", "vague", 3, None, None, 3),
    ("a few", "vague", 3, None, None, 3),
    ("no US casualties", "none", 0, 0, 0, 0),
    ("no one", "none", 0, 0, 0, 0),
    ("none", "none", 0, 0, 0, 0),
    ("six children and four women", "exact", 10, 10, 10, 10),
    ("a woman and her two children", "exact", 3, 3, 3, 3),
]


@pytest.mark.parametrize(("words", "qualifier", "low", "best", "high", "acled"), TABLE)
def test_the_conventions_table(words, qualifier, low, best, high, acled):
    result = resolve_number(words)
    assert (result["qualifier"], result["low"], result["best"], result["high"],
            result["acled_fatalities"]) == (qualifier, low, best, high, acled)


def test_a_sum_keeps_each_group_with_who_it_counts():
    parts = resolve_number("six children and four women")["parts"]
    assert [(p["text"], p["count"], p["who"]) for p in parts] == [
        ("six children", 6, "children"), ("four women", 4, "women")]


def test_a_breakdown_after_including_is_kept_but_not_added():
    text = "at least 13 people, including six children and four women"
    result = resolve_number(text)
    assert (result["low"], result["best"], result["high"]) == (13, 13, None)
    within = [p for p in result["parts"] if p["within"]]
    assert [(p["count"], p["who"]) for p in within] == [(6, "children"), (4, "women")]
    for part in result["parts"]:
        assert text[part["start"]:part["end"]] == part["text"]


def test_context_lends_the_counted_noun_to_a_bare_number():
    result = resolve_number("13", context="13 civilians were killed on Thursday")
    assert result["parts"][0]["who"] == "civilians"


def test_a_denial_says_it_is_a_claim():
    assert "claim" in resolve_number("no American casualties")["why"]


@pytest.mark.parametrize(("words", "why"), [
    ("", "empty"),
    ("   ", "empty"),
    ("a billion", "implausible"),
    ("-5", "negative"),
    ("minus 5", "negative"),
    ("purple monkey dishwasher", "no number"),
    ("13.5", "whole"),
    ("1,20", "grouped"),
    ("x" * 10_000, "too long"),
])
def test_bad_input_is_unresolved_with_a_reason(words, why):
    result = resolve_number(words)
    assert result["unresolved"] is True and why in result["why"]


def test_not_text_is_unresolved_not_an_error():
    assert resolve_number(None)["unresolved"] is True
    assert resolve_number(13)["unresolved"] is True




def test_no_more_than_is_a_bound_not_a_denial():
    result = resolve_number("no more than 5")
    assert (result["qualifier"], result["high"]) == ("at_most", 5)


def test_a_comma_after_the_number_is_punctuation():
    result = resolve_number("35, including eight children")
    assert (result["low"], result["best"], result["high"]) == (35, 35, 35)
    assert [(p["count"], p["within"]) for p in result["parts"]] == [(35, False), (8, True)]


def test_a_number_that_describes_does_not_count():
    assert resolve_number("a 13-year-old boy")["best"] == 1
    assert resolve_number("the five-storey building")["unresolved"] is True


def test_a_possessive_before_kin_counts_one_more():
    assert resolve_number("a man and his son")["best"] == 2


def test_a_vague_word_can_count_hundreds_or_dozens():
    assert resolve_number("several hundred")["low"] == 300
    assert resolve_number("a few dozen")["low"] == 36


def test_of_them_is_a_breakdown_not_a_second_group():
    result = resolve_number("13 people, six of them children")
    assert result["best"] == 13
    assert [(p["count"], p["who"], p["within"]) for p in result["parts"]] == [
        (13, "people", False), (6, "children", True)]


def test_thousands_set_apart_by_spaces():
    assert resolve_number("10 000")["best"] == 10_000
    assert resolve_number("1 200 000")["best"] == 1_200_000


def test_ascii_phrases_are_read_into_the_same_tokens():
    """The standard-engine tokenizer used for ASCII text gives `regex`'s tokens."""
    import random

    from store.grounding import numbers
    rng = random.Random(2)
    pieces = list("ab Z09,.'-&_\t\n;:") + ["1,200", "2.5", "13-year-old", "don't", "a,b", "10 000"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert [(m.group(), m.span()) for m in numbers._ASCII_TOKEN.finditer(text)] == \
            [(m.group(), m.span()) for m in numbers._TOKEN.finditer(text)], text
