"""Ranking a name's entries once worked out is `ranking.score` plus the name bonus, to the last bit."""

import random

from store.grounding import entry_ranking, ranking
from store.grounding.folding import fold

FEATURES = ["PPL", "PPLC", "ADM1", "ADM2", "PCLI", "RGN", None]


def _row(rng, i):
    row = {"id": f"r{i}", "name": rng.choice(["Springfield", "Springfeld", "Sprïngfield", "Old Town"]),
           "country": rng.choice(["US", "GB", "SY", None]), "admin1": rng.choice(["IL", "MO", "", None]),
           "feature": rng.choice(FEATURES), "population": rng.choice([0, None, 120, 45_000, 2_000_000]),
           "latitude": None, "longitude": None}
    if rng.random() < 0.8:
        row["latitude"], row["longitude"] = rng.uniform(-60, 60), rng.uniform(-180, 180)
    if rng.random() < 0.1:
        row["editor"] = True
    return row


def _scored_one_by_one(rows, key, country, inferred, admin1s, neighbours, limit):
    """The ranking as `ranking.score` gives it, entry by entry."""
    rows = sorted(rows, key=lambda r: -ranking.prior(r))[:10] if len(rows) > 10 else rows
    scored = [ranking.scored_candidate(row, key, country=country, admin1s=admin1s,
                                       neighbours=neighbours, inferred_country=inferred)
              for row in rows]
    scored.sort(key=lambda c: -c["score"])
    return scored[:limit]


def test_rank_is_score_entry_by_entry():
    rng = random.Random(11)
    backed = 0
    for _ in range(400):
        rows = [_row(rng, i) for i in range(rng.randint(1, 14))]
        key = fold("Springfield")
        neighbours = ranking.backing(
            [ranking.unit_vector((rng.uniform(-60, 60), rng.uniform(-180, 180)))
             for _ in range(rng.randint(1, 4))] for _ in range(rng.randint(0, 4)))
        country = rng.choice([None, "US", "SY"])
        inferred = rng.choice([None, "US", "GB"])
        admin1s = rng.choice([set(), {("US", "IL")}, {("US", "MO"), ("GB", "IL")}])
        limit = rng.choice([1, 3, 8])
        expected = _scored_one_by_one(rows, key, country, inferred, admin1s, neighbours, limit)
        ranked = entry_ranking.rank(entry_ranking.entries(rows, key, 10), country=country,
                                    inferred=inferred, admin1s=admin1s, neighbours=neighbours,
                                    support_of=None, limit=limit)
        assert ranked == expected
        backed += sum("backed by" in c["why"] for c in ranked)
    assert backed >= 20  # the neighbours' part ran, not only the entries' own
