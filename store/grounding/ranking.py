"""Ranking gazetteer entries for one name: which place a writer most likely meant.

A score is a sum of stated parts so a coder can read why a place won:
- a prior: how often a name means this entry when nothing else is known —
  log10 of its population plus a bonus for its kind (a country or province is
  named far more often than a village of the same size);
- the document's country, when the coder or the article gives one;
- nearness to the document's other places (local news names places near each
  other: "Alexandria" beside "Rapides Parish" is Alexandria, Louisiana), and
  the provinces or states the document names;
- an editor-added place, which exists because a coder needed it.
Loose matches are scored the same way but are never the pick.
"""

from __future__ import annotations

import math

from store.grounding.folding import fold, strip_diacritics

FEATURE_BONUS = {"RGN": 6.0, "CONT": 2.0, "PCLI": 3.0, "ADM1": 2.5, "ADM2": 1.5, "PPLC": 1.0, "PPL": 0.0}
COUNTRY_BONUS = 3.0
# A country read off the document's other names, not stated by the coder.
INFERRED_COUNTRY_BONUS = 1.5
NEAR_BONUS = 4.0
NEAR_SCALE_KM = 120.0
# The most one other name can add to a place's backing.
SUPPORT_SHARE = 0.6
# A province or country is backed by places much farther from its centre.
SUPPORT_SCALE_KM = {"ADM1": 400.0, "RGN": 400.0, "PCLI": 1500.0, "CONT": 3000.0}
ADMIN1_BONUS = 3.0
EDITOR_PRIOR = 6.0
MAIN_NAME_BONUS = 1.5
EARTH_RADIUS_KM = 6371.0088


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lon) points in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def prior(row: dict) -> float:
    """How likely this entry is meant when nothing else is known."""
    population = row.get("population") or 0
    base = math.log10(population + 1) + FEATURE_BONUS.get(row.get("feature") or "PPL", 0.0)
    if row.get("editor"):
        # An editor added it for this project: it outranks a same-named town
        # of any size elsewhere, and loses only to the document's context.
        return max(base, EDITOR_PRIOR) + 1.0
    return base


def unit_vector(point: tuple[float, float]) -> tuple[float, float, float]:
    """A (lat, lon) point on the unit sphere: the nearest of many points is then
    the one with the largest dot product, with no trigonometry per pair."""
    lat, lon = math.radians(point[0]), math.radians(point[1])
    return (math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat))


def _chord_km(dot: float) -> float:
    """Great-circle distance for the dot product of two unit vectors."""
    chord = math.sqrt(max(0.0, 2.0 - 2.0 * dot))
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, chord / 2))


def support(point: tuple[float, float], neighbours,
            scale_km: float | None = None) -> tuple[float, float | None]:
    """How much the document's other names back a place at `point`.

    `neighbours` holds, per other name, its candidates as unit vectors
    (`neighbour_points`) and how many times the name is among the neighbours
    (`backing`). Each name counts by its candidate closest to the point, so one
    wrong pick elsewhere does not mislead; the backing of all names saturates
    at 1. (Weighting a name's candidates by their own scores was tried and did
    worse on LGL.) Returns (support in 0..1, distance to the closest backing
    candidate)."""
    scale = scale_km or NEAR_SCALE_KM
    x, y, z = unit_vector(point)
    remaining, best_dot = 1.0, None
    for points, times in neighbours:
        if not points:
            continue
        dot = max(x * px + y * py + z * pz for px, py, pz in points)
        best_dot = dot if best_dot is None else max(best_dot, dot)
        remaining *= (1.0 - SUPPORT_SHARE * math.exp(-_chord_km(dot) / scale)) ** times
    return 1.0 - remaining, None if best_dot is None else _chord_km(best_dot)


def support_memo(names, memo: dict, code, point: tuple[float, float],
                 scale_km: float | None) -> tuple[float, float | None]:
    """`support` for neighbours given as `names`, three parallel sequences: the
    names' keys, their points and how many times each is near (None when each
    is near once). Each (point,
    scale) pair's closeness to a name is remembered in `memo` (the same two
    names meet again further on and in the next article), and the names are
    read off with `map`, not a Python loop. The same arithmetic in the same
    order as `support`, so the same figures to the last bit. (Arguments in
    this order so a `functools.partial` over the first three is `support_of`.)"""
    keys, point_lists, times = names
    scale = scale_km or NEAR_SCALE_KM
    here = memo.get((point, scale, code))
    if here is None:
        here = memo[(point, scale, code)] = ({}, {}, {})
    if not keys:
        return 0.0, None
    # Per name: the dot product with its closest point, that distance, and the
    # factor it leaves of the place's want of backing.
    dots, distances, factors = here
    found = list(map(factors.get, keys))
    if None in found:
        x, y, z = unit_vector(point)
        for key, points in zip(keys, point_lists):
            if key not in factors:
                dot = dots[key] = max(x * px + y * py + z * pz for px, py, pz in points)
                distance = distances[key] = _chord_km(dot)
                factors[key] = 1.0 - SUPPORT_SHARE * math.exp(-distance / scale)
        found = list(map(factors.__getitem__, keys))
    if times is None:
        remaining = math.prod(found)
    else:
        remaining = 1.0
        for factor, count in zip(found, times):
            remaining *= factor if count == 1 else factor ** count
    # Dot products of unit vectors: the largest is the closest (the first such name).
    return 1.0 - remaining, distances[max(keys, key=dots.__getitem__)]


def backing(point_lists) -> list[tuple[list, int]]:
    """Other names' backing points, each distinct list once with how often it
    occurs (a name repeated nearby backs as often, computed once)."""
    grouped: dict[int, list] = {}
    for points in point_lists:
        if points:
            entry = grouped.setdefault(id(points), [points, 0])
            entry[1] += 1
    return [(points, times) for points, times in grouped.values()]


def neighbour_points(candidates) -> list[tuple[float, float, float]]:
    """A name's candidates as backing points (unit vectors). Countries and
    provinces back through their names (admin1s), not their far-off centroids."""
    return [unit_vector((c["latitude"], c["longitude"])) for c in candidates
            if c.get("latitude") is not None
            and c.get("feature") not in ("PCLI", "ADM1", "CONT", "RGN")]


def score(row: dict, *, country: str | None = None, near=(), admin1s=(),
          neighbours=(), inferred_country: str | None = None,
          support_of=None) -> tuple[float, list[str]]:
    """The entry's score for this document, and the parts that made it.
    `support_of(point, scale_km)`, when given, stands in for `support(point,
    neighbours, scale_km)` (a remembering one: a partial of `support_memo`)."""
    total = prior(row)
    why = [f"prior {total:.1f}" + (" (editor's place)" if row.get("editor") else "")]
    if country and row.get("country") == country:
        total += COUNTRY_BONUS
        why.append(f"in {country}")
    elif inferred_country and row.get("country") == inferred_country:
        total += INFERRED_COUNTRY_BONUS
        why.append(f"in {inferred_country}, like the document's other places")
    if admin1s and row.get("admin1") and (row.get("country"), row["admin1"]) in admin1s:
        total += ADMIN1_BONUS
        why.append(f"in {row['admin1']}, named in the document")
    point = point_of(row)
    if near and point is not None:
        closest = min(haversine_km(point, other) for other in near)
        bonus = NEAR_BONUS * math.exp(-closest / NEAR_SCALE_KM)
        if bonus >= 0.1:
            total += bonus
            why.append(f"{closest:.0f} km from the document's other places")
    if neighbours and point is not None:
        scale = SUPPORT_SCALE_KM.get(row.get("feature"))
        backing, closest = (support_of(point, scale) if support_of is not None
                            else support(point, neighbours, scale))
        if backing >= 0.05:
            total += NEAR_BONUS * backing
            why.append(f"backed by the document's other places ({closest:.0f} km)")
    return total, why


def plain(name: str) -> str:
    """A name as written, less case, accents and periods: "St. Louis" -> "st louis"."""
    # Compatibility decomposition leaves ASCII as it is: no need to run it.
    return (name if name.isascii() else strip_diacritics(name)).casefold().replace(".", "").strip()


def name_bonus(row: dict, key: str, folded_name: str) -> tuple[float, str | None]:
    """What matching by the place's own name (rather than an alternate one)
    is worth. A place called this outranks one that merely lists it among
    alternate names (a historic or foreign name); a county reached by its
    bare name ("Arlington" for Arlington County) also loses its kind's bonus,
    so the town of that name stays the pick."""
    if folded_name == key:
        return MAIN_NAME_BONUS, None
    if row.get("feature") == "ADM2":
        return -FEATURE_BONUS["ADM2"], "by an alternate name"
    return 0.0, "by an alternate name"


def scored_candidate(row: dict, key: str, **context) -> dict:
    """One entry found under `key`, scored in `context` (`score`'s keywords) with its name
    bonus, as a candidate: the ranking entry by entry."""
    total, why = score(row, **context)
    bonus, note = name_bonus(row, key, fold(row["name"] or ""))
    if note:
        why.append(note)
    return candidate(row, total + bonus, why, False)


def point_of(row: dict) -> tuple[float, float] | None:
    lat, lon = row.get("latitude"), row.get("longitude")
    if isinstance(lat, (int, float)) and isinstance(lon, (int, float)):
        return float(lat), float(lon)
    return None


def candidate(row: dict, total: float, why: list[str], loose: bool) -> dict:
    """The candidate shape callers see."""
    out = candidate_fields(row)
    out["score"] = round(total, 3)
    out["why"] = ("loose match: " if loose else "") + "; ".join(why)
    out["loose"] = loose
    return out


def candidate_fields(row: dict) -> dict:
    """The candidate's fields that depend on the row alone: all but score, why and loose."""
    return {
        "name": row.get("name"), "id": row.get("id"), "geonameid": row.get("geonameid"),
        "country": row.get("country"), "admin1": row.get("admin1"),
        "admin2": row.get("admin2"), "latitude": row.get("latitude"),
        "longitude": row.get("longitude"), "feature": row.get("feature"),
        "population": row.get("population") or 0,
    }


def label(entry: dict) -> str:
    """How a coder reads a candidate: "Atme, Idlib, SY"."""
    parts = [entry.get("name"), entry.get("admin2"), entry.get("admin1"), entry.get("country")]
    seen: list[str] = []
    for part in parts:
        if part and part not in seen:
            seen.append(str(part))
    return ", ".join(seen)
