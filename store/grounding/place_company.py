"""What the names near a place name give its ranking (store/grounding/places.py).

A name is ranked beside up to `places.MAX_NEIGHBOURS` other names of the
article, closest in the text first. They back it in two ways: the provinces
and states they could be or are (an entry in one of them gains
`ranking.ADMIN1_BONUS`), and their candidates' points (an entry near them
gains up to `ranking.NEAR_BONUS`). Each name counts once, in first-seen order
(the order the backing is multiplied in, so the figures are the same to the
last bit whichever caller asks), as often as it is near.
"""

from __future__ import annotations

import functools

from store.grounding import ranking


def backing(nearby, code, points_by_key, admin1s_by_key, memo) -> tuple:
    """What the names `nearby` give a ranking: the provinces and states they back, and
    their points as `entry_ranking.rank`'s `neighbours` and `support_of`. Each name
    once, in first-seen order, as often as it is near (what `ranking.backing` makes
    of the names' point lists: one list per name)."""
    terms = _terms(nearby)
    admin1s = set().union(*[admin1s_by_key[key] for key in terms])
    if memo is None:
        return admin1s, [(points_by_key[key], times) for key, times in terms.items()
                         if points_by_key[key]], None
    keys = [key for key in terms if points_by_key[key]]
    times = None
    if len(terms) != len(nearby):
        counts = [terms[key] for key in keys]
        if max(counts, default=1) > 1:
            times = counts
    # One partial, not a lambda: one Python call less per entry scored.
    support_of = functools.partial(ranking.support_memo,
                                   (keys, [points_by_key[key] for key in keys], times), memo, code)
    return admin1s, keys, support_of


def _terms(keys) -> dict[str, int]:
    """Each neighbouring name once, in first-seen order, with how often it is near."""
    counts: dict[str, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    return counts
