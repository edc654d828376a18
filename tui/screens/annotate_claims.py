"""The annotate screen's claim keys: the selected words become the selected claim's speaker
(`W`, who said it) or cue (`Q`, the saying word), set or changed. A mixin for `AnnotateScreen`.
With nothing selected, `W` takes the name at the cursor ("Al Jazeera") and `Q` the word.

The claim is the one the claims panel shows as selected when the key is pressed (a claim
just made is selected as soon as it exists; the keys after `9` wait for it), so edits never
go to another claim than the one highlighted.
"""

from __future__ import annotations

from textual.binding import Binding

from store.annotate.claim_actions import ROLE_NAMES, SetClaimSpan
from tui.safe import visible
from tui.widgets.claims_panel import ClaimsPanel

CLAIM_BINDINGS = [
    Binding("W", "claim_speaker", "speaker of the claim", id="annotate.claim_speaker"),
    Binding("Q", "claim_cue", "cue of the claim", id="annotate.claim_cue"),
]


class ClaimKeys:
    """Speaker and cue of the selected claim from the text's selection."""

    def selected_claim(self) -> dict | None:
        return self.query_one(ClaimsPanel).current

    def action_claim_speaker(self) -> None:
        self._claim_span("speaker_span_id")

    def action_claim_cue(self) -> None:
        self._claim_span("cue_span_id")

    def _claim_span(self, role: str) -> None:
        if self.state is None:
            return
        claim = self.selected_claim()
        name = ROLE_NAMES[role]
        if claim is None:
            self.say("no claim yet: select its words and press 9")
            return
        if (missed := self.missed_find()) is not None:
            self.say(f"no {name} set: no match for “{visible(missed, 40)}”")
            return
        # Nothing selected: the speaker's name, or the cue word, at the cursor.
        selection = self.view.selection or self.take_phrase(
            "Speaker" if role == "speaker_span_id" else "Cue")
        if selection is None:
            self.say(f"select the {name}'s words first (i a word, S a sentence, ; to the comma)")
            return
        if role == "speaker_span_id" and claim["id"] == self.speaker_claim:
            self.speaker_claim = None  # `8` no longer waits to give this claim a speaker
        self.view.clear_selection()
        self.send(SetClaimSpan(self.document_id, claim["id"], role, *selection, claim["version"]))

    def speaker_target(self) -> str | None:
        """The claim `8` gives a speaker to: the one just made, unless another is selected."""
        if not self.speaker_claim:
            return None
        selected = self.selected_claim()
        return selected["id"] if selected else self.speaker_claim
