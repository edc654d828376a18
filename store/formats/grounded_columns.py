"""The dataset columns grounding knows, for the ACLED and UCDP exports.

- ACLED `iso` (ISO 3166 numeric) and `region` (ACLED's region) from the
  event's country, by name or code; `time_precision` from the interval when
  none was set (1 one day, 2 up to a week, 3 longer).
- UCDP `date_prec` from the interval itself (a two-day range is 2, a week 3,
  a month 4, within a year 5), falling back to the ACLED precision's mapping.
"""

from __future__ import annotations

from store.grounding.countries import country as country_record
from store.grounding.dates import acled_time_precision, ucdp_date_prec


def _interval(event: dict) -> dict | None:
    start = event.get("date_start")
    if not start:
        return None
    return {"start": start, "end": event.get("date_end") or start, "precision": "day"}


def country_columns(event: dict) -> dict:
    """{"iso", "region"} for the event's country ('' when unknown)."""
    name = event.get("country")
    record = country_record(name) if name else {}
    if not isinstance(record, dict) or record.get("unresolved") or not record.get("iso2"):
        return {"iso": "", "region": ""}
    return {"iso": record.get("numeric") or "", "region": record.get("acled_region") or ""}


def acled_precision(event: dict):
    if event.get("time_precision") is not None:
        return event["time_precision"]
    interval = _interval(event)
    return acled_time_precision(interval) if interval else None


def ucdp_precision(event: dict, fallback: dict):
    interval = _interval(event)
    if interval and event.get("date_end") and event["date_end"] != event["date_start"]:
        return ucdp_date_prec(interval)
    if event.get("time_precision") is not None:
        return fallback.get(event["time_precision"])
    return ucdp_date_prec(interval) if interval else None
