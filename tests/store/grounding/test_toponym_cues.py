"""The cues around a name that say it is a place: "near X", "the town of X", "X province"."""

from __future__ import annotations

import pytest

from store.grounding.toponyms import cue_after, cue_before, words


@pytest.mark.parametrize("before, cue", [
    ("Fighting near ", "near"),
    ("They reached the town of ", "the town of"),  # the longer cue, listed first, wins
    ("a market in the village of ", "the village of"),
    ("Aid went to ", "to"),
    ("near ", "near"),  # the text's first words
    ("in the north of ", "north of"),
    ("Fighting near", None),  # no space before the name
    ("Fighting nearby ", None),
    ("Fighting  ", None),
    ("Stolen town of ", "town of"),
])
def test_a_cue_before_is_the_listed_words_ending_just_before_the_name(before, cue):
    text = before + "Atme was hit."
    assert cue_before(text, len(before)) == cue


@pytest.mark.parametrize("after, cue", [
    (" province was hit", "province"),
    (" Province.", "province"),
    (" provinces", None),  # another word
    (" village", "village"),
    (" neighbourhood, on", "neighbourhood"),
    ("province", None),
    (" towns", None),
    (" town-hall", "town"),
])
def test_a_cue_after_is_a_place_noun_just_after_the_name(after, cue):
    text = "Idlib" + after
    assert cue_after(text, len("Idlib")) == cue


def test_words_carry_exact_offsets_and_their_bare_end():
    text = "Henry’s men reached N.Y. and St. John's."
    found = words(text)
    assert all(text[w.start:w.end] == w.text for w in found)
    bare = {w.text: text[w.start:w.bare_end] for w in found}
    assert bare["Henry’s"] == "Henry"
    assert bare["John's."] == "John"
    assert bare["N.Y."] == "N.Y"
