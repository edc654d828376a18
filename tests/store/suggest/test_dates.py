"""Date suggestions: label, suggester, value and a why the coder can read on the status line."""

from __future__ import annotations

from store.suggest.base import Suggestion
from store.suggest.dates import suggest_dates

RAID = ("\u201cWe woke up at 1am,\u201d a resident told reporters on Thursday. The helicopters "
        "landed on Wednesday night near Atme.\r\n")


def test_suggestions_are_dates_with_exact_quotes():
    suggestions = suggest_dates(RAID, "2022-02-03")
    assert [s.quote for s in suggestions] == ["Thursday", "Wednesday night"]
    for suggestion in suggestions:
        assert isinstance(suggestion, Suggestion)
        assert suggestion.label == "Date" and suggestion.suggester == "dates"
        assert RAID[suggestion.start:suggestion.end] == suggestion.quote


def test_value_is_the_grounded_interval_and_why_names_rule_article_date_and_flags():
    night = suggest_dates(RAID, "2022-02-03")[1]
    assert (night.value["start"], night.value["end"]) == ("2022-02-02", "2022-02-02")
    assert "weekday" in night.why
    assert "2022-02-02" in night.why and "article date 2022-02-03" in night.why
    assert "night" in night.why


def test_an_undated_article_still_suggests_the_words_but_says_why_there_is_no_value():
    suggestions = suggest_dates("The drone struck on November 2.", None)
    assert [s.quote for s in suggestions] == ["November 2"]
    assert suggestions[0].value["unresolved"] is True
    assert "unresolved" in suggestions[0].why and "year" in suggestions[0].why


def test_json_line_carries_the_value():
    line = suggest_dates(RAID, "2022-02-03")[0].as_json()
    assert line["value"]["start"] == "2022-02-03" and line["label"] == "Date"


def test_no_text_no_suggestions():
    assert suggest_dates("", "2022-02-03") == []
    assert suggest_dates(None) == []
