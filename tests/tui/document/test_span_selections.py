"""One-key selections: a word, a sentence, up to the punctuation; each grows when pressed again."""

from __future__ import annotations

from tui.document import motions as m
from tui.document.search import DocumentSearch

TEXT = ("He said: “No US casualties were reported,” John Kirby, a spokesman, said. "
        "Al-Qaeda's men fled. 13,000 people left")


def words(span):
    return None if span is None else TEXT[span[0]:span[1]]


def test_select_word_takes_the_word_under_the_cursor_and_grows_by_one_word():
    at = TEXT.index("Kirby") + 2
    first = m.select_word(TEXT, at, None)
    assert words(first) == "Kirby"
    john = m.select_word(TEXT, TEXT.index("John"), None)
    assert words(m.select_word(TEXT, john[0], john)) == "John Kirby"
    # Off a word (on a space or a mark), the next word.
    assert words(m.select_word(TEXT, TEXT.index(" John"), None)) == "John"
    assert m.select_word(TEXT, len(TEXT), None) is None


def test_select_word_keeps_combining_marks_and_stops_at_the_last_word():
    text = "قُتِلَ ثَلَاثَةَ"
    assert words_of(text, m.select_word(text, 1, None)) == "قُتِلَ"
    only = m.select_word(text, 0, (0, len(text)))
    assert only == (0, len(text))  # nothing further: the selection stays


def words_of(text, span):
    return text[span[0]:span[1]]


def test_select_sentence_includes_its_full_stop_not_the_space_after_and_grows():
    first = m.select_sentence(TEXT, TEXT.index("Kirby"), None)
    assert words(first) == "He said: “No US casualties were reported,” John Kirby, a spokesman, said."
    both = m.select_sentence(TEXT, first[0], first)
    assert words(both).endswith("Al-Qaeda's men fled.")
    assert words(m.select_sentence(TEXT, TEXT.index("13,000"), None)) == "13,000 people left"


def test_extend_to_punctuation_stops_before_clause_marks_only():
    start = TEXT.index("No US")
    once = m.extend_to_punctuation(TEXT, start, None)
    assert words(once) == "No US casualties were reported"
    twice = m.extend_to_punctuation(TEXT, once[0], once)
    assert words(twice) == "No US casualties were reported,” John Kirby"
    # Hyphens, apostrophes and a comma inside a number do not stop it.
    assert words(m.extend_to_punctuation(TEXT, TEXT.index("Al-"), None)) == "Al-Qaeda's men fled"
    assert words(m.extend_to_punctuation(TEXT, TEXT.index("13,000"), None)) == "13,000 people left"


def test_the_match_ordinal_counts_from_the_top_in_both_search_modes():
    text = "Idlib, idlib and IDLIB; aa aaa"
    search = DocumentSearch(text)
    assert search.set_query("idlib") == 3
    third = search.first_at_or_after(10)
    assert search.ordinal(third) == 3 and search.ordinal(search.first_at_or_after(0)) == 1
    assert search.set_query("aa") == 2  # self-overlapping: the regex fallback
    assert search.ordinal(search.after(search.first_at_or_after(0))) == 2
