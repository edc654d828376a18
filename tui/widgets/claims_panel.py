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
        #: claim id -> changes sent to the writer and not yet seen back: the local model
        #: the next key is computed from ("o o" fast is two steps, not one step twice).
        self._pending: dict[str, dict] = {}
        self.border_title = "claims"

    def _laid_over(self, claim: dict) -> dict:
        changes = self._pending.get(claim["id"])
        if not changes:
            return claim
        if all(claim.get(k) == v for k, v in changes.items()):
            del self._pending[claim["id"]]  # the store has caught up
            return claim
        return {**claim, **changes}

    def edited(self, claim_id: str, changes: dict) -> None:
        """Record an edit as sent, so the panel (and the next key) sees it at once."""
        self._pending.setdefault(claim_id, {}).update(changes)
        for i, claim in enumerate(self.claims):
            if claim["id"] == claim_id:
                self.claims[i] = {**claim, **changes}

    def forget(self, claim_id: str | None = None) -> None:
        """Drop edits not saved (refused, or the person took the stored version)."""
        if claim_id is None:
            self._pending.clear()
        else:
            self._pending.pop(claim_id, None)

    def show_claims(self, claims: list[dict], quotes: dict[str, str]) -> None:
        """Show `claims` as stored, with the edits sent but not yet answered laid over them.

        The selection follows its claim (by id); a claim that was not there before
        becomes the selected one, so the keys that follow edit the claim just made.
        """
        keep_id = self.current["id"] if self.current else None
        before = {c["id"] for c in self.claims}
        self._pending = {cid: changes for cid, changes in self._pending.items()
                         if any(c["id"] == cid for c in claims)}
        claims = [self._laid_over(claim) for claim in claims]
        new = [i for i, c in enumerate(claims) if c["id"] not in before]
        ids = [c["id"] for c in claims]
        keep = new[-1] if new else ids.index(keep_id) if keep_id in ids else None
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
            changes = {field: _next(options, claim[field])}
            self.edited(claim["id"], changes)
            self.post_message(self.Edit(claim, changes))

    def action_topic(self) -> None:
        self._edit("topic", TOPICS)

    def action_polarity(self) -> None:
        self._edit("polarity", POLARITIES)

    def action_certainty(self) -> None:
        self._edit("certainty", CERTAINTIES)

    def action_discard(self) -> None:
        if self.current is not None:
            self.post_message(self.Discard(self.current))
