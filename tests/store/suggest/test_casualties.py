"""Casualty counts next to killed / wounded words, with exact offsets."""

from __future__ import annotations

import time

from store.suggest.casualties import suggest_casualties


def found(text):
    out = suggest_casualties(text)
    for s in out:
        assert text[s.start:s.end] == s.quote
    return [(s.label, s.quote) for s in out]


def test_count_before_the_passive_verb():
    text = "At least 13 people, mostly women and children, were killed in a rare raid."
    assert found(text) == [("Killed", "At least 13 people")]
    value = suggest_casualties(text)[0].value
    assert (value["low"], value["best"], value["high"]) == (13, 13, None)


def test_count_after_the_verb_and_the_rule_is_in_why():
    out = suggest_casualties("The strike hit a car, killing at least 13 and wounding another.")
    assert [(s.label, s.quote) for s in out] == [("Killed", "at least 13"), ("Injured", "another")]
    assert out[0].why == "rule casualty-number: 'at least 13' after 'killing'"


def test_death_toll_rose_to():
    out = suggest_casualties("The death toll rose to 20 on Friday.")
    assert [(s.label, s.quote, s.value["best"]) for s in out] == [("Killed", "20", 20)]


def test_killed_and_wounded_gives_both_labels_on_the_same_words():
    out = suggest_casualties("Reports of dozens killed and wounded.")
    assert [(s.label, s.quote) for s in out] == [("Injured", "dozens"), ("Killed", "dozens")]
    assert all("one suggestion for each" in s.why for s in out)
    assert out[0].value["acled_fatalities"] == 12


def test_breakdown_stays_inside_one_suggestion():
    text = "at least 13 people, including six children and four women, were killed"
    out = suggest_casualties(text)
    assert [s.quote for s in out] == ["at least 13 people, including six children and four women"]
    assert out[0].value["low"] == 13


def test_denial_is_zero_for_killed_and_injured():
    out = suggest_casualties("The mission was successful. There were no US casualties.")
    assert {(s.label, s.quote, s.value["best"]) for s in out} == {
        ("Killed", "no US casualties", 0), ("Injured", "no US casualties", 0)}


def test_a_year_or_a_day_is_not_a_count():
    assert found("In December 2021, a drone strike in Idlib killed an al-Qaeda leader.") == [
        ("Killed", "an al-Qaeda leader")]
    assert found("On October 27, 2019 killed") == []


def test_numbers_without_a_casualty_word_are_ignored():
    assert found("About 20 to 30 artillery rounds landed within 500 meters; 500 soldiers took part.") == []


def test_offsets_hold_with_emoji_combining_marks_and_crlf():
    text = "\U0001f525\U0001f525 Atme\u0301\r\nAt least 13 people were killed \u2014 \U0001f622\r\n25 were injured."
    out = suggest_casualties(text)
    assert [(s.label, s.quote) for s in out] == [("Killed", "At least 13 people"), ("Injured", "25")]
    for s in out:
        assert text[s.start:s.end] == s.quote


def test_thousands_of_numbers_and_a_two_megabyte_line_stay_bounded():
    numbers = " ".join(str(i) for i in range(20_000))
    started = time.process_time()
    assert suggest_casualties(numbers) == []
    long_line = ("13 killed and " * 150_000)[:2_000_000]
    out = suggest_casualties(long_line)
    assert time.process_time() - started < 10
    assert len(out) <= 200


def test_empty_and_markup_give_nothing_or_exact_spans():
    assert suggest_casualties("") == []
    assert suggest_casualties(None) == []
    text = "<p>\x1b[31m<b>5</b> killed</p>\x1b[0m &amp; 3 people were wounded"
    for s in suggest_casualties(text):
        assert text[s.start:s.end] == s.quote
    assert ("Injured", "3 people") in found(text)


def test_a_count_does_not_run_past_its_sentence():
    text = "The toll had risen to 35, including eight children. Two police officers were among the dead."
    out = suggest_casualties(text)
    assert out[0].quote == "35, including eight children" and out[0].value["best"] == 35


def test_shot_dead_takes_its_object():
    assert found("Gunmen shot dead a man and his son in Kirkuk.") == [("Killed", "a man and his son")]


def test_a_year_before_a_count_is_not_part_of_it():
    assert found("In 2019 100 people died.") == [("Killed", "100 people")]
    assert [s.value["best"] for s in suggest_casualties("Officials said 10 000 people were killed.")] == [10_000]


def test_some_of_the_counts_but_a_bare_some_does_not():
    assert found("Some of the Russian contractors were killed.") == [("Killed", "Some of the Russian contractors")]
    assert found("Some calling it a massacre said many were killed.") == [("Killed", "many")]
