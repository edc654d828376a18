"""Days, times of day, weekdays by tense, ranges and holidays, as a coder selects them.

The sentences are invented; the article date is Thursday 3 February 2022.
"""

from __future__ import annotations

import pytest

from store.grounding.dates import acled_time_precision, resolve_date, timex_value, ucdp_date_prec

DCT = "2022-02-03"  # a Thursday


def span(result):
    return result["start"], result["end"]


def test_a_weekday_after_a_future_passive_looks_forward():
    result = resolve_date("Sunday", DCT, "Elections will be held on Sunday, the commission said.")
    assert span(result) == ("2022-02-06", "2022-02-06")


def test_a_weekday_after_a_past_passive_looks_back():
    result = resolve_date("Sunday", DCT, "Elections were held on Sunday, the commission said.")
    assert span(result) == ("2022-01-30", "2022-01-30")


def test_this_weekday_is_the_one_of_the_article_week():
    assert span(resolve_date("this Sunday", DCT)) == ("2022-02-06", "2022-02-06")
    assert span(resolve_date("this Monday", DCT)) == ("2022-01-31", "2022-01-31")


def test_until_a_weekday_looks_forward_unless_the_verb_is_past():
    ahead = resolve_date("until Friday", DCT, "The curfew lasts until Friday.")
    assert span(ahead) == ("2022-02-04", "2022-02-04")
    assert "until" in ahead["flags"]
    back = resolve_date("until Friday", DCT, "The curfew lasted until Friday.")
    assert span(back) == ("2022-01-28", "2022-01-28")


def test_years_ago_without_a_count_is_a_vague_past():
    assert timex_value(resolve_date("years ago", DCT, "The mine closed years ago.")) == "PAST_REF"


@pytest.mark.parametrize("words, flag", [
    ("at 3am on Wednesday", "early_hours"), ("03:00 on Wednesday", "early_hours"),
    ("at 0300 GMT on Wednesday", "early_hours"), ("Wednesday at 11:30 pm", "night"),
    ("around midnight on Wednesday", "night"),
])
def test_a_clock_time_keeps_the_day_and_flags_overnight_hours(words, flag):
    result = resolve_date(words, DCT, "Shelling began " + words + ", residents said.")
    assert span(result) == ("2022-02-02", "2022-02-02")
    assert flag in result["flags"]
    assert acled_time_precision(result) == 1


def test_an_afternoon_clock_time_is_not_flagged_overnight():
    result = resolve_date("Tuesday at 2 pm", DCT, "The convoy was hit Tuesday at 2 pm.")
    assert span(result) == ("2022-02-01", "2022-02-01")
    assert not {"night", "early_hours"} & set(result["flags"])


def test_this_morning_is_the_article_day():
    assert span(resolve_date("this morning", DCT)) == (DCT, DCT)


def test_the_morning_of_a_day_is_that_day():
    assert span(resolve_date("the morning of 2 February", DCT)) == ("2022-02-02", "2022-02-02")


def test_that_night_is_the_day_named_before_it_and_flagged():
    result = resolve_date("that night", DCT, "Fighting reached the town on 30 January and that night it fell.")
    assert span(result) == ("2022-01-30", "2022-01-30")
    assert {"night", "anaphoric"} <= set(result["flags"])
    following = resolve_date("the following morning", DCT,
                             "Fighting reached the town on 30 January; the following morning it fell.")
    assert span(following) == ("2022-01-31", "2022-01-31")


def test_that_night_with_no_day_before_it_says_so():
    result = resolve_date("that night", DCT, "That night the town fell.")
    assert result["unresolved"]
    assert "named elsewhere" in result["why"]


@pytest.mark.parametrize("words, expected, precision", [
    ("January-March 2021", ("2021-01-01", "2021-03-31"), "month"),
    ("from 2019 to 2021", ("2019-01-01", "2021-12-31"), "year"),
    ("2019-2021", ("2019-01-01", "2021-12-31"), "year"),
    ("between March 2020 and May 2021", ("2020-03-01", "2021-05-31"), "month"),
    ("from 1 January 2020 to 3 March 2021", ("2020-01-01", "2021-03-03"), "day"),
    ("2021-22", ("2021-01-01", "2022-12-31"), "year"),
])
def test_two_dates_joined_are_one_range_with_both_ends(words, expected, precision):
    result = resolve_date(words, DCT)
    assert span(result) == expected
    assert result["precision"] == precision
    assert result["kind"] == "range"


def test_a_range_without_a_year_takes_it_from_the_article_and_is_flagged():
    result = resolve_date("from January to March", DCT, "Prices rose from January to March.")
    assert span(result) == ("2022-01-01", "2022-03-31")
    assert "year_from_dct" in result["flags"]


def test_two_months_joined_by_and_are_a_list_not_a_range():
    assert resolve_date("March and May 2021", DCT)["unresolved"]


def test_a_range_that_ends_before_it_starts_is_unresolved():
    assert resolve_date("from 2021 to 2019", DCT)["unresolved"]


def test_a_range_of_days_within_a_week_is_ucdp_precision_2():
    result = resolve_date("from 1 February 2022 to 4 February 2022", DCT)
    assert span(result) == ("2022-02-01", "2022-02-04")
    assert ucdp_date_prec(result) == 2


def test_a_fixed_holiday_is_its_day_with_the_year_from_the_article():
    result = resolve_date("Christmas", DCT, "The ceasefire held over Christmas.")
    assert span(result) == ("2021-12-25", "2021-12-25")
    assert {"holiday", "year_from_dct"} <= set(result["flags"])
    assert span(resolve_date("Christmas Day 2020", DCT)) == ("2020-12-25", "2020-12-25")


def test_a_movable_feast_is_not_guessed():
    assert resolve_date("Eid al-Fitr", DCT)["unresolved"]


def test_the_first_and_last_week_of_a_month_are_seven_of_its_days():
    first = resolve_date("the first week of March 2021", DCT)
    assert span(first) == ("2021-03-01", "2021-03-07")
    assert first["precision"] == "week"
    assert span(resolve_date("the last week of February 2021", DCT)) == ("2021-02-22", "2021-02-28")


def test_a_range_has_no_single_timeml_value():
    # TimeML gives each end its own value; the month of the start would be wrong for the whole.
    assert timex_value(resolve_date("January-March 2021", DCT)) is None
    assert timex_value(resolve_date("2021-22", DCT)) is None
