"""One document, every suggester: sorted, de-duplicated, rejected ones gone, capped."""

from __future__ import annotations

from store.suggest.learned import LearnedPatterns
from store.suggest.run import rejection_key, suggest_document

TEXT = ("At least 13 people were killed in Atme, the Syrian Observatory said. "
        "HTS holds the area.")


def test_all_suggesters_sorted_by_start():
    out = suggest_document(TEXT, learned=LearnedPatterns([{"label": "Location", "quote": "Atmé", "author": "e"}]))
    assert out == sorted(out, key=lambda s: (s.start, s.end, s.label))
    labels = {s.label for s in out}
    assert {"Killed", "Claim", "Actor", "Location"} <= labels
    for s in out:
        assert TEXT[s.start:s.end] == s.quote


def test_rejected_words_are_not_offered_again_in_any_spelling():
    out = suggest_document(TEXT, learned=LearnedPatterns([{"label": "Location", "quote": "Atme", "author": "e"}]),
                           rejected=frozenset({rejection_key("Location", "Atmé"), rejection_key("Actor", "HTS")}))
    assert not [s for s in out if s.label in ("Location", "Actor")]


def test_a_learned_span_duplicating_the_actor_list_appears_once():
    out = suggest_document(TEXT, learned=LearnedPatterns([{"label": "Actor", "quote": "HTS", "author": "e"}]))
    assert [s.suggester for s in out if s.quote == "HTS"] == ["actors"]


def test_the_cap_keeps_the_first_in_reading_order():
    out = suggest_document(TEXT, cap=2)
    assert len(out) == 2 and out[0].start == 0


def test_nothing_for_no_text():
    assert suggest_document("") == [] and suggest_document(None) == []
