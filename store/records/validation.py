"""What an event's values may be: checked in the store, so no screen or script can skip it.

Each refusal is one line naming the field, the value and what it may be.  Per-field
checks (`check_value`) run when a value is coerced; the checks across fields
(`check_event`, dates in order) run on the event as it would be after the change.
"""

from __future__ import annotations

from store.errors import StoreError

#: ACLED's actor kinds as ACLED spells them, with their inter codes (1-8).
ACTOR_KINDS = {
    "State forces": 1, "Rebel group": 2, "Political militia": 3, "Identity militia": 4,
    "Rioters": 5, "Protesters": 6, "Civilians": 7, "External/Other forces": 8,
}
KIND_FIELDS = ("actor1_kind", "actor2_kind")
#: Codebook ranges: ACLED time_precision 1 day, 2 week, 3 month; geo_precision 1-3.
PRECISIONS = {"time_precision": (1, 3), "geo_precision": (1, 3)}
RANGES = {"latitude": (-90.0, 90.0), "longitude": (-180.0, 180.0)}
#: The form's grading of an event's sourcing (exported as ACLED's `tags`), and ACLED's
#: civilian_targeting flag.
GRADINGS = ("confirmed", "fair", "weak", "contested", "discounted")
FLAGS = {"civilian_targeting": (0, 1)}
COUNTS = ("fatalities_low", "fatalities_best", "fatalities_high",
          "injured_low", "injured_best", "injured_high")


def check_value(field: str, value):
    """`value` (already of the column's type, not None) if allowed for `field`, else StoreError."""
    if field in KIND_FIELDS:
        if value in ACTOR_KINDS:
            return value
        near = next((k for k in ACTOR_KINDS if k.casefold() == str(value).strip().casefold()), None)
        hint = f"; did you mean {near!r}?" if near else ""
        raise StoreError(f"{field} must be one of ACLED's kinds ({', '.join(ACTOR_KINDS)}), "
                         f"not {value!r}{hint}")
    if field in PRECISIONS:
        low, high = PRECISIONS[field]
        if not low <= value <= high:
            raise StoreError(f"{field} must be {low} to {high} (ACLED's codebook), not {value}")
    if field in FLAGS and value not in FLAGS[field]:
        raise StoreError(f"{field} must be 1 (yes) or 0 (no), not {value}")
    if field == "grading" and value not in GRADINGS:
        near = next((g for g in GRADINGS if g == str(value).strip().casefold()), None)
        hint = f"; did you mean {near!r}?" if near else ""
        raise StoreError(f"grading must be one of {', '.join(GRADINGS)}, not {value!r}{hint}")
    if field in RANGES:
        low, high = RANGES[field]
        if not low <= value <= high:
            raise StoreError(f"{field} must be between {low:g} and {high:g} degrees, not {value:g}")
    if field in COUNTS and value < 0:
        raise StoreError(f"{field} cannot be negative ({value})")
    return value


def check_event(event: dict) -> None:
    """Refuse an event whose values disagree with each other (one line)."""
    start, end = event.get("date_start"), event.get("date_end")
    if start and end and end < start:
        raise StoreError(f"date_end {end} is before date_start {start}")
    for kind in ("fatalities", "injured"):
        low, best, high = (event.get(f"{kind}_{p}") for p in ("low", "best", "high"))
        if low is not None and high is not None and high < low:
            raise StoreError(f"{kind}_high {high} is below {kind}_low {low}")
