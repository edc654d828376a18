"""The one shape every suggester returns."""

from __future__ import annotations

from typing import Any, NamedTuple


class Suggestion(NamedTuple):
    """A proposed span: `text[start:end] == quote`, always.

    `value` is the grounded value the span would give its field (a date
    interval, a gazetteer candidate, low/best/high), or None when the
    suggester found words but no value. `why` is what the coder sees on the
    status line ("gazetteer: Atme, Idlib, SY"; "rule casualty-number").
    `parts` carries the linked spans of a compound suggestion (a claim's
    speaker, cue and content), each a Suggestion of its own.

    A named tuple, not a frozen dataclass: as immutable, and made in a third of
    the time (a batch run makes about a hundred per article).
    """

    label: str
    start: int
    end: int
    quote: str
    suggester: str
    why: str
    value: Any = None
    parts: tuple["Suggestion", ...] = ()

    def as_json(self) -> dict:
        """The line `eventdesk suggest --json` prints for this suggestion."""
        out = {
            "label": self.label, "start": self.start, "end": self.end,
            "quote": self.quote, "value": self.value, "why": self.why,
            "suggester": self.suggester,
        }
        if self.parts:
            out["parts"] = [part.as_json() for part in self.parts]
        return out


def make(text: str, label: str, start: int, end: int, suggester: str, why: str,
         value: Any = None, parts: tuple[Suggestion, ...] = ()) -> Suggestion:
    """Build a suggestion whose quote is cut from the text itself, so offsets
    and quote can never disagree."""
    return Suggestion(label, start, end, text[start:end], suggester, why, value, parts)
