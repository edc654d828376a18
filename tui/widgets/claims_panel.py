"""The claims of the document: content, speaker, cue, topic, polarity, certainty — by keyboard.

With the panel focused, ↑/↓ pick a claim; `o`, `p`, `c` open a picker of its topic,
polarity, certainty (type part of the name, Enter); `d` deletes it (with its content
span; `u` brings both back).  `W` and `Q` (the annotate screen's) make the words
selected in the text its speaker or cue.  Every edit is for the claim highlighted when
its key was pressed, and goes out as a message for the screen to save.
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
from tui.screens.value_picker import ValuePicker


class ClaimsPanel(OptionList):
    DEFAULT_CSS = """
    ClaimsPanel { height: 1fr; min-height: 5; max-height: 14; border: round $primary-darken-2; }
    """
    BINDINGS = [
        Binding("o", "topic", "topic…", id="claims.topic"),
        Binding("p", "polarity", "polarity…", id="claims.polarity"),
        Binding("c", "certainty", "certainty…", id="claims.certainty"),
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
            line.append("  — " + (visible(speaker, 60) if speaker else "speaker? (W on a selection)"),
                        style="italic")
            cue = quotes.get(claim.get("cue_span_id"))
            line.append(" · cue " + ("“" + visible(cue, 30) + "”" if cue else "? (Q)"), style="dim")
            self.add_option(Option(line, id=claim["id"]))
        if claims:
            self.highlighted = min(keep if keep is not None else len(claims) - 1, len(claims) - 1)

    @property
    def current(self) -> dict | None:
        if self.highlighted is None or not self.claims:
            return None
        return self.claims[self.highlighted]

    def _edit(self, field: str, options: tuple) -> None:
        """Open the picker for `field` of the claim highlighted now; the choice goes to it."""
        claim = self.current
        if claim is None:
            return

        def chosen(value: str | None) -> None:
            if value is not None and value != self._now(claim["id"], field):
                changes = {field: value}
                self.edited(claim["id"], changes)
                self.post_message(self.Edit(claim, changes))

        self.app.push_screen(ValuePicker(f"{field} of the claim", options, claim[field]), chosen)

    def _now(self, claim_id: str, field: str):
        return next((c[field] for c in self.claims if c["id"] == claim_id), None)

    def action_topic(self) -> None:
        self._edit("topic", TOPICS)

    def action_polarity(self) -> None:
        self._edit("polarity", POLARITIES)

    def action_certainty(self) -> None:
        self._edit("certainty", CERTAINTIES)

    def action_discard(self) -> None:
        if self.current is not None:
            self.post_message(self.Discard(self.current))
