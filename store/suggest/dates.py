"""Date suggestions: every date expression in an article, resolved against its date.

Each suggestion's value is the `resolve_date` result for its words, so
accepting one fills date_start/date_end and the precision with the interval,
the flags and the why a reviewer can check.
"""

from __future__ import annotations

from store.grounding.date_context import parse_dct
from store.grounding.date_finder import find_dates
from store.suggest.base import Suggestion, make

LABEL = "Date"
SUGGESTER = "dates"


def suggest_dates(text: str, dct=None) -> list[Suggestion]:
    """A "Date" suggestion for each date expression find_dates finds, in text order."""
    if not isinstance(text, str) or not text:
        return []
    article_day, _ = parse_dct(dct)
    return [make(text, LABEL, m.start, m.end, SUGGESTER, _why(m.quote, m.value, article_day), m.value)
            for m in find_dates(text, dct)]


def _why(quote: str, value: dict, article_day) -> str:
    """The status line: "date rule weekday: 'Wednesday' -> 2022-02-02 (article date 2022-02-03), flagged night"."""
    rule = value.get("rule") or "unknown"
    if value.get("unresolved"):
        return f"date rule {rule}: {quote!r} unresolved: {value.get('why', '')}"
    start, end = value.get("start"), value.get("end")
    if value.get("kind") in ("present_ref", "past_ref", "future_ref"):
        shown = value["kind"].replace("_ref", "").replace("_", " ") + " (vague)"
    elif start == end:
        shown = start
    else:
        shown = f"{start}..{end}"
    out = f"date rule {rule}: {quote!r} -> {shown}"
    if article_day is not None:
        out += f" (article date {article_day.isoformat()})"
    shown_flags = [f.replace("_", " ") for f in value.get("flags", ())
                   if f not in ("relative_to_dct",)]
    if shown_flags:
        out += ", flagged " + ", ".join(shown_flags)
    return out
