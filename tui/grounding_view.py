"""Grounded values as the event form shows them: what, from which words, flagged how.

`grounding_lines(values)` turns an event's provenance rows (store.records.values)
into inert `Text` (the words are the article's, never markup): one line per
evidence field, e.g. "date 2022-02-02 · from 'Wednesday night', article date
2022-02-03, flagged: night · = accepts", and for places the number of other
candidates `P` offers.
"""

from __future__ import annotations

from rich.text import Text

from store.annotate.grounding import describe, to_check
from store.grounding.from_span import GROUNDED_FIELDS
from tui.safe import visible

NAMES = {"date": "date", "location": "place", "killed": "killed", "injured": "injured",
         "actor1": "actor 1 kind", "actor2": "target kind"}


def pending_field(values: dict, event: dict | None = None) -> str | None:
    """The evidence field grounded last with something still to check (what `=` accepts):
    not accepted yet, resolved, and filling a field with a value."""
    waiting = to_check(values, event)
    return waiting[0] if waiting else None


def summary(accepted: dict) -> str:
    """'date 2022-02-03 · place Syria, Idlib … · killed 13' for what `*` accepted."""
    parts = []
    for evidence, fields in accepted.items():
        shown = [str(v) for f, v in fields.items()
                 if f not in ("latitude", "longitude", "gazetteer_id", "geo_precision",
                              "time_precision", "date_end") or evidence not in ("date", "location")]
        parts.append(f"{NAMES.get(evidence, evidence)} {', '.join(dict.fromkeys(shown))}")
    return " · ".join(parts)


def candidates(values: dict) -> list[dict]:
    row = next((values[f] for f in GROUNDED_FIELDS["location"] if f in values), None)
    if row is None:
        return []
    return list(row["detail"].get("candidates", [])) + list(row["detail"].get("did_you_mean", []))


def candidate_label(candidate: dict) -> str:
    where = ", ".join(str(v) for v in (candidate.get("admin2"), candidate.get("admin1"),
                                       candidate.get("country")) if v)
    return f"{candidate.get('name')} ({where}) · {candidate.get('feature') or ''}"


def grounding_lines(values: dict, event: dict | None = None) -> Text:
    out = Text()
    waiting = to_check(values, event)
    pending = waiting[0] if waiting else None
    for evidence, fields in GROUNDED_FIELDS.items():
        row = next((values[f] for f in fields if f in values), None)
        if row is None:
            continue
        if out:
            out.append("\n")
        out.append(f"{NAMES[evidence]}: ", style="bold")
        out.append(visible(describe(row), 120))
        if evidence == pending:
            out.append("  · = accepts", style="italic")
        elif evidence in waiting:
            out.append("  · to check", style="italic")
        if evidence == "location" and len(candidates(values)) > 1:
            out.append(f"  · P: {len(candidates(values)) - 1} other candidates", style="italic")
    if len(waiting) > 1:
        out.append(f"\n* accepts all {len(waiting)} at once", style="italic")
    return out
