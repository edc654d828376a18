"""Finding dates in whole articles: exact offsets, sentence-sized context, bounded output."""

from __future__ import annotations

import time

from store.grounding.date_finder import MAX_MENTIONS, find_dates
from store.grounding.dates import timex_value

ARTICLE = (
    "Idlib, 3 February 2022 \u2014 At least 13 people were killed when US troops raided a house "
    "on Wednesday night, residents said on Thursday.\r\n\r\n"
    "A similar raid took place in December 2021. Officials will meet again on Friday."
)


def quotes(mentions):
    return [m.quote for m in mentions]


def test_finds_the_dates_a_coder_would_mark_with_their_values():
    found = {m.quote: m.value for m in find_dates(ARTICLE, "2022-02-03")}
    assert found["3 February 2022"]["start"] == "2022-02-03"
    assert found["Wednesday night"]["start"] == "2022-02-02"
    assert "night" in found["Wednesday night"]["flags"]
    assert found["Thursday"]["start"] == "2022-02-03"
    assert timex_value(found["December 2021"]) == "2021-12"
    # "will meet again on Friday": the sentence is its context, so the next Friday.
    assert found["Friday"]["start"] == "2022-02-04"


def test_offsets_are_exact_code_points():
    for mention in find_dates(ARTICLE, "2022-02-03"):
        assert ARTICLE[mention.start:mention.end] == mention.quote


def test_offsets_stay_exact_after_emoji_combining_marks_and_crlf():
    text = ("\U0001F6A8\U0001F1F8\U0001F1FE Cafe\u0301 owners said on Tuesday\r\n"
            "that the strike of 7\u20138 February 2018 \U0001F525 hit Khusham.\r\n")
    mentions = find_dates(text, "2018-02-15")
    assert quotes(mentions) == ["Tuesday", "7\u20138 February 2018"]
    for mention in mentions:
        assert text[mention.start:mention.end] == mention.quote
    assert (mentions[1].value["start"], mentions[1].value["end"]) == ("2018-02-07", "2018-02-08")


def test_full_stops_and_possessives_are_not_part_of_the_quote():
    mentions = find_dates("Voting ends on Friday. Friday's turnout was high.", "2022-02-03")
    assert quotes(mentions) == ["Friday", "Friday"]


def test_may_and_march_as_verbs_are_not_dates():
    text = "Protesters may march again. May 5 was calm. Fighting resumed in March."
    assert quotes(find_dates(text, "2022-06-01")) == ["May 5", "March"]


def test_numbers_that_are_not_years_are_not_dates():
    text = "They paid $1990 for 2,018 rifles and 13 trucks; 1,384,119 shares changed hands."
    assert find_dates(text, "2022-02-03") == []


def test_undated_article_keeps_year_less_dates_as_unresolved_mentions():
    mentions = find_dates("The drone struck on November 2, killing two.", None)
    assert quotes(mentions) == ["November 2"]
    assert mentions[0].value["unresolved"] is True
    assert not mentions[0].resolved


def test_empty_and_non_text_input():
    assert find_dates("") == []
    assert find_dates(None) == []
    assert find_dates("no dates here at all", "2022-02-03") == []


def test_output_is_capped_and_a_large_article_is_linear():
    paragraph = "Clashes erupted on Monday and again on 3 March 2021, sources said. " * 4000
    started = time.perf_counter()
    mentions = find_dates(paragraph, "2021-03-10")
    elapsed = time.perf_counter() - started
    assert len(mentions) == MAX_MENTIONS
    assert all(paragraph[m.start:m.end] == m.quote for m in mentions)
    assert elapsed < 10, f"{elapsed:.1f}s for {len(paragraph)} characters"


def test_a_comma_ends_a_date_unless_a_day_year_or_month_follows():
    text = "On the night of 7 February, overnight Wednesday clashes; on Saturday, April 25, 2015 too."
    assert quotes(find_dates(text, "2018-02-12")) == [
        "the night of 7 February", "overnight Wednesday", "Saturday, April 25, 2015"]


def test_ranges_keep_between_and_last_night_stays_whole():
    text = "Strikes between 2 and 5 March killed 100; last night's shelling followed."
    found = {m.quote: m.value for m in find_dates(text, "2018-03-12")}
    assert (found["between 2 and 5 March"]["start"], found["between 2 and 5 March"]["end"]) == (
        "2018-03-02", "2018-03-05")
    assert found["last night"]["start"] == "2018-03-11" and "night" in found["last night"]["flags"]


def test_abbreviated_weekdays_join_a_date_but_never_stand_alone():
    text = "Published: Mon, February 12, 2018. Sun Microsystems was not involved."
    assert quotes(find_dates(text, "2018-02-12")) == ["Mon, February 12, 2018"]


# Words, numbers and separators where the finder's shortcuts could go wrong: cases, glued
# numbers ("21stMay"), money, possessives, hyphens, commas, line breaks, non-ASCII letters
# and digits, and words that only look like dates ("Sun", "know", "nowhere").
_FUZZ_WORDS = (
    "said the of on in a to and , - \u2013 \u2014 . ; ( ) \" ' \u2019 $ / 3 12 2018 1990s '80s 80's 90s "
    "mid-1990s mid-february Mid-March early-May late-2018 May March may march Jan. Feb Sept. Dec "
    "Monday MONDAY Mondays Monday's monday Friday's year years year's year-end YEAR week weekend "
    "last next this past current now know nowhere first-quarter quarter half second-half Spring fall "
    "12/3/2018 2022-02-03 1,000 12345 2018's night overnight tonight today ago earlier X-Thursday "
    "Thursday-Friday \u00e9 Atm\u00e9 between from until 1st 21st twenty-first nineteen A1998 $1990 "
    "5/2018 2018.5 21stMay 1990sMay 3rdyear 2018'sweek $1990stMay 5thursday 1990sunday "
    "\u0662\u0660\u0661\u0668 \u0130year \u212anow \u017fnow three days Sun Wed. Tues, April 25, 1998"
).split(" ")
_FUZZ_GAPS = (" ", " ", " ", "", "  ", "\n", "\n\n", "\r\n", "\t", "\u00a0", ", ", ". ")


def test_date_runs_are_the_whole_text_scan_s_runs_that_hold_a_date_word():
    import random

    from store.grounding.date_finder import _date_runs, _runs

    def dated(runs):
        return [run for run in runs if any(kind in ("anchor", "month") for _, _, kind in run)]

    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(_FUZZ_WORDS) + rng.choice(_FUZZ_GAPS) for _ in range(rng.randint(1, 40)))
        assert dated(_date_runs(text)) == dated(_runs(text)), text
