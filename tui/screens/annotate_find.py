"""Finding words in the annotate screen's text: `/` from the top, `\\` from the cursor,
n / N through the matches, Enter selecting one. A mixin for `AnnotateScreen`."""

from __future__ import annotations

from textual.actions import SkipAction
from textual.widgets import Input

#: Statuses in which the annotator's labels still fill the event's fields.
EDITABLE_STATUSES = ("draft", "needs_revision")


class FindKeys:
    """The annotate screen's find actions (mixed into `AnnotateScreen`)."""


    def action_find(self, from_cursor: bool = False) -> None:
        """Find from the top of the text, so a find never depends on where the last left off
        (`\\` finds from the cursor instead)."""
        self._find_origin = self.view.cursor if from_cursor else 0
        box = self.query_one("#find", Input)
        box.value = ""  # a new search, as in vim
        self._searched = None  # even the same words search again, from the new origin
        self.set_focus(box)  # now, not after keys already queued

    def action_find_here(self) -> None:
        self.action_find(from_cursor=True)

    def _matches_said(self, count: int) -> str:
        """'3 of 7' when the cursor is on a match, else '7 matches'."""
        position = self.view.match_position()
        if position is not None and count:
            return f"{position[0]} of {position[1]}"
        return f"{count} match{'es' if count != 1 else ''}"

    def match_where(self, cursor: int) -> str:
        """' · match 3 of 7' for the status bar while the cursor is on a match."""
        match, position = self.view.current_match, self.view.match_position()
        if match is None or position is None or not match[0] <= cursor < match[1]:
            return ""
        return f" · match {position[0]} of {position[1]}"

    def on_input_changed(self, event: Input.Changed) -> None:
        """Find as you type.  A plain `on_<message>` name: Textual reads `@on` only on
        message pumps' own classes, so a decorated handler in this mixin never ran."""
        if event.input.id != "find":
            return
        if event.value != event.input.value or event.value == getattr(self, "_searched", None):
            return  # stale (typed on since) or already searched by Enter: keep the selection
        self._searched = event.value
        count = self.view.set_search(event.value, getattr(self, "_find_origin", 0))
        self.say(self._matches_said(count) if event.value else "")

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in ("find", "find_here", "pick_type"):
            # In the find box or a form field, "/" and "t" are characters ("3/11/2019").
            return not isinstance(self.focused, Input)
        return True

    def action_find_select(self, grow: bool = False) -> None:
        """Enter in the find box: the match becomes the selection; with `grow` (Tab) it is
        then grown to the end of its word, as `i` would."""
        query = self.query_one("#find", Input).value
        if getattr(self, "_searched", None) != query:
            # Typed faster than Changed was handled (a paste, a fast typist): search now.
            self._searched = query
            self.view.set_search(query, getattr(self, "_find_origin", 0))
        found = self.view.select_current_match()
        if found and grow and self._ends_inside_a_word():
            try:
                self.view.action_select_word()
            except SkipAction:
                pass  # the match ends on punctuation: nothing to grow into
        # "/drone⏎1" with no "drone" in the text: the 1 must not label the word the cursor
        # was left on by "dro"; it is refused while the cursor stays where the find left it.
        self.find_missed = None if found else (query, self.view.cursor)
        self.set_focus(self.view)
        count = self.view.match_count
        self.say(f"match selected ({self._matches_said(count)}): press a number to label it"
                 if found else "no match")

    def _ends_inside_a_word(self) -> bool:
        """The selected match stops inside a word ("rai" of "raid"), so Tab has a word's
        end to grow to; "raid" found whole stays "raid", not "raid carried"."""
        selection, text = self.view.selection, self.view.text
        if selection is None:
            return False
        end = selection[1]
        return 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum()

    def missed_find(self) -> str | None:
        """The words of a find that matched nothing, while the cursor is where it left it."""
        missed = getattr(self, "find_missed", None)
        if missed is not None and missed[1] == self.view.cursor and self.view.selection is None:
            return missed[0]
        return None

    def action_select_match(self) -> None:
        match = self.view.current_match
        if match is None or self.view.cursor != match[0]:
            raise SkipAction()  # no match here: Enter is not ours
        self.view.select(*match)
        self.say("match selected: press a number to label it")

    def action_next_match(self) -> None:
        self.view.next_match()

    def action_previous_match(self) -> None:
        self.view.prev_match()

    def action_focus_claims(self) -> None:
        """Into the claims panel (o p c d there), without Tabbing through the form."""
        panel = self.claims_panel()  # None for the moment a document first opens
        if panel is not None:
            self.set_focus(panel)

    def action_focus_text(self) -> None:
        if self.focused is self.query_one("#find", Input):
            self.view.clear_search()
        self.set_focus(self.view)
