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


def entries(rows, key: str, limit: int) -> tuple[Entry, ...]:
    """The rows found by `key` as entries; when there are more than `limit`, the
    `limit` of highest prior (ties in row order)."""
    out = []
    for row in rows:
        bonus, note = ranking.name_bonus(row, key, fold(row["name"] or ""))
        admin1 = row.get("admin1")
        out.append(Entry(row, ranking.prior(row), ranking.point_of(row),
                         ranking.SUPPORT_SCALE_KM.get(row.get("feature")), row.get("country"),
                         (row.get("country"), admin1) if admin1 else None, bonus, note))
    if len(out) > limit:
        out = sorted(out, key=lambda e: -e.prior)[:limit]
    return tuple(out)


def rank(ranked: tuple[Entry, ...], *, country: str | None, inferred: str | None, admin1s,
         neighbours, support_of, limit: int) -> list[dict]:
    """The `limit` best candidates (`ranking.candidate` dicts), best first, ties in
    entry order: `ranking.score` plus the name bonus for each entry, with
    `support_of(point, scale_km=...)` (or `ranking.support` over `neighbours`) for
    the backing of the document's other names."""
    totals = []
    for index, entry in enumerate(ranked):
        total = entry.prior
        if country and entry.country == country:
            total += ranking.COUNTRY_BONUS
        elif inferred and entry.country == inferred:
            total += ranking.INFERRED_COUNTRY_BONUS
        if admin1s and entry.admin1 is not None and entry.admin1 in admin1s:
            total += ranking.ADMIN1_BONUS
        backed = None
        if neighbours and entry.point is not None:
            backed = (support_of(entry.point, scale_km=entry.scale) if support_of is not None
                      else ranking.support(entry.point, neighbours, entry.scale))
            if backed[0] >= 0.05:
                total += ranking.NEAR_BONUS * backed[0]
            else:
                backed = None
        total += entry.name_bonus
        totals.append((-round(total, 3), index, total, backed))
    totals.sort(key=lambda t: t[0])
    return [_candidate(ranked[index], total, backed, country, inferred, admin1s)
            for _, index, total, backed in totals[:limit]]


def _candidate(entry: Entry, total: float, backed, country, inferred, admin1s) -> dict:
    """The candidate with the why `ranking.score` and `ranking.name_bonus` give."""
    row = entry.row
    why = [f"prior {entry.prior:.1f}" + (" (editor's place)" if row.get("editor") else "")]
    if country and entry.country == country:
        why.append(f"in {country}")
    elif inferred and entry.country == inferred:
        why.append(f"in {inferred}, like the document's other places")
    if admin1s and entry.admin1 is not None and entry.admin1 in admin1s:
        why.append(f"in {row['admin1']}, named in the document")
    if backed is not None:
        why.append(f"backed by the document's other places ({backed[1]:.0f} km)")
    if entry.note:
        why.append(entry.note)
    return ranking.candidate(row, total, why, False)
