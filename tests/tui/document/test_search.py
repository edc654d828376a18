"""In-document search: same matches as a case-insensitive regex, found locally."""

from __future__ import annotations

import random
import re

from tui.document.search import DocumentSearch


def regex_matches(text: str, query: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(re.escape(query), text, re.IGNORECASE)]


def reference(text: str, query: str) -> list[tuple[int, int]]:
    """Case-insensitive = equal after str.lower(), where that keeps offsets."""
    if len(text.lower()) == len(text) and len(query.lower()) == len(query):
        return [m.span() for m in re.finditer(re.escape(query.lower()), text.lower())]
    return regex_matches(text, query)


def walk(search: DocumentSearch) -> list[tuple[int, int]]:
    first = search.first_at_or_after(0)
    seen = [first]
    while True:
        nxt = search.after(seen[-1])
        if nxt == first:
            return seen
        seen.append(nxt)


def test_agrees_with_lowercase_matching_everywhere():
    rng = random.Random(3)
    alphabet = "abAB Ééİiıß\n"
    for _ in range(200):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        query = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 3)))
        search = DocumentSearch(text)
        expected = reference(text, query)
        assert search.set_query(query) == len(expected), (text, query)
        if expected:
            assert walk(search) == expected, (text, query)
            assert search.in_range(0, len(text)) == expected
            assert search.before(len(text) + 1) == expected[-1]
            assert search.before(0) == expected[-1]  # wraps


def test_self_overlapping_needles_match_like_finditer():
    search = DocumentSearch("aaaaa")
    assert search.set_query("AA") == 2
    assert walk(search) == [(0, 2), (2, 4)]


def test_rows_see_matches_that_straddle_them():
    text = "x Kabul y kabul z"
    search = DocumentSearch(text)
    assert search.set_query("kabul") == 2
    assert search.in_range(4, 5) == [(2, 7)]
    assert search.in_range(7, 10) == []
    assert search.first_at_or_after(3) == (10, 15)
    assert search.before(10) == (2, 7)


def test_offsets_stay_exact_when_lowercasing_would_shift_them():
    text = "İstanbul and istanbul"  # 'İ'.lower() is two code points
    search = DocumentSearch(text)
    assert search.set_query("istanbul") == len(regex_matches(text, "istanbul"))
    for start, end in walk(search):
        assert text[start:end].lower().endswith("stanbul")


def test_empty_query_matches_nothing():
    search = DocumentSearch("abc")
    assert search.set_query("") == 0
    assert search.first_at_or_after(0) is None and search.in_range(0, 3) == []
