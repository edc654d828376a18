"""A labelled span's words turned into the event fields grounding fills, with their source.

`ground_span("date", "Wednesday night", dct="2022-02-03", context=...)` gives
`Grounded(changes={"date_start": "2022-02-02", "date_end": "2022-02-02",
"time_precision": 1}, detail={...})`: the values and, for each, what a
reviewer needs to check them (the words, the article date, the rule, the
flags, for places the ranked candidates). Pure: no database, no Textual.
Nothing is filled from an unresolved result; its `why` is kept instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from store.grounding.countries import country as country_record
from store.grounding.dates import acled_time_precision, resolve_date
from store.grounding.numbers import resolve_number

DATE_FIELDS = ("date_start", "date_end", "time_precision")
PLACE_FIELDS = ("country", "admin1", "admin2", "latitude", "longitude", "gazetteer_id",
                "geo_precision")
COUNT_FIELDS = {
    "killed": ("fatalities_low", "fatalities_best", "fatalities_high"),
    "injured": ("injured_low", "injured_best", "injured_high"),
}
#: An actor's kind, read from the actor's words (store.grounding.actor_kinds).
KIND_FIELDS = {"actor1": ("actor1_kind",), "actor2": ("actor2_kind",)}
#: Which grounded fields each evidence field fills.
GROUNDED_FIELDS = {"date": DATE_FIELDS, "location": PLACE_FIELDS, **COUNT_FIELDS, **KIND_FIELDS}
MAX_CANDIDATES = 8


@dataclass(frozen=True)
class Grounded:
    """What one span grounds to: field -> value, and how (rule, why, flags...)."""

    changes: dict = field(default_factory=dict)
    rule: str | None = None
    detail: dict = field(default_factory=dict)


def ground_span(evidence_field: str, words: str, *, dct: str | None = None, context: str = "",
                gazetteer=None, country: str | None = None) -> Grounded | None:
    """The grounded values for the words that fill `evidence_field`, or None when that
    field is not grounded. An unresolved result fills nothing and says why."""
    if evidence_field == "date":
        return _date(words, dct, context)
    if evidence_field in COUNT_FIELDS:
        return _count(evidence_field, words, context)
    if evidence_field == "location":
        return _place(words, gazetteer, context, country)
    if evidence_field in KIND_FIELDS:
        return _kind(evidence_field, words, country)
    return None


def _kind(evidence_field, words, country) -> Grounded:
    """The actor's ACLED kind; the event's country tells state forces at home from abroad."""
    from store.grounding.actor_kinds import ground_actor_kind

    result = ground_actor_kind(words, country=country)
    detail = {"words": words, "why": result.get("why"), "country": country}
    if result.get("state"):
        detail["state"] = result["state"]
    if result.get("unresolved"):
        return Grounded({}, None, {**detail, "unresolved": True})
    detail["reason"] = result["why"]
    return Grounded({KIND_FIELDS[evidence_field][0]: result["kind"]}, result["rule"], detail)


def _date(words, dct, context) -> Grounded:
    result = resolve_date(words, dct, context)
    detail = {"words": words, "dct": dct, "why": result.get("why"),
              "flags": list(result.get("flags") or [])}
    if result.get("unresolved"):
        return Grounded({}, None, {**detail, "unresolved": True})
    detail["precision"] = result.get("precision")
    changes = {"date_start": result.get("start"), "date_end": result.get("end"),
               "time_precision": acled_time_precision(result)}
    return Grounded({k: v for k, v in changes.items() if v is not None}, result.get("rule"), detail)


def _count(evidence_field, words, context) -> Grounded:
    result = resolve_number(words, context)
    detail = {"words": words, "why": result.get("why")}
    if result.get("unresolved"):
        return Grounded({}, None, {**detail, "unresolved": True})
    detail.update(qualifier=result.get("qualifier"), acled=result.get("acled_fatalities"))
    low, best, high = COUNT_FIELDS[evidence_field]
    # A bound the words do not give stays empty: None is written too, so an
    # earlier span's figure does not linger beside this one's.
    changes = {low: result.get("low"), best: result.get("best"), high: result.get("high")}
    return Grounded(changes, result.get("qualifier"), detail)


def geo_precision(candidate: dict) -> int:
    """ACLED geo_precision: 1 a town, 2 a district (part of a region), 3 a province or country."""
    feature = (candidate.get("feature") or "").upper()
    if feature.startswith("PCL") or feature == "ADM1":
        return 3
    if feature.startswith("ADM"):
        return 2
    return 1


def place_changes(candidate: dict) -> dict:
    """The event fields one gazetteer candidate fills."""
    record = country_record(candidate.get("country")) if candidate.get("country") else {}
    gid = candidate.get("geonameid")
    return {
        "country": record.get("name") if isinstance(record, dict) else None,
        "admin1": candidate.get("admin1"), "admin2": candidate.get("admin2"),
        "latitude": candidate.get("latitude"), "longitude": candidate.get("longitude"),
        "gazetteer_id": f"geonames:{gid}" if gid else candidate.get("id"),
        "geo_precision": geo_precision(candidate),
    }


def _place(words, gazetteer, context, country) -> Grounded:
    from store.grounding.places import resolve_place

    result = resolve_place(words, gazetteer, country=country, context=context)
    candidates = [_slim(c) for c in (result.get("candidates") or [])][:MAX_CANDIDATES]
    offers = [_slim(c) for c in (result.get("did_you_mean") or [])][:MAX_CANDIDATES]
    detail = {"words": words, "why": result.get("why"), "candidates": candidates,
              "did_you_mean": offers, "picked": 0}
    chosen = result.get("chosen")
    if result.get("unresolved") or not chosen:
        return Grounded({}, None, {**detail, "unresolved": True})
    return Grounded(place_changes(chosen), "gazetteer", detail)


def _slim(candidate: dict) -> dict:
    keys = ("name", "id", "geonameid", "country", "admin1", "admin2", "latitude", "longitude",
            "feature", "score", "why")
    return {k: candidate.get(k) for k in keys}
