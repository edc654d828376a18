"""Cursor motions over exact text: clusters, words, sentences, paragraphs."""

from __future__ import annotations

from tui.document import motions as m


def steps_forward(text: str) -> list[str]:
    out, o = [], 0
    while o < len(text):
        n = m.next_grapheme(text, o)
        out.append(text[o:n])
        o = n
    return out


def steps_back(text: str) -> list[str]:
    out, o = [], len(text)
    while o > 0:
        p = m.prev_grapheme(text, o)
        out.append(text[p:o])
        o = p
    return out[::-1]


def test_one_step_per_grapheme_cluster():
    text = "a👨‍👩‍👧b🇫🇷🇩🇪e\u0301كَتَبَ\r\nक्षि"
    expected = ["a", "👨‍👩‍👧", "b", "🇫🇷", "🇩🇪", "e\u0301", "كَ", "تَ", "بَ", "\r\n", "क्षि"]
    assert steps_forward(text) == expected
    assert steps_back(text) == expected


def test_flags_pair_up_even_when_stepping_back_from_the_middle_of_a_run():
    text = "x" + "🇫🇷🇩🇪🇮🇹" * 3
    assert steps_back(text) == steps_forward(text)


def test_boundary_snaps_into_a_cluster_start():
    text = "ab👨‍👩‍👧c"
    assert m.boundary_at_or_before(text, 4) == 2
    assert m.boundary_at_or_before(text, 2) == 2
    assert m.boundary_at_or_before(text, len(text)) == len(text)


def test_words_forward_back_and_end():
    text = "Gunmen attacked Kabul's market, killing 12."
    stops, o = [], 0
    while o < len(text):
        o = m.next_word(text, o)
        stops.append(text[o:o + 3])
    assert stops == ["att", "Kab", "'s ", "s m", "mar", ", k", "kil", "12.", ".", ""]
    back, o = [], len(text)
    while o > 0:
        o = m.prev_word(text, o)
        back.append(o)
    assert back[::-1] == sorted(set(back))
    assert text[back[-2]:back[-2] + 6] == "attack"
    end = m.word_end(text, 0)
    assert text[: end + 1] == "Gunmen"


def test_an_emoji_sequence_is_a_single_word_stop():
    text = "hi 👨‍👩‍👧 there"
    assert m.next_word(text, 0) == 3
    assert m.next_word(text, 3) == text.index("there")


def test_sentences_and_paragraphs():
    text = 'One. "Two?" Three!\n\nFour.\nFive'
    o, stops = 0, []
    while o < len(text):
        o = m.next_sentence(text, o)
        stops.append(text[o:o + 4])
    assert stops == ['"Two', "Thre", "Four", "Five", ""]
    assert m.prev_sentence(text, text.index("Three") + 2) == text.index("Three")
    assert m.prev_sentence(text, text.index("Three")) == text.index('"Two')
    assert m.next_paragraph(text, 0) == text.index("Four")
    assert m.next_paragraph(text, text.index("Four")) == text.index("Five")
    assert m.prev_paragraph(text, text.index("Five")) == text.index("Four")
    assert m.prev_paragraph(text, 3) == 0


def test_motions_on_a_huge_text_without_newlines():
    text = "word " * 400_000
    assert m.next_word(text, 1_000_000) == 1_000_005
    assert m.prev_word(text, 1_000_000) == 999_995
    assert m.next_paragraph(text, 10) == len(text)
    assert m.prev_sentence(text, 1_500_000) == 0
    assert m.prev_grapheme(text, 2_000_000) == 1_999_999
