"""What a label key takes with nothing selected: the rule's phrase at the cursor, else the word."""

from __future__ import annotations

import pytest

from tui.document.phrases import phrase_at

TEXT = ("At least 13 people, mostly women and children, were killed in a raid by "
        "helicopter-borne US special operations troops in Syria’s northwestern Idlib Province. "
        "The Doha-based Al Jazeera broadcaster said on Wednesday night that Abu Fahed al-Homsi "
        "saw dozens of bodies.")


@pytest.mark.parametrize("label, at, want", [
    ("Killed", "13", "At least 13"), ("Killed", "least", "At least 13"),
    ("Injured", "dozens", "dozens"),
    ("Target", "children", "women and children"),
    ("Actor", "US special", "US special operations troops"),
    ("Location", "Province", "Idlib Province"), ("Location", "Syria’s", "Syria"),
    ("Speaker", "Jazeera", "Al Jazeera"), ("Speaker", "Doha", "Doha"),
    ("Speaker", "Homsi", "Abu Fahed al-Homsi"),
    ("Date", "night", "Wednesday night"),
    ("Trigger", "raid", "raid"), ("Claim", "bodies", "bodies"),
])
def test_the_phrase_a_label_takes(label, at, want):
    start, end = phrase_at(label, TEXT, TEXT.index(at))
    assert TEXT[start:end] == want


def test_off_the_text_there_is_nothing_to_take():
    assert phrase_at("Killed", TEXT, len(TEXT)) is None
