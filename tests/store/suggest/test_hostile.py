"""Text no article should look like still gives bounded, exact suggestions quickly."""

from __future__ import annotations

import time

import pytest

from store.suggest.learned import LearnedPatterns
from store.suggest.run import suggest_document

LEARNED = LearnedPatterns([{"label": "Location", "quote": "Atme", "author": "e"},
                           {"label": "Actor", "quote": "Killed Said", "author": "e"}])

HOSTILE = {
    "no sentences": "killed wounded said according to " * 2_000,
    "a 2 MB line": ("at least 13 people were killed and officials said that " * 40_000)[:2_000_000],
    "every word capitalised": " ".join(["At Least Thirteen People Were Killed, Officials Said"] * 20_000),
    "thousands of numbers": " ".join(f"{i} killed" if i % 7 == 0 else str(i) for i in range(50_000)),
    "markup and escapes": ("<p class=\"x\">\x1b[31m13 killed</span>\x1b[0m &quot;ok&quot; said "
                           "<b>Kirby</b>\u202e\u200b\r\n") * 5_000,
    "only punctuation": "\"\u201c\u201d,.;:!?-" * 100_000,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_bounded_exact_and_fast(name):
    text = HOSTILE[name]
    started = time.process_time()
    out = suggest_document(text, learned=LEARNED, accepted_actors=["Officials"], cap=1000)
    elapsed = time.process_time() - started
    assert elapsed < 20, f"{name}: {elapsed:.1f} s"
    assert len(out) <= 1000
    assert out == sorted(out, key=lambda s: (s.start, s.end, s.label))
    for s in out:
        assert text[s.start:s.end] == s.quote
        for part in s.parts:
            assert text[part.start:part.end] == part.quote
