"""The place suggester's caches change nothing: the same mentions, values and scores."""

import random
from pathlib import Path

from store.grounding import places, ranking
from store.grounding.gazetteer import open_gazetteer

SEEDS = sorted((Path(__file__).resolve().parents[3] / "seeds").glob("*.txt"))


def _uncached(gazetteer):
    """The same index with nothing remembered between or within articles."""
    plain = open_gazetteer(gazetteer.path, build=False)
    plain.derived_cache = None
    real_lookup = plain.lookup

    def lookup(keys):
        plain._lookup_cache.clear()
        return real_lookup(keys)

    plain.lookup = lookup
    return plain


def test_seed_places_are_identical_with_and_without_the_caches(tiny_gazetteer):
    plain = _uncached(tiny_gazetteer)
    try:
        texts = [p.read_text(encoding="utf-8") for p in SEEDS]
        assert texts
        grounded = 0
        for text in texts + texts:  # the second round meets warm caches
            cached = places.find_places(text, tiny_gazetteer)
            assert cached == places.find_places(text, plain)
            grounded += sum(1 for m in cached if m.chosen and "backed by" in m.chosen["why"])
            for mention in cached:
                assert text[mention.start:mention.end] == mention.quote
        assert grounded >= 10  # names that backed each other: the remembered paths ran
    finally:
        plain.close()


def test_support_memo_is_support_to_the_last_bit():
    rng = random.Random(7)
    memo: dict = {}
    names = {f"name{i}": [ranking.unit_vector((rng.uniform(-60, 60), rng.uniform(-180, 180)))
                          for _ in range(rng.randint(1, 25))] for i in range(12)}
    for _ in range(300):
        point = (round(rng.uniform(-60, 60), 3), round(rng.uniform(-180, 180), 3))
        chosen = rng.sample(sorted(names), rng.randint(1, 8))
        most = rng.choice([1, 3])
        terms = [(key, names[key], rng.randint(1, most)) for key in chosen]
        scale = rng.choice([None, 400.0, 1500.0])
        expected = ranking.support(point, [(pts, times) for _, pts, times in terms], scale)
        keys, points, times = zip(*terms)
        parallel = (keys, points, None if most == 1 else times)  # None: each near once
        assert ranking.support_memo(parallel, memo, None, point, scale) == expected
        assert ranking.support_memo(parallel, memo, None, point, scale) == expected  # remembered
    assert ranking.support_memo(((), (), ()), memo, None, (1.0, 2.0), None) == (0.0, None)


def test_lookup_answers_the_same_from_its_cache(tiny_gazetteer):
    keys = ["aleppo", "idlib", "nowhere at all", "atme"]
    first = tiny_gazetteer.lookup(keys)
    again = tiny_gazetteer.lookup(reversed(keys))
    assert first == again
    for rows in again.values():
        rows.append({"id": "changed by a caller"})
    assert tiny_gazetteer.lookup(keys) == first


def test_nearby_names_are_those_one_distance_at_a_time_gives():
    rng = random.Random(3)
    for _ in range(500):
        keys = [rng.choice("abcdefghij"[:rng.randint(1, 10)]) for _ in range(rng.randint(1, 70))]
        for index in range(len(keys)):
            assert places._nearby(keys, index) == places._nearby_far(keys, index)


def test_ranking_for_the_pick_alone_picks_the_same_to_the_last_bit(tiny_gazetteer):
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    backed = 0
    for text in texts:
        for keep_weak in (False, True):
            full = places.find_places(text, tiny_gazetteer, keep_weak=keep_weak)
            top = places.find_places(text, tiny_gazetteer, keep_weak=keep_weak, top_only=True)
            assert [(m.start, m.end, m.chosen, m.why, m.cue) for m in top] == \
                [(m.start, m.end, m.chosen, m.why, m.cue) for m in full]
            assert all(m.candidates == ((m.chosen,) if m.chosen else ()) for m in top)
            backed += sum(1 for m in top if m.chosen and "backed by" in m.chosen["why"])
    assert backed >= 10
