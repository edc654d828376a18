"""One name's gazetteer entries ranked against many document contexts.

An article's place name is ranked alone, then again beside each set of
neighbouring names (store/grounding/places.py). `ranking.score` works an
entry's score out from scratch each time; here what the score owes to the
entry alone (its prior, point, kind, country, province and name bonus) is
worked out once per name (`entries`), each ranking adds only what the context
gives, and only the candidates kept are built as dicts, with their why. The
parts are added in the order `ranking.score` and `ranking.name_bonus` add
them, so the figures are the same to the last bit.
"""

from __future__ import annotations

from typing import NamedTuple

from store.grounding import ranking
from store.grounding.folding import fold


class Entry(NamedTuple):
    """What one gazetteer row's score owes to the row and the name it was found by."""

    row: dict
    prior: float
    point: tuple[float, float] | None
    scale: float | None
    country: str | None
    admin1: tuple[str, str] | None
    name_bonus: float
    note: str | None
    # The candidate's fields that depend on the row alone, and the why's first part:
    # made once per name, copied per candidate.
    fields: dict
    why_prior: str
    # The suggestion's why for this entry as the pick ("gazetteer: Atme, Idlib, SY").
    why_pick: str


def entries(rows, key: str, limit: int) -> tuple[Entry, ...]:
    """The rows found by `key` as entries; when there are more than `limit`, the
    `limit` of highest prior (ties in row order)."""
    out = []
    for row in rows:
        bonus, note = ranking.name_bonus(row, key, fold(row["name"] or ""))
        admin1 = row.get("admin1")
        prior = ranking.prior(row)
        fields = ranking.candidate_fields(row)
        out.append(Entry(row, prior, ranking.point_of(row),
                         ranking.SUPPORT_SCALE_KM.get(row.get("feature")), row.get("country"),
                         (row.get("country"), admin1) if admin1 else None, bonus, note, fields,
                         f"prior {prior:.1f}" + (" (editor's place)" if row.get("editor") else ""),
                         f"gazetteer: {ranking.label(fields)}"))
    if len(out) > limit:
        out = sorted(out, key=lambda e: -e.prior)[:limit]
    return tuple(out)


def rank(ranked: tuple[Entry, ...], *, country: str | None, inferred: str | None, admin1s,
         neighbours, support_of, limit: int) -> list[dict]:
    """The `limit` best candidates (`ranking.candidate` dicts), best first, ties in
    entry order: `ranking.score` plus the name bonus for each entry, with
    `support_of(point, scale_km)` (or `ranking.support` over `neighbours`) for
    the backing of the document's other names.

    The backing is the costly part, and it can add at most `ranking.NEAR_BONUS`:
    an entry that falls short of the `limit` best even with all of it is not
    worked out (`_within_reach`)."""
    best = _best(ranked, country, inferred, admin1s, neighbours, support_of, limit)
    return [_candidate(ranked[index], total, backed, country, inferred, admin1s)
            for _, index, total, backed in best]


def pick(ranked: tuple[Entry, ...], country: str | None, inferred: str | None, admin1s,
         neighbours, support_of) -> tuple[dict, str]:
    """`rank` with `limit=1`: the best candidate, and the why of a suggestion that picks it
    (taken from its entry, not worked out from the dict)."""
    [(_, index, total, backed)] = _best(ranked, country, inferred, admin1s, neighbours,
                                        support_of, 1)
    entry = ranked[index]
    return _candidate(entry, total, backed, country, inferred, admin1s), entry.why_pick


def _best(ranked, country, inferred, admin1s, neighbours, support_of, limit) -> list[tuple]:
    """`rank`'s `limit` best as (-rounded total, index, total, backing), best first."""
    # (-rounded total, index, total, backing): the sort order, ties in entry order.
    scored = []
    # Entries whose total waits on their backing: (index, total so far, entry).
    waiting = []
    for index, entry in enumerate(ranked):
        _, total, point, _, place_country, admin1, name_bonus, _, _, _, _ = entry
        if country and place_country == country:
            total += ranking.COUNTRY_BONUS
        elif inferred and place_country == inferred:
            total += ranking.INFERRED_COUNTRY_BONUS
        if admin1s and admin1 is not None and admin1 in admin1s:
            total += ranking.ADMIN1_BONUS
        if neighbours and point is not None:
            waiting.append((index, total, entry))
        else:
            total += name_bonus
            scored.append((-round(total, 3), index, total, None))
    if waiting and len(ranked) > limit:
        waiting, bar = _within_reach(waiting, scored, limit)
    else:
        bar = None
    for index, total, entry in waiting:
        if bar is not None and (total + ranking.NEAR_BONUS) + entry.name_bonus < bar:
            continue
        backed = (support_of(entry.point, entry.scale) if support_of is not None
                  else ranking.support(entry.point, neighbours, entry.scale))
        if backed[0] >= 0.05:
            total += ranking.NEAR_BONUS * backed[0]
        else:
            backed = None
        total += entry.name_bonus
        scored.append((-round(total, 3), index, total, backed))
        if limit == 1 and bar is not None:
            # The pick so far raises the bar: what cannot reach it cannot win.
            bar = max(bar, total - _ROUNDING_MARGIN)
    return [min(scored)] if limit == 1 else sorted(scored)[:limit]


#: More than the rounding of a score to three places can move it: an entry this far
#: below others ranks below them whatever the rounding.
_ROUNDING_MARGIN = 0.002


def _within_reach(waiting, scored, limit: int) -> tuple[list, float]:
    """The waiting entries that could still be among the `limit` best, most
    hopeful first, and the bar they must reach. Backing only adds (0 to
    NEAR_BONUS) and adding is monotone in floating point too, so an entry's
    total lies between its total without backing (`low`) and with all of it
    (`high`, added in the same order); an entry whose `high` is below the
    `limit`-th best `low` cannot rank that high."""
    lows = [total for _, _, total, _ in scored]
    lows.extend([total + entry.name_bonus for _, total, entry in waiting])
    bar = (max(lows) if limit == 1 else sorted(lows, reverse=True)[limit - 1]) - _ROUNDING_MARGIN
    within = [w for w in waiting if (w[1] + ranking.NEAR_BONUS) + w[2].name_bonus >= bar]
    if limit == 1 and len(within) > 1:
        within.sort(key=_high, reverse=True)
    return within, bar


def _high(waiting) -> float:
    return (waiting[1] + ranking.NEAR_BONUS) + waiting[2].name_bonus


def _candidate(entry: Entry, total: float, backed, country, inferred, admin1s) -> dict:
    """The candidate with the why `ranking.score` and `ranking.name_bonus` give, in the
    shape `ranking.candidate` gives."""
    why = [entry.why_prior]
    if country and entry.country == country:
        why.append(f"in {country}")
    elif inferred and entry.country == inferred:
        why.append(f"in {inferred}, like the document's other places")
    if admin1s and entry.admin1 is not None and entry.admin1 in admin1s:
        why.append(f"in {entry.row['admin1']}, named in the document")
    if backed is not None:
        why.append(f"backed by the document's other places ({backed[1]:.0f} km)")
    if entry.note:
        why.append(entry.note)
    out = entry.fields.copy()
    out["score"] = round(total, 3)
    out["why"] = "; ".join(why)
    out["loose"] = False
    return out
