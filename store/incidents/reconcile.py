"""An incident's fields reconciled from the values its events give.

`reconcile(events)` takes the events linked to one incident (one per source
document, usually) and says, for each field, what the sources agree on, what
they dispute and which events (and claims) each value rests on. Nothing is
decided for the editor that sources disagree on: a disputed field keeps the
best-supported value as `value` with `agree: False` and the dispute in
`conflicts`, in words ("fatalities: 13 (doc A) vs 0 (doc B, claim by Pentagon)").

Fatalities follow UCDP: `low` is the lowest credible figure over the sources,
`high` the highest, and `best` stays None until an editor picks one;
`suggested_best` offers the median of the sources' best figures (their low
where they give no best), which is what an editor most often settles on. A
figure that rests only on denial claims ("no US casualties") is a claim of
its speaker about part of the toll, so it does not set `low` while any
source gives a positive figure; it is listed as a conflict instead.

Bad input never raises: missing keys, None, numbers as strings, unparsable
dates and an empty list all give a result that says what is missing.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable

from store.grounding.folding import strip_diacritics

from .reports import day_number, folded, iso_day

PLACE_FIELDS = ("country", "admin1", "admin2", "location")


def reconcile(events: list[dict]) -> dict:
    """The incident's reconciled fields; see the module docstring for the shape."""
    events = [e for e in (events or []) if isinstance(e, dict)]
    for position, event in enumerate(events):
        if not event.get("id"):
            event = events[position] = {**event, "id": f"event {position + 1}"}
    conflicts: list[str] = []
    result = {
        "events": [str(e["id"]) for e in events],
        "number_of_sources": 0,
        "sources": _sources(events),
        "date": _dates(events, conflicts),
        "place": _place(events, conflicts),
        "event_type": _agreement(events, "event_type", conflicts),
        "sub_event_type": _agreement(events, "sub_event_type", conflicts),
        "actor1": _agreement(events, "actor1", conflicts),
        "actor2": _agreement(events, "actor2", conflicts),
        "fatalities": _fatalities(events, conflicts),
        "conflicts": conflicts,
    }
    result["number_of_sources"] = len(result["sources"])
    result["rests_on"] = {
        name: {"events": result[name]["events"], "claims": result[name]["claims"]}
        for name in ("date", "place", "event_type", "sub_event_type", "actor1", "actor2", "fatalities")
    }
    return result


def _name(event: dict) -> str:
    """How a conflict line names an event's source: its document, else the event."""
    return str(event.get("document_id") or event["id"])


def _claims(event: dict, topics: Iterable[str] | None = None) -> list[dict]:
    claims = event.get("claims")
    if not isinstance(claims, list):
        return []
    wanted = set(topics) if topics else None
    return [c for c in claims if isinstance(c, dict) and c.get("id") is not None
            and (wanted is None or c.get("topic") in wanted)]


def _claim_ids(events: Iterable[dict], topics: Iterable[str]) -> list[str]:
    return [str(c["id"]) for e in events for c in _claims(e, topics)]


def outlet_key(outlet) -> str:
    """Two spellings of one outlet meet (case, accents, punctuation, spaces); unlike place
    names, nothing else is folded: "Channel 1" and "Channel 11" are two outlets."""
    if not isinstance(outlet, str):
        return ""
    return " ".join(re.sub(r"[\W_]+", " ", strip_diacritics(outlet).casefold()).split())


def _sources(events: list[dict]) -> list[dict]:
    """Distinct sources: one per outlet (see outlet_key), one per document without an outlet."""
    sources: dict[str, dict] = {}
    for event in events:
        outlet = event.get("outlet") if isinstance(event.get("outlet"), str) else None
        key = ("outlet", outlet_key(outlet)) if outlet_key(outlet) else \
            ("document", str(event.get("document_id") or event["id"]))
        source = sources.setdefault(str(key), {"outlet": outlet, "documents": [], "events": []})
        document = event.get("document_id")
        if document and document not in source["documents"]:
            source["documents"].append(document)
        source["events"].append(str(event["id"]))
    return list(sources.values())


def _dates(events: list[dict], conflicts: list[str]) -> dict:
    """Union and overlap of the events' date intervals, with who gives which."""
    given = []
    for event in events:
        start, end = day_number(event.get("date_start")), day_number(event.get("date_end"))
        if not (start or end):
            continue
        first, last = (start or end)[0], (end or start)[1]
        given.append((min(first, last), max(first, last), event))
    rests = [e for _, _, e in given]
    out = {
        "start": None, "end": None, "overlap": None, "agree": True,
        "by_event": {str(e["id"]): [iso_day(f), iso_day(la)] for f, la, e in given},
        "events": [str(e["id"]) for e in rests],
        "claims": _claim_ids(rests, ("timing",)),
        "missing": [str(e["id"]) for e in events if e not in rests],
    }
    if not given:
        return out
    out["start"], out["end"] = iso_day(min(f for f, _, _ in given)), iso_day(max(la for _, la, _ in given))
    latest_first, earliest_last = max(f for f, _, _ in given), min(la for _, la, _ in given)
    if latest_first <= earliest_last:
        out["overlap"] = [iso_day(latest_first), iso_day(earliest_last)]
    else:
        out["agree"] = False
        early = min(given, key=lambda g: g[1])
        late = max(given, key=lambda g: g[0])
        conflicts.append(f"date: {_interval(early)} ({_name(early[2])}) vs "
                         f"{_interval(late)} ({_name(late[2])}) do not overlap")
    return out


def _interval(given: tuple[int, int, dict]) -> str:
    first, last, _ = given
    return iso_day(first) if first == last else f"{iso_day(first)}..{iso_day(last)}"


def _grouped(events: list[dict], key_of) -> list[tuple[str, list[dict]]]:
    """Events grouped by a folded key, best supported first (ties: first seen)."""
    groups: dict[str, list[dict]] = {}
    for event in events:
        key = key_of(event)
        if key:
            groups.setdefault(key, []).append(event)
    return sorted(groups.items(), key=lambda item: -len(item[1]))


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _agreement(events: list[dict], field: str, conflicts: list[str]) -> dict:
    """One field's value across events: agreement, or the values listed and a conflict."""
    groups = _grouped(events, lambda e: folded(_text(e.get(field))))
    values = [{"value": _text(members[0].get(field)), "events": [str(e["id"]) for e in members]}
              for _, members in groups]
    topics = {"actor1": ("responsibility", "target identity"), "actor2": ("target identity",)}
    rests = groups[0][1] if groups else []
    out = {
        "value": values[0]["value"] if values else None,
        "agree": len(values) <= 1,
        "values": values,
        "events": values[0]["events"] if values else [],
        "claims": _claim_ids(rests, topics.get(field, ("occurrence",))),
    }
    if len(values) > 1:
        conflicts.append(f"{field}: " + " vs ".join(
            f"{v['value']} ({', '.join(_name(_by_id(events, i)) for i in v['events'])})" for v in values))
    return out


def _by_id(events: list[dict], event_id: str) -> dict:
    return next(e for e in events if str(e["id"]) == event_id)


def _place(events: list[dict], conflicts: list[str]) -> dict:
    """The place the events agree on, down to the finest division they agree on.

    Events are grouped by admin1; one naming only a country does not dispute
    one naming a province of it (it is less precise, not different)."""
    country = _agreement(events, "country", conflicts)
    groups = _grouped(events, lambda e: folded(_text(e.get("admin1"))))
    values = []
    for _, members in groups:
        values.append({**{f: _text(members[0].get(f)) or None for f in PLACE_FIELDS},
                       "events": [str(e["id"]) for e in members]})
    main = groups[0][1] if groups else (
        [e for e in events if folded(_text(e.get("country")))]
        # no division named at all: a town the sources name is still the place
        or [e for e in events if any(folded(_text(e.get(f))) for f in ("admin2", "location"))])
    out = {"value": None, "agree": len(values) <= 1 and country["agree"], "values": values,
           "events": [str(e["id"]) for e in main], "claims": _claim_ids(main, ("location",))}
    if not main:
        return out
    value = {"country": country["value"], "admin1": values[0]["admin1"] if values else None}
    # Within the agreed division, finer names agree or are left to the editor.
    for field in ("admin2", "location"):
        finer = _grouped(main, lambda e, f=field: folded(_text(e.get(f))))
        value[field] = _text(finer[0][1][0].get(field)) if len(finer) == 1 else None
        if len(finer) > 1:
            out["agree"] = False
            conflicts.append(f"{field}: " + " vs ".join(
                f"{_text(m[0].get(field))} ({', '.join(_name(e) for e in m)})" for _, m in finer))
    points = [(_number(e.get("latitude"), float), _number(e.get("longitude"), float)) for e in main]
    points = [p for p in points if None not in p]
    value["latitude"] = points[0][0] if points else None
    value["longitude"] = points[0][1] if points else None
    out["value"] = value
    if len(values) > 1:
        conflicts.append("admin1: " + " vs ".join(
            f"{v['admin1']} ({', '.join(_name(_by_id(events, i)) for i in v['events'])})" for v in values))
    return out


def _number(value, kind=int):
    """An int (or float) from a number or numeric string; None for anything else."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = kind(value) if not isinstance(value, str) else kind(float(value.strip()))
    except (TypeError, ValueError, OverflowError):
        return None
    if kind is int and number < 0:
        return None
    return number


def _is_denial(claims: list[dict]) -> bool:
    return bool(claims) and all(str(c.get("polarity", "")).lower() in ("denies", "deny", "negative")
                                for c in claims)


def _fatalities(events: list[dict], conflicts: list[str]) -> dict:
    """low / best / high across sources, with the figure each source gives and rests on."""
    figures = []
    for event in events:
        low, best, high = (_number(event.get(k)) for k in ("fatalities_low", "fatalities_best",
                                                          "fatalities_high"))
        if low is None and best is None and high is None:
            continue
        claims = _claims(event, ("casualties",))
        figures.append({
            "event": str(event["id"]), "document_id": event.get("document_id"),
            "low": low, "best": best, "high": high,
            "claims": [str(c["id"]) for c in claims],
            "speakers": [s for s in (_text(c.get("speaker")) for c in claims) if s],
            "denial": _is_denial(claims), "source": event,
        })
    out = {"low": None, "best": None, "suggested_best": None, "suggested_because": None,
           "high": None, "open_ended": False,
           "low_from": [], "high_from": [], "by_event": [], "events": [], "claims": [],
           "rule": "low: lowest credible figure; high: highest; best: the editor's choice"}
    if not figures:
        return out
    credible = [f for f in figures if not f["denial"]] or figures
    lows = {id(f): _known(f["low"], f["best"], f["high"]) for f in credible}
    out["low"] = min(lows.values())
    out["low_from"] = [f["event"] for f in credible if lows[id(f)] == out["low"]]
    highs = {id(f): max(x for x in (f["low"], f["best"], f["high"]) if x is not None) for f in figures}
    out["high"] = max(highs.values())
    out["high_from"] = [f["event"] for f in figures if highs[id(f)] == out["high"]]
    out["open_ended"] = any(f["high"] is None and highs[id(f)] == out["high"] for f in figures)
    bests = [f["best"] if f["best"] is not None else _known(f["low"], f["best"], f["high"]) for f in credible]
    out["suggested_best"] = int(statistics.median_low(bests))
    out["suggested_because"] = (f"the median of {len(bests)} sources' best figures" if len(bests) > 1
                                else "the only credible source's figure")
    out["by_event"] = [{k: f[k] for k in ("event", "document_id", "low", "best", "high", "claims", "denial")}
                       for f in figures]
    out["events"] = [f["event"] for f in figures]
    out["claims"] = [c for f in figures for c in f["claims"]]
    shown = {}
    for f in figures:
        shown.setdefault(_figure(f), f)
    if len(shown) > 1:
        conflicts.append("fatalities: " + " vs ".join(_said(f) for f in shown.values()))
    return out


def _known(low, best, high) -> int:
    """The figure a source is sure of: its low, else its best, else its high."""
    return next(x for x in (low, best, high) if x is not None)


def _figure(f: dict) -> int:
    """What a source's figure is said as: its best, else its low, else its high."""
    return next(x for x in (f["best"], f["low"], f["high"]) if x is not None)


def _said(f: dict) -> str:
    """'13 (doc A)' or '0 (doc B, claim by Pentagon, a denial)'."""
    figure = f["low"] if f["high"] is None and f["low"] is not None else _figure(f)
    prefix = "at least " if f["high"] is None and f["low"] is not None else ""
    words = [_name(f["source"])]
    if f["speakers"]:
        words.append("claim by " + " and ".join(dict.fromkeys(f["speakers"])))
    if f["denial"]:
        words.append("a denial")
    return f"{prefix}{figure} ({', '.join(words)})"
