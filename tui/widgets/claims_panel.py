"""The claims of the document: content, speaker, topic, polarity, certainty — set by keyboard.

With the panel focused, ↑/↓ pick a claim, `o` cycles its topic, `p` flips its
polarity, `c` cycles its certainty, `d` deletes it (with its content span; `u`
brings both back).  Each change goes out as a message for the screen to save.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from store.records.claims import CERTAINTIES, POLARITIES, TOPICS
from tui.safe import visible


def _next(options: tuple, current, step: int = 1):
    values = list(options)
    if current not in values:
        return values[0]
    return values[(values.index(current) + step) % len(values)]


class ClaimsPanel(OptionList):
    DEFAULT_CSS = """
    ClaimsPanel { height: 1fr; min-height: 5; max-height: 14; border: round $primary-darken-2; }
    """
    BINDINGS = [
        Binding("o", "topic", "topic", id="claims.topic"),
        Binding("p", "polarity", "polarity", id="claims.polarity"),
        Binding("c", "certainty", "certainty", id="claims.certainty"),
        Binding("d", "discard", "delete claim", id="claims.delete"),
    ]

    @dataclass
    class Edit(Message):
        claim: dict
        changes: dict

    @dataclass
    class Discard(Message):
        claim: dict

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.claims: list[dict] = []
        self.border_title = "claims"

    def show_claims(self, claims: list[dict], quotes: dict[str, str]) -> None:
        keep = self.highlighted
        self.claims = claims
        self.clear_options()
        for claim in claims:
            line = Text()
            line.append(f"{claim['topic'] or 'topic?'} · {claim['polarity']} · {claim['certainty']}\n",
                        style="bold")
            line.append("“" + visible(quotes.get(claim["content_span_id"], ""), 120) + "”\n")
            speaker = quotes.get(claim["speaker_span_id"])
            line.append("  — " + (visible(speaker, 60) if speaker else "speaker? (8 on a selection)"),
                        style="italic")
            self.add_option(Option(line, id=claim["id"]))
        if claims:
            self.highlighted = min(keep if keep is not None else len(claims) - 1, len(claims) - 1)

    @property
    def current(self) -> dict | None:
        if self.highlighted is None or not self.claims:
            return None
        return self.claims[self.highlighted]

    def _edit(self, field: str, options: tuple) -> None:
        claim = self.current
        if claim is not None:
            self.post_message(self.Edit(claim, {field: _next(options, claim[field])}))

    def action_topic(self) -> None:
        self._edit("topic", TOPICS)

    def action_polarity(self) -> None:
        self._edit("polarity", POLARITIES)

    def action_certainty(self) -> None:
        self._edit("certainty", CERTAINTIES)

    def action_discard(self) -> None:
        if self.current is not None:
            self.post_message(self.Discard(self.current))
