"""An actor's ACLED kind from its words, and the actor phrase around a word."""

from __future__ import annotations

import pytest

from store.grounding.actor_kinds import actor_phrase, ground_actor_kind
from store.records.validation import ACTOR_KINDS


@pytest.mark.parametrize("words, country, kind", [
    ("US special operations troops", "Syria", "External/Other forces"),
    ("Russian forces", "Ukraine", "External/Other forces"),
    ("Syrian army", "Syria", "State forces"),
    ("Turkish soldiers", "TR", "State forces"),
    ("police", None, "State forces"),
    ("women and children", None, "Civilians"),
    ("residents", None, "Civilians"),
    ("militants", None, "Rebel group"),
    ("al-Qaeda", None, "Rebel group"),
    ("Hay'at Tahrir al-Sham (HTS)", None, "Rebel group"),
    ("ethnic militia", None, "Identity militia"),
    ("gunmen", None, "Political militia"),
    ("protesters", None, "Protesters"),
    ("rioters", None, "Rioters"),
    ("UN peacekeepers", None, "External/Other forces"),
])
def test_kinds_are_acleds_spellings(words, country, kind):
    got = ground_actor_kind(words, country=country)
    assert got["kind"] == kind and got["kind"] in ACTOR_KINDS


def test_forces_of_a_named_state_with_no_country_known_are_not_guessed():
    got = ground_actor_kind("US soldiers")
    assert got["unresolved"] and got["state"] == "US"
    assert ground_actor_kind("Al Jazeera")["unresolved"]  # "Al" is not Albania


def test_the_actor_phrase_around_a_word():
    text = "killed women and children in a raid by helicopter-borne US special operations troops."
    for word in ("women", "children"):
        start, end = actor_phrase(text, text.index(word))
        assert text[start:end] == "women and children"
    start, end = actor_phrase(text, text.index("US"))
    assert text[start:end] == "US special operations troops"
    assert actor_phrase(text, text.index("raid")) is None
