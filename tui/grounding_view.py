"""Grounded values as the event form shows them: what, from which words, flagged how.

`grounding_lines(values)` turns an event's provenance rows (store.records.values)
into inert `Text` (the words are the article's, never markup): one line per
evidence field, e.g. "date 2022-02-02 · from 'Wednesday night', article date
2022-02-03, flagged: night · = accepts", and for places the number of other
candidates `P` offers.
"""

from __future__ import annotations

from rich.text import Text

from store.annotate.grounding import describe
from store.grounding.from_span import GROUNDED_FIELDS
from tui.safe import visible

NAMES = {"date": "date", "location": "place", "killed": "killed", "injured": "injured"}


def pending_field(values: dict) -> str | None:
    """The evidence field grounded last and not yet accepted (what `a` accepts)."""
    latest = None
    for evidence, fields in GROUNDED_FIELDS.items():
        for name in fields:
            row = values.get(name)
            if row and row["source"] == "grounded" and not row["detail"].get("unresolved"):
                if latest is None or row["at"] > latest[0]:
                    latest = (row["at"], evidence)
    return latest[1] if latest else None


def candidates(values: dict) -> list[dict]:
    row = next((values[f] for f in GROUNDED_FIELDS["location"] if f in values), None)
    if row is None:
        return []
    return list(row["detail"].get("candidates", [])) + list(row["detail"].get("did_you_mean", []))


def candidate_label(candidate: dict) -> str:
    where = ", ".join(str(v) for v in (candidate.get("admin2"), candidate.get("admin1"),
                                       candidate.get("country")) if v)
    return f"{candidate.get('name')} ({where}) · {candidate.get('feature') or ''}"


def grounding_lines(values: dict) -> Text:
    out = Text()
    pending = pending_field(values)
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
        if evidence == "location" and len(candidates(values)) > 1:
            out.append(f"  · P: {len(candidates(values)) - 1} other candidates", style="italic")
    return out
