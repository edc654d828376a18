"""Dates that lean on another date of the sentence, on the words around the selection, or on a day.

The sentences are invented; the article date is a Thursday unless said otherwise.
"""

from __future__ import annotations

from store.grounding.dates import resolve_date, timex_value

DCT = "2022-02-03"  # a Thursday


def span(result):
    return result["start"], result["end"]


def test_the_following_year_counts_from_the_date_named_earlier_in_the_sentence():
    result = resolve_date("the following year", DCT,
                          "On 22 May 1995 he was made a colonel, and the following year he was sent to Paris.")
    assert span(result) == ("1996-01-01", "1996-12-31")
    assert result["precision"] == "year"
    assert "anaphoric" in result["flags"]
    assert "22 May 1995" in result["why"]


def test_that_year_is_the_year_of_the_nearest_earlier_date():
    result = resolve_date("that year", DCT,
                          "Exports fell in 2009 and again in 2014, the worst drop of that year.")
    assert timex_value(result) == "2014"


def test_the_next_day_after_a_written_day_is_the_day_after_it():
    result = resolve_date("the next day", DCT, "He was detained on 3 January 2021 and freed the next day.")
    assert span(result) == ("2021-01-04", "2021-01-04")


def test_the_day_before_an_event_named_after_it_is_not_read_from_an_earlier_date():
    # "the day before the vote" is the day before the vote, not before 3 January.
    result = resolve_date("the day before", DCT,
                          "Counting began on 3 January 2021, the day before the vote was certified.")
    assert result.get("unresolved")


def test_anaphora_without_an_earlier_date_stays_unresolved():
    result = resolve_date("the following year", DCT, "And the following year he was sent to Paris.")
    assert result["unresolved"]
    assert "elsewhere" in result["why"]


def test_years_later_counts_from_the_sentence_date_and_without_one_is_not_guessed():
    anchored = resolve_date("three years later", DCT, "She left Aleppo in 2012 and three years later she returned.")
    assert timex_value(anchored) == "2015"
    # In past-tense narration with no date before it, the DCT is not the starting point.
    alone = resolve_date("three years later", DCT, "Three years later she returned.")
    assert alone["unresolved"]


def test_a_year_written_with_a_trailing_comma_can_anchor():
    result = resolve_date("that year", DCT, "Imports reached $3 billion in 2018, a record for that year.")
    assert timex_value(result) == "2018"


def test_at_the_time_is_a_past_reference():
    result = resolve_date("the time", DCT, "He said at the time that he would not resign.")
    assert timex_value(result) == "PAST_REF"
    assert result["end"] == DCT and result["start"] is None


def test_the_time_without_at_is_not_a_date():
    assert resolve_date("the time", DCT, "He did not have the time to answer.")["unresolved"]


def test_in_five_years_looking_forward_is_the_year_five_years_on():
    result = resolve_date("five years", DCT, "The bonds would be repaid in five years, the ministry said.")
    assert timex_value(result) == "2027"
    assert "relative_to_dct" in result["flags"]
    with_in = resolve_date("in six months", DCT, "The plant will reopen in six months.")
    assert timex_value(with_in) == "2022-08"


def test_in_five_years_looking_back_is_a_length_of_time_not_a_date():
    result = resolve_date("five years", DCT, "It was the largest protest in five years.")
    assert result["unresolved"]


def test_in_a_year_or_two_ahead_is_a_vague_future():
    result = resolve_date("in a year or two", DCT, "The line will be finished in a year or two.")
    assert timex_value(result) == "FUTURE_REF"


def test_a_bare_count_takes_the_direction_word_just_after_the_selection():
    result = resolve_date("two years", DCT, "The mill closed two years ago.")
    assert timex_value(result) == "2020"


def test_a_count_before_an_event_is_not_counted_from_the_article_date():
    result = resolve_date("30 days", DCT, "Shareholders must wait 30 days before the merger closes.")
    assert result["unresolved"]


def test_the_past_two_weeks_is_the_fourteen_days_up_to_the_article_date():
    result = resolve_date("the past two weeks", DCT, "Prices have doubled over the past two weeks.")
    assert span(result) == ("2022-01-21", "2022-02-03")
    assert result["kind"] == "range"


def test_the_week_of_a_day_is_its_monday_to_sunday_week():
    result = resolve_date("the week of March 7, 2022", DCT)
    assert span(result) == ("2022-03-07", "2022-03-13")
    assert result["precision"] == "week"
    assert timex_value(result) == "2022-W10"


def test_the_week_beginning_a_day_starts_on_that_day():
    result = resolve_date("the week beginning 9 March 2022", DCT)
    assert span(result) == ("2022-03-09", "2022-03-15")


def test_the_week_of_a_day_without_a_year_is_flagged():
    result = resolve_date("the week of 14 February", DCT, "Talks are set for the week of 14 February.")
    assert span(result) == ("2022-02-14", "2022-02-20")
    assert "year_from_dct" in result["flags"]


def test_the_week_of_words_that_are_no_day_is_unresolved():
    assert resolve_date("the week of the storm", DCT)["unresolved"]


def test_an_ordinal_day_in_reporting_is_the_last_such_day_on_or_before_the_article_date():
    later_in_month = resolve_date("the 15th", DCT, "Fighting broke out on the 15th, witnesses said.")
    assert span(later_in_month) == ("2022-01-15", "2022-01-15")
    assert {"month_from_dct", "year_from_dct"} <= set(later_in_month["flags"])
    earlier_in_month = resolve_date("the 2nd", DCT, "Fighting broke out on the 2nd, witnesses said.")
    assert span(earlier_in_month) == ("2022-02-02", "2022-02-02")


def test_an_ordinal_day_looking_forward_is_the_next_such_day():
    result = resolve_date("the 15th", DCT, "The talks will resume on the 15th.")
    assert span(result) == ("2022-02-15", "2022-02-15")


def test_an_ordinal_day_skips_a_month_that_lacks_it():
    # 31 January is before a 3 March article's "31st" only by skipping February.
    result = resolve_date("the 31st", "2022-03-03", "Clashes on the 31st killed four people.")
    assert span(result) == ("2022-01-31", "2022-01-31")


def test_an_ordinal_day_without_an_article_date_or_beyond_31_is_unresolved():
    assert resolve_date("the 15th", None, "It happened on the 15th.")["unresolved"]
    assert resolve_date("the 32nd", DCT, "It happened on the 32nd.")["unresolved"]


def test_the_finder_does_not_offer_a_length_of_time_as_an_event_date():
    from store.grounding.date_finder import find_dates

    text = "Prices have doubled over the past two months. The mill closed on Tuesday."
    quotes = [mention.quote for mention in find_dates(text, DCT)]
    assert quotes == ["Tuesday"]


def test_a_stretch_reaching_before_the_calendar_is_unresolved_not_an_error():
    result = resolve_date("the past 200 years", "0150-06-01", "Over the past 200 years the city grew.")
    assert result["unresolved"]
    assert "internal error" not in result["why"]


def test_later_in_the_day_is_the_day_named_before_it():
    result = resolve_date("later in the day", DCT,
                          "Troops entered the town on 30 January and later in the day the mayor fled.")
    assert (result["start"], result["end"]) == ("2022-01-30", "2022-01-30")
    assert "later in the day" in result["why"]
    assert resolve_date("later in the day", DCT, "The minister arrived later in the day.")["unresolved"]


def test_a_modal_before_in_a_year_or_two_looks_forward():
    result = resolve_date("a year or two", DCT, "Doctors may, in a year or two, treat it at home.")
    assert timex_value(result) == "FUTURE_REF"
