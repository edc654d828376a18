"""Actors from the list, with their ACLED kind, and from spans coders accepted."""

from __future__ import annotations

import re
import time

from store.suggest.actors import suggest_actors
from store.suggest.actors_list import ACTORS


def found(text, accepted=()):
    out = suggest_actors(text, accepted)
    for s in out:
        assert text[s.start:s.end] == s.quote and s.label == "Actor"
    return [(s.quote, s.value["name"], s.value["kind"]) for s in out]


def test_named_groups_and_forces_with_their_kind():
    text = ("The raid by US special operations troops targeted an al-Qaeda leader in an area held by "
            "Hay\u2019at Tahrir al-Sham (HTS), while SDF fighters fought IS militants.")
    assert found(text) == [
        ("US special operations troops", "US forces", "External/Other forces"),
        ("al-Qaeda", "al-Qaeda", "Rebel group"),
        ("Hay\u2019at Tahrir al-Sham", "Hayat Tahrir al-Sham (HTS)", "Rebel group"),
        ("HTS", "Hayat Tahrir al-Sham (HTS)", "Rebel group"),
        ("SDF", "Syrian Democratic Forces (SDF)", "Rebel group"),
        ("IS", "Islamic State (IS)", "Rebel group"),
    ]


def test_spellings_vary_in_spaces_hyphens_and_case():
    assert [q for q, _, _ in found("Al Qaeda, the US -led coalition and pro-regime  forces")] == [
        "Al Qaeda", "US -led coalition", "pro-regime  forces"]


def test_the_verb_is_is_not_islamic_state():
    assert found("This is what it is.") == []


def test_an_acronym_in_shouted_copy_is_not_a_group():
    assert found("BREAKING: WHAT IS HAPPENING IN THE NORTH TONIGHT") == []


def test_the_longest_spelling_wins():
    assert found("the Islamic State of Iraq and Syria") == [
        ("Islamic State of Iraq and Syria", "Islamic State (IS)", "Rebel group")]


def test_every_spelling_is_found_as_written_and_only_acronyms_keep_their_case():
    for _name, _kind, spellings, _note in ACTORS:
        for spelling in spellings:
            # As written, even where a shorter spelling of another actor is inside it.
            assert spelling in [q for q, _, _ in found(f"Reports of {spelling} fighters.")], spelling
            lowered = [q for q, _, _ in found(f"reports of {spelling.lower()} fighters")]
            if not _has_acronym(spelling):
                assert spelling.lower() in lowered, spelling
            elif not any(s.lower() == spelling.lower() for s in spellings if not _has_acronym(s)):
                assert spelling.lower() not in lowered, spelling


def _has_acronym(spelling):
    return any(sum(c.isupper() for c in word) >= 2 and not any(c.islower() for c in word)
               for word in re.split(r"[\s\-]+", spelling))


def test_a_word_matches_in_any_case_as_python_reads_letters_but_an_acronym_does_not():
    # "ſ" (long s) and "ı" (dotless i) match s and i in any case, so the
    # pattern still reads them past the first letter; the first letter stays exact.
    assert [q for q, _, _ in found("the Daeſh cell and the pro-regıme forces")] == [
        "Daeſh", "pro-regıme forces"]
    assert found("iSIS and sDF") == []


def test_accepted_spans_are_found_again_and_the_list_wins_on_overlap():
    text = "Abu Fahed al-Homsi told the Syrian  Civil Defense that ISIS had left."
    out = found(text, accepted=["Abu Fahed al-Homsi", "syrian civil defense", "ISIS"])
    assert out == [
        ("Abu Fahed al-Homsi", "Abu Fahed al-Homsi", None),
        ("Syrian  Civil Defense", "Syrian  Civil Defense", None),
        ("ISIS", "Islamic State (IS)", "Rebel group"),
    ]


def test_bad_input_stays_bounded_and_exact():
    assert suggest_actors("") == [] and suggest_actors(None) == []
    for text in ("ISIS " * 400_000, "x" * 2_000_000, "\U0001f525 ISIS\r\n\u0301Hamas \x1b[0m<b>SDF</b>"):
        started = time.process_time()
        out = suggest_actors(text, accepted=["x"] * 10)
        assert time.process_time() - started < 5 and len(out) <= 300
        for s in out:
            assert text[s.start:s.end] == s.quote
