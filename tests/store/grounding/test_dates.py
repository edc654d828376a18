"""Date grounding as a coder meets it: selected words, the article date, the sentence around them."""

from __future__ import annotations

import datetime as dt

import pytest

from store.grounding.dates import (
    acled_time_precision,
    resolve_date,
    timex_value,
    ucdp_date_prec,
)

RAID_DCT = "2022-02-03"  # a Thursday
STRIKES_DCT = "2018-02-12"  # a Monday


def interval(result):
    return result["start"], result["end"]


# The seed articles' cases: the raid report dated Thursday 2022-02-03, the strikes report of 2018.

def test_wednesday_night_is_the_night_before_a_thursday_article_and_flagged():
    result = resolve_date("Wednesday night", RAID_DCT, "The raid began on Wednesday night, residents said.")
    assert interval(result) == ("2022-02-02", "2022-02-02")
    assert result["precision"] == "day"
    assert "night" in result["flags"]
    assert "relative_to_dct" in result["flags"]
    assert "Wednesday" in result["why"] or "wednesday" in result["why"]


def test_on_thursday_in_an_article_dated_thursday_is_that_day():
    result = resolve_date("on Thursday", RAID_DCT, "Al Jazeera said on Thursday that 13 people were killed.")
    assert interval(result) == ("2022-02-03", "2022-02-03")
    assert acled_time_precision(result) == 1
    assert ucdp_date_prec(result) == 1


def test_a_two_day_range_without_a_year_takes_the_article_year_and_is_ucdp_2():
    result = resolve_date("7-8 February", STRIKES_DCT, "The strikes on 7-8 February killed dozens.")
    assert interval(result) == ("2018-02-07", "2018-02-08")
    assert result["precision"] == "day"
    assert "year_from_dct" in result["flags"]
    assert ucdp_date_prec(result) == 2
    assert acled_time_precision(result) == 2


@pytest.mark.parametrize("words", ["7-8 February 2018", "7\u20138 February 2018", "February 7 to 8, 2018",
                                   "between 7 and 8 February 2018"])
def test_range_spellings_agree(words):
    assert interval(resolve_date(words)) == ("2018-02-07", "2018-02-08")


def test_early_hours_are_flagged_because_overnight_events_are_dated_by_the_morning_after():
    result = resolve_date("early hours of Thursday", "2022-02-04")
    assert interval(result) == ("2022-02-03", "2022-02-03")
    assert "early_hours" in result["flags"]


def test_late_wednesday_is_flagged():
    result = resolve_date("late Wednesday", STRIKES_DCT)
    assert interval(result) == ("2018-02-07", "2018-02-07")
    assert "night" in result["flags"]


# Tense decides the direction of a weekday.

def test_future_tense_moves_a_weekday_forward():
    past = resolve_date("Friday", "2022-02-03", "The ministers met on Friday.")
    future = resolve_date("Friday", "2022-02-03", "The ministers will meet on Friday.")
    assert past["start"] == "2022-01-28"
    assert future["start"] == "2022-02-04"


def test_last_and_next_weekday_never_mean_the_article_day():
    assert resolve_date("last Thursday", RAID_DCT)["start"] == "2022-01-27"
    assert resolve_date("next Thursday", RAID_DCT)["start"] == "2022-02-10"


def test_a_past_tense_date_without_a_year_is_not_put_after_the_article_date():
    result = resolve_date("November 2", "2022-02-03", "Two men were killed on November 2 near the border.")
    assert interval(result) == ("2021-11-02", "2021-11-02")
    assert "year_from_dct" in result["flags"]


def test_a_deadline_without_a_year_can_lie_after_the_article_date():
    result = resolve_date("March 15", "2022-02-03", "The ceasefire will expire on March 15.")
    assert result["start"] == "2022-03-15"


# Periods and their precisions.

@pytest.mark.parametrize("words, dct, expected_timex, precision", [
    ("February 2018", None, "2018-02", "month"),
    ("In December 2021", None, "2021-12", "month"),
    ("2022-02-03", None, "2022-02-03", "day"),
    ("3 Feb", "2022-03-01", "2022-02-03", "day"),
    ("last month", RAID_DCT, "2022-01", "month"),
    ("this year", RAID_DCT, "2022", "year"),
    ("yesterday", RAID_DCT, "2022-02-02", "day"),
    ("in 1997", None, "1997", "year"),
    ("the 1990s", None, "199", "decade"),
    ("last week", RAID_DCT, "2022-W04", "week"),
    ("the third quarter", "1989-10-26", "1989-Q3", "quarter"),
    ("spring", "1998-06-10", "1998-SP", "season"),
    ("nineteen ninety-six", None, "1996", "year"),
])
def test_periods(words, dct, expected_timex, precision):
    result = resolve_date(words, dct)
    assert timex_value(result) == expected_timex
    assert result["precision"] == precision


def test_a_month_is_acled_3_and_ucdp_4_a_year_ucdp_5():
    month = resolve_date("February 2018")
    year = resolve_date("2018")
    assert (acled_time_precision(month), ucdp_date_prec(month)) == (3, 4)
    assert (acled_time_precision(year), ucdp_date_prec(year)) == (3, 5)


def test_a_week_is_ucdp_3_and_acled_2():
    week = resolve_date("last week", RAID_DCT)
    assert interval(week) == ("2022-01-24", "2022-01-30")
    assert (acled_time_precision(week), ucdp_date_prec(week)) == (2, 3)


def test_vague_present_and_past():
    assert timex_value(resolve_date("now", RAID_DCT)) == "PRESENT_REF"
    recently = resolve_date("recently", RAID_DCT)
    assert timex_value(recently) == "PAST_REF"
    assert recently["end"] == RAID_DCT and recently["start"] is None
    assert acled_time_precision(recently) is None


def test_a_year_earlier_in_an_earnings_sentence_is_the_same_quarter_a_year_before():
    sentence = "Net income rose to $87 million in the third quarter from $58 million a year earlier."
    assert timex_value(resolve_date("a year earlier", "1989-10-26", sentence)) == "1988-Q3"
    assert timex_value(resolve_date("a year earlier", "1989-10-26", "A year earlier he was mayor.")) == "1988"


# Bad input: never an exception, never an invented value.

@pytest.mark.parametrize("words", ["February 30", "30 February 2018", "2018-02-30", "31 April"])
def test_impossible_dates_are_unresolved(words):
    result = resolve_date(words, STRIKES_DCT)
    assert result["unresolved"] is True
    assert "no such date" in result["why"]


@pytest.mark.parametrize("words", ["on Thursday", "last week", "yesterday", "Wednesday night", "now"])
def test_relative_words_without_an_article_date_say_it_is_needed(words):
    result = resolve_date(words, None)
    assert result["unresolved"] is True
    assert "article date" in result["why"]


def test_a_day_without_a_year_in_an_undated_article_stays_unresolved():
    result = resolve_date("November 2")
    assert result["unresolved"] is True
    assert "year" in result["why"]


def test_absolute_dates_resolve_without_an_article_date():
    assert interval(resolve_date("7 February 2018")) == ("2018-02-07", "2018-02-07")


def test_an_article_date_in_the_future_is_flagged():
    future = (dt.date.today() + dt.timedelta(days=400)).isoformat()
    result = resolve_date("yesterday", future)
    assert "dct_in_future" in result["flags"]
    assert "dct_in_future" not in resolve_date("yesterday", RAID_DCT)["flags"]


@pytest.mark.parametrize("words", ["", "   ", "x" * 5000, "banana", "\u0000\ud83d\ude00", "the the the",
                                   "99999-99-99"])
def test_garbage_is_unresolved_with_a_reason(words):
    result = resolve_date(words, RAID_DCT)
    assert result["unresolved"] is True and result["why"]


@pytest.mark.parametrize("dct", ["not a date", "2022-13-45", 12345, object()])
def test_an_unreadable_article_date_is_treated_as_missing(dct):
    relative = resolve_date("yesterday", dct)
    assert relative["unresolved"] is True
    assert resolve_date("7 February 2018", dct)["start"] == "2018-02-07"


def test_non_text_selection_and_context_do_not_raise():
    assert resolve_date(None, RAID_DCT)["unresolved"] is True
    assert resolve_date("yesterday", RAID_DCT, None)["start"] == "2022-02-02"


def test_precisions_of_unresolved_results_are_none():
    bad = resolve_date("February 30", STRIKES_DCT)
    assert acled_time_precision(bad) is None
    assert ucdp_date_prec(bad) is None
    assert timex_value(bad) is None
    assert ucdp_date_prec({"start": "x"}) is None


def test_ucdp_follows_the_interval():
    ten_days = {"start": "2018-02-01", "end": "2018-02-10", "precision": "day"}
    two_months = {"start": "2018-02-01", "end": "2018-03-31", "precision": "month"}
    assert ucdp_date_prec(ten_days) == 4
    assert ucdp_date_prec(two_months) == 5
    assert acled_time_precision(ten_days) == 2  # a range of days, however long within a month
    assert acled_time_precision(two_months) == 3


@pytest.mark.parametrize("words, dct", [("spring 0000", RAID_DCT), ("winter 0001", None),
                                        ("yesterday", "0001-01-01"), ("next year", "9999-12-31"),
                                        ("dawn May", "9999-12-31")])
def test_the_edges_of_the_calendar_are_unresolved_not_errors(words, dct):
    result = resolve_date(words, dct)
    assert result.get("unresolved") is True
    assert "internal error" not in result["why"]


@pytest.mark.parametrize("words", ["the night of Wednesday to Thursday", "overnight Wednesday to Thursday",
                                   "between Wednesday and Thursday"])
def test_a_night_across_two_weekdays_is_a_two_day_range(words):
    result = resolve_date(words, "2018-02-12")
    assert interval(result) == ("2018-02-07", "2018-02-08")
    assert ucdp_date_prec(result) == 2


def test_two_weekdays_joined_by_and_are_a_list_not_a_range():
    assert resolve_date("Monday and Tuesday", "2018-02-12")["unresolved"] is True


def test_a_weekday_beside_a_date_that_does_not_fall_on_it_is_flagged():
    result = resolve_date("Saturday, 3 February 2018")
    assert result["start"] == "2018-02-03"
    assert "weekday_mismatch" not in result["flags"]
    wrong = resolve_date("Friday, 3 February 2018")
    assert "weekday_mismatch" in wrong["flags"]
