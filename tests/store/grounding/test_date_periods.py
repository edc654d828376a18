"""Periods of business and general news: quarters, halves, fiscal years, parts of a period, tense cues.

The sentences are invented.
"""

from __future__ import annotations

import pytest

from store.grounding.dates import resolve_date, timex_value

OCTOBER_DCT = "2021-10-28"  # a Thursday, after the third quarter's results
DCT = "2022-02-03"  # a Thursday


def span(result):
    return result["start"], result["end"]


def test_a_year_earlier_beside_the_nine_months_is_the_year_before_not_a_quarter():
    result = resolve_date("a year earlier", OCTOBER_DCT,
                          "For the nine months, the mill earned $40 million, up from $31 million a year earlier.")
    assert timex_value(result) == "2020"


def test_a_year_earlier_beside_a_quarter_is_still_that_quarter_a_year_before():
    result = resolve_date("a year earlier", OCTOBER_DCT,
                          "Third-quarter profit rose to $9 million from $7 million a year earlier.")
    assert timex_value(result) == "2020-Q3"


def test_the_named_year_period_beside_the_nine_months_is_that_year():
    result = resolve_date("the 2020 period", OCTOBER_DCT,
                          "In the first nine months, sales were $1.2 billion, against $1 billion in the 2020 period.")
    assert timex_value(result) == "2020"


def test_a_selection_without_its_direction_word_takes_it_from_the_sentence():
    result = resolve_date("a year", OCTOBER_DCT,
                          "Through the first nine months it lost $3 million, against a profit a year earlier.")
    assert timex_value(result) == "2020"


def test_since_year_end_before_december_is_the_end_of_last_year():
    result = resolve_date("year-end", OCTOBER_DCT, "The index has gained 12% since year-end.")
    assert span(result) == ("2020-01-01", "2020-12-31")
    assert "end" in result["flags"]
    by_year_end = resolve_date("year-end", OCTOBER_DCT, "The sale should close by year-end.")
    assert timex_value(by_year_end) == "2021"


def test_part_of_a_period_keeps_the_period_and_is_flagged():
    result = resolve_date("a good part of 2023", DCT, "Rates will stay high for a good part of 2023.")
    assert timex_value(result) == "2023"
    assert "part_of" in result["flags"]


def test_the_rest_of_the_year_runs_from_the_article_date():
    result = resolve_date("the rest of the year", DCT, "The border stays closed for the rest of the year.")
    assert span(result) == ("2022-02-03", "2022-12-31")


def test_an_adjective_before_a_quarter_does_not_hide_it():
    result = resolve_date("a weak second quarter", OCTOBER_DCT, "After a weak second quarter, sales recovered.")
    assert timex_value(result) == "2021-Q2"


@pytest.mark.parametrize("words, value", [
    ("Q3 2020", "2020-Q3"), ("3Q20", "2020-Q3"), ("Q1/2019", "2019-Q1"),
    ("H1 2021", "2021-H1"), ("2H 2019", "2019-H2"), ("FY2020", "2020"), ("FY 19", "2019"),
])
def test_compact_quarter_half_and_fiscal_year_forms(words, value):
    assert timex_value(resolve_date(words, DCT)) == value


def test_a_two_digit_year_and_a_fiscal_year_are_flagged_for_the_reviewer():
    result = resolve_date("FY21", DCT)
    assert {"two_digit_year", "fiscal_calendar_assumed"} <= set(result["flags"])
    assert "fiscal_calendar_assumed" in resolve_date("fiscal 1998", DCT)["flags"]


def test_the_latest_fiscal_year_is_the_last_full_year_before_the_article():
    result = resolve_date("the latest fiscal year", OCTOBER_DCT,
                          "Exports were a third of its sales in the latest fiscal year.")
    assert timex_value(result) == "2020"
    assert "fiscal_calendar_assumed" in result["flags"]


def test_a_loan_extended_through_a_month_runs_to_the_next_such_month():
    result = resolve_date("January", OCTOBER_DCT, "The banks have extended its credit line through January.")
    assert timex_value(result) == "2022-01"


def test_through_a_month_after_a_past_verb_or_in_a_range_stays_in_the_past():
    rose = resolve_date("June", OCTOBER_DCT, "Sales rose through June, the company said.")
    assert timex_value(rose) == "2021-06"
    ranged = resolve_date("June", OCTOBER_DCT, "Prices climbed from March through June.")
    assert timex_value(ranged) == "2021-06"


def test_a_present_tense_schedule_before_a_weekday_looks_forward():
    # A Friday article: "meet separately Monday" is the coming Monday.
    result = resolve_date("Monday", "2022-02-04", "The two leaders meet separately Monday with the envoy.")
    assert span(result) == ("2022-02-07", "2022-02-07")


def test_a_past_report_before_a_weekday_still_looks_back():
    result = resolve_date("Monday", "2022-02-04", "The two leaders met separately Monday with the envoy.")
    assert span(result) == ("2022-01-31", "2022-01-31")


def test_an_infinitive_far_from_the_season_does_not_make_it_future():
    result = resolve_date("the summer", OCTOBER_DCT,
                          "Supply problems made it hard for the firm to meet demand for its new phones well "
                          "into the summer.")
    assert timex_value(result) == "2021-SU"


def test_agreed_to_meet_on_a_weekday_looks_forward():
    result = resolve_date("Friday", DCT, "The rebels agreed to meet on Friday.")
    assert span(result) == ("2022-02-04", "2022-02-04")
