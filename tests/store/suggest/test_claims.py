"""Claims: speaker, cue and content, each an exact span."""

from __future__ import annotations

import random
import re
import time

import pytest

from store.suggest.claims import SENTENCE_WINDOW, _is_abbreviation, _Sentences, suggest_claims


def parts(text):
    out = suggest_claims(text)
    for claim in out:
        assert text[claim.start:claim.end] == claim.quote
        assert claim.label == "Claim" and claim.value is None
        assert [p.label for p in claim.parts] == ["Speaker", "Cue", "Content"]
        for part in claim.parts:
            assert text[part.start:part.end] == part.quote
            assert claim.start <= part.start <= part.end <= claim.end
    return [tuple(p.quote for p in claim.parts) for claim in out]


def test_quotation_then_said_and_a_titled_speaker():
    text = ("\u201cThe mission was successful. There were no US casualties,\u201d "
            "said Pentagon spokesman John Kirby.")
    assert parts(text) == [("Pentagon spokesman John Kirby", "said",
                            "The mission was successful. There were no US casualties")]


def test_straight_quotes_then_speaker_said():
    text = '"The military goal is to defeat ISIS in Syria", White said.'
    assert parts(text) == [("White", "said", "The military goal is to defeat ISIS in Syria")]


def test_speaker_with_an_aside_after_a_quotation():
    text = ("\u201cWe woke up at 1am,\u201d Abu Fahed al-Homsi, a displaced Syrian who lives "
            "nearby, told Al Jazeera on Thursday.")
    assert parts(text) == [("Abu Fahed al-Homsi", "told", "We woke up at 1am")]


@pytest.mark.parametrize(("text", "expected"), [
    ("The Syrian Observatory for Human Rights said that 13 people were killed.",
     ("The Syrian Observatory for Human Rights", "said", "13 people were killed")),
    ("Syria's state media say the coalition has bombed troops in eastern Syria.",
     ("Syria's state media", "say", "the coalition has bombed troops in eastern Syria")),
    ("A USA official told CNN that the attackers crossed the Euphrates.",
     ("A USA official", "told", "the attackers crossed the Euphrates")),
    ("Citing local sources, the Doha-based broadcaster said on Thursday that 13 died.",
     ("the Doha-based broadcaster", "said", "13 died")),
    ("Late on Friday U.S. officials denied the strike hit civilians.",
     ("U.S. officials", "denied", "the strike hit civilians")),
    ("One of the helicopters had to be blown up, an American official said.",
     ("an American official", "said", "One of the helicopters had to be blown up")),
    ("Hamas's spokesman Abu Obeida claimed the group fired the rockets.",
     ("Hamas's spokesman Abu Obeida", "claimed", "the group fired the rockets")),
    ("A spokesman for the Syrian Civil Defense confirmed two rescuers were hurt.",
     ("A spokesman for the Syrian Civil Defense", "confirmed", "two rescuers were hurt")),
])
def test_reported_speech(text, expected):
    assert parts(text) == [expected]


def test_a_relative_clause_between_speaker_and_cue():
    text = ("A USA military official who spoke on condition of anonymity said the bombing "
            "killed about 100 troops, but Veale said the military did not have an exact number.")
    assert parts(text) == [
        ("A USA military official", "said", "the bombing killed about 100 troops"),
        ("Veale", "said", "the military did not have an exact number"),
    ]


@pytest.mark.parametrize(("text", "expected"), [
    ("According to Sputnik, a number of US soldiers were injured.",
     ("Sputnik", "According to", "a number of US soldiers were injured")),
    ("The strikes were carried out in self-defense, according to officials.",
     ("officials", "according to", "The strikes were carried out in self-defense")),
])
def test_according_to(text, expected):
    assert parts(text) == [expected]


def test_no_speaker_no_claim():
    assert parts("It was said that the town fell.") == []
    assert parts('The evacuated men had worked as "informants" for years.') == []


def test_the_united_states_is_not_a_cue():
    assert parts("Russia criticised the United States military presence in Syria.") == []


def test_offsets_hold_with_emoji_combining_marks_and_crlf():
    text = "\U0001f4e2 Atme\u0301\r\nThe Observatory said that 13 people were killed \U0001f622.\r\nNext."
    assert parts(text) == [("The Observatory", "said", "13 people were killed \U0001f622")]


def test_bad_input_stays_bounded():
    assert suggest_claims("") == [] and suggest_claims(None) == []
    hostile = [
        "a" * 2_000_000,
        "said " * 400_000,
        " ".join(["Every Word Said Capitalised According To Officials"] * 40_000),
        '"x said y" said Kirby, ' * 80_000,
        "<b>\x1b[1mOfficials said</b> \x1b[0mthe <i>town</i> fell.",
    ]
    for text in hostile:
        started = time.process_time()
        out = suggest_claims(text)
        assert time.process_time() - started < 5
        assert len(out) <= 100
        for claim in out:
            assert text[claim.start:claim.end] == claim.quote


@pytest.mark.parametrize(("text", "expected"), [
    ("BAGHDAD (Reuters) - A suicide bomber killed 32 people, police sources said.",
     ("police sources", "said", "A suicide bomber killed 32 people")),
    ("Two police officers were among the dead, a police source told Reuters.",
     ("a police source", "told", "Two police officers were among the dead")),
    ("The prime minister ordered an investigation, his office said in a statement.",
     ("his office", "said", "The prime minister ordered an investigation")),
    ("Gunmen shot dead a man in Kirkuk, security officials said, and three soldiers were hurt.",
     ("security officials", "said", "Gunmen shot dead a man in Kirkuk")),
    ("No soldiers were killed, the army said in a statement, but two were wounded.",
     ("the army", "said", "No soldiers were killed")),
    ("Security forces killed four of the attackers, said Mohamed Hussein, a government spokesman.",
     ("Mohamed Hussein", "said", "Security forces killed four of the attackers")),
])
def test_the_claim_before_the_attribution(text, expected):
    assert parts(text) == [expected]


def test_an_accusation_is_a_claim():
    assert parts("Moscow accused the U.S. military of being used to oust the regime.") == [
        ("Moscow", "accused", "the U.S. military of being used to oust the regime")]


# A sentence's end as claims has always read it.
_SENTENCE_END = re.compile(r"[.!?][\"\u201d\u2019']?(?=\s)|\n")


def _sentence_searched(text, pos):
    """The reference: the sentence bounds searched for in the windows around `pos`."""
    low = max(0, pos - SENTENCE_WINDOW)
    start = low
    for stop in _SENTENCE_END.finditer(text, low, pos):
        if not _is_abbreviation(text, stop.start()):
            start = stop.end()
    end = min(len(text), pos + SENTENCE_WINDOW)
    for stop in _SENTENCE_END.finditer(text, pos, end):
        if not _is_abbreviation(text, stop.start()):
            end = stop.start()
            break
    return start, end


def test_sentence_bounds_found_once_are_those_searched_for():
    rng = random.Random(4)
    pieces = ["said", "U.S.", "Mr.", "Dr. ", "a", ". ", "!", "? ", ".\u201d ", ".' ", ".\"x", "\n", " ", "  ", "!\n", ".\t",
              "?\u2019\n", "..", ".!",
              "x" * (SENTENCE_WINDOW // 3), "St.", "K. ", "e.g. "]
    for _ in range(400):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        sentences = _Sentences(text)
        for pos in range(len(text) + 1):
            assert sentences.around(pos) == _sentence_searched(text, pos), (text, pos)
