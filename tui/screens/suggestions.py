"""The annotate screen's suggestion keys: walk, accept, accept as, reject, accept all of a kind.

Suggestions are read (and computed, when the document has none stored) in a
thread worker when a document opens and after every change to its spans; the
layer is drawn as they arrive, so nothing waits for them. Every decision is a
typed action (`store.annotate.suggestion_actions`) sent through the writer like
any other key; the reason of the suggestion under the cursor is on the status line.
"""

from __future__ import annotations

from textual import work
from textual.binding import Binding

from store.annotate import suggestion_actions as sa
from store.records import suggestions as sugg
from store.records.events import LABEL_TO_FIELD
from tui.document.marks import changed_ranges
from tui.screens.label_picker import LabelPicker
from tui.widgets.suggestion_layer import SuggestionLayer
from tui.worker import read

#: How long a suggestion key waits for the layer being read before it acts on the one shown.
SUGGESTION_WAIT_SECONDS = 15.0

SUGGESTION_BINDINGS = [
    Binding("full_stop", "suggest_next", "next suggestion", id="annotate.suggest_next"),
    Binding("comma", "suggest_previous", "previous suggestion", id="annotate.suggest_previous",
            show=False),
    Binding("a", "suggest_accept", "accept suggestion", id="annotate.suggest_accept"),
    Binding("A", "suggest_accept_as", "accept as…", id="annotate.suggest_accept_as", show=False),
    Binding("r", "suggest_reject", "reject suggestion", id="annotate.suggest_reject"),
    Binding("plus", "suggest_accept_all", "accept all of this kind",
            id="annotate.suggest_accept_all", show=False),
]


def _pending(db, document_id: str, gazetteer) -> tuple[list[dict], str]:
    """The document's pending suggestions, computing them first when none are stored
    (or when they were computed without the gazetteer and it is here now)."""
    note = ""
    run = db.execute("SELECT places FROM suggestion_runs WHERE document_id = ?",
                     [document_id]).fetchone()
    if run is None or (gazetteer is not None and not run[0]):
        sugg.compute_and_store(db, document_id, gazetteer=gazetteer)
    if gazetteer is None:
        note = " (no place suggestions yet)"
    return sugg.pending(db, document_id), note


class SuggestionKeys:
    """Mixed into the annotate screen (which has view, send, say, document_id, state)."""

    current_suggestion: str | None = None
    #: Reads of the layer asked for, and the last one answered: while they differ, a
    #: suggestion key waits for the layer the keys before it made (waits_for_suggestions).
    suggestions_asked = 0
    suggestions_answered = 0
    #: Saves sent that may change the spans (a label, an accept, an undo), not answered yet:
    #: the layer drawn does not show them, so a suggestion key waits for them too.
    span_changes_in_flight = 0
    #: The suggestion key's action waiting for the layer, and which wait it is (a timer of
    #: an earlier wait must not run a later key's action early).
    _deferred = None
    _waits = 0

    def suggestions_due(self) -> None:
        """Something changed that may change the suggestions (a label, a document opened)."""
        self.suggestions_asked += 1

    def span_change_sent(self) -> None:
        self.span_changes_in_flight += 1

    def span_change_answered(self) -> None:
        """Call after `suggestions_due` when the answer changed the spans."""
        self.span_changes_in_flight = max(0, self.span_changes_in_flight - 1)
        self._release_if_current()

    def _suggestions_current(self) -> bool:
        return not self.span_changes_in_flight and self.suggestions_answered == self.suggestions_asked

    def _release_if_current(self) -> None:
        if self._suggestions_current():
            self._run_deferred()

    def start_suggestions(self) -> None:
        self.suggestions_due()
        self.load_suggestions(self.document_id, self.suggestions_asked)

    def waits_for_suggestions(self, action) -> bool:
        """True when the suggestion key's `action` must wait for the layer being read: it
        runs once the layer is in, and the keys after it wait until then (a slow typist's
        key meets the new layer; so must one in a burst)."""
        if self._suggestions_current() or self._deferred is not None:
            return False
        self._deferred = action
        self._waits += 1
        wait = self._waits
        self.app.keys.hold("suggestions", timeout=SUGGESTION_WAIT_SECONDS)
        # never left waiting: past the time it acts on the layer shown
        self.set_timer(SUGGESTION_WAIT_SECONDS, lambda: wait == self._waits and self._run_deferred())
        return True

    def _run_deferred(self) -> None:
        deferred, self._deferred = self._deferred, None
        if deferred is not None:
            deferred()
        self.app.keys.release("suggestions")

    @work(thread=True, exclusive=True, exit_on_error=False, group="suggestions")
    def load_suggestions(self, document_id: str, serial: int = 0) -> None:
        gazetteer = getattr(self.app, "gazetteer", None)
        try:
            rows, note = read(self.app.db_path, _pending, document_id, gazetteer)
        except Exception as exc:  # noqa: BLE001 - one line, never a traceback
            self.app.call_from_thread(self._suggestions_failed, serial, f"no suggestions: {exc}")
            return
        # The layer and what differs from the one drawn are made here, off the UI thread
        # (layers are never changed once made, so reading the drawn one is safe).
        layer, drawn = SuggestionLayer(rows), self.view.suggestions
        changed = changed_ranges(drawn.marks, layer.marks)
        self.app.call_from_thread(self._suggestions_arrived, document_id, layer, note,
                                  (drawn, changed), serial)

    def _answered(self, serial: int) -> None:
        if serial == self.suggestions_asked:
            self.suggestions_answered = serial
            self._release_if_current()

    def _suggestions_failed(self, serial: int, line: str) -> None:
        self._answered(serial)
        self.say(line)

    def _suggestions_arrived(self, document_id: str, layer: SuggestionLayer, note: str,
                             changed: tuple | None = None, serial: int = 0) -> None:
        if document_id != self.document_id or self.state is None:
            return
        current = self.current_suggestion if self.current_suggestion in layer.by_id else None
        if current is None and self.current_suggestion is not None:
            following = layer.next_after(self.view.cursor - 1) if layer.rows else None
            current = following["id"] if following else None
        self.current_suggestion = current
        drawn, ranges = changed or (None, None)
        self.view.set_suggestions(layer, current,
                                  changed=ranges if drawn is self.view.suggestions else None)
        self._suggestion_note = f"{len(layer)} suggestions{note}: . next, a accept, r reject"
        if current is None and getattr(self, "_said_for", None) != document_id:
            self._said_for = document_id  # once per document opened, not after every save
            self.say(self._suggestion_note)
        self._answered(serial)  # last: a key waiting for this layer meets it drawn

    # --- walking ---------------------------------------------------------------------------

    def _go_to_suggestion(self, row: dict | None) -> None:
        if row is None:
            self.say("no suggestions in this document")
            return
        self.current_suggestion = row["id"]
        self.view.clear_selection()
        self.view.move_cursor(row["start"])
        self.view.set_suggestions(self.view.suggestions, row["id"])
        self.say(f"{row['label']} suggested: {row['why']}")

    def _current_here(self) -> str | None:
        """The current suggestion, if the cursor has not left it since."""
        row = self.view.suggestions.by_id.get(self.current_suggestion)
        return row["id"] if row is not None and row["start"] == self.view.cursor else None

    def action_suggest_next(self) -> None:
        if self.waits_for_suggestions(self.action_suggest_next):
            return
        self._go_to_suggestion(self.view.suggestions.step(self._current_here(), self.view.cursor, True))

    def action_suggest_previous(self) -> None:
        if self.waits_for_suggestions(self.action_suggest_previous):
            return
        self._go_to_suggestion(self.view.suggestions.step(self._current_here(), self.view.cursor, False))

    def _chosen_suggestion(self) -> dict | None:
        layer = self.view.suggestions
        row = layer.by_id.get(self.current_suggestion)
        if row is None or not row["start"] <= self.view.cursor < row["end"]:
            row = layer.at(self.view.cursor)
        if row is None:
            self.say("no suggestion under the cursor: press . to go to the next one")
        return row

    def _after_decision(self, row: dict) -> None:
        """Move on to the next suggestion at once: the next key is about it."""
        layer = self.view.suggestions
        following = [r for r in layer.rows if r["start"] >= row["start"] and r["id"] != row["id"]
                     and (r["start"], r["end"]) != (row["start"], row["end"])
                     and (r["start"] > row["start"] or r["end"] > row["end"])]
        nxt = following[0] if following else None
        remaining = SuggestionLayer([r for r in layer.rows if r["id"] != row["id"]
                                     and not (r["start"] == row["start"] and r["end"] == row["end"])])
        self.current_suggestion = nxt["id"] if nxt else None
        self.view.set_suggestions(remaining, self.current_suggestion)
        if nxt is not None:
            self.view.move_cursor(nxt["start"])

    # --- deciding --------------------------------------------------------------------------

    def _accept(self, row: dict, label: str | None) -> None:
        chosen = label or row["label"]
        # A claim, like a field's words, belongs to the event being coded.
        ref = self._active_event_ref() if chosen in LABEL_TO_FIELD or chosen == "Claim" else {}
        if label is None or label == row["label"]:
            action = sa.AcceptSuggestion(self.document_id, row["id"], **ref)
        else:
            action = sa.AcceptSuggestionAs(self.document_id, row["id"], label, **ref)
        self._after_decision(row)
        self.send(action)

    def action_suggest_accept(self) -> None:
        if self.waits_for_suggestions(self.action_suggest_accept):
            return
        if self.state is not None and (row := self._chosen_suggestion()) is not None:
            self._accept(row, None)

    def action_suggest_accept_as(self) -> None:
        if self.waits_for_suggestions(self.action_suggest_accept_as):
            return
        if self.state is None or (row := self._chosen_suggestion()) is None:
            return

        def chosen(label: str | None) -> None:
            if label:
                self._accept(row, label)

        self.app.push_screen(LabelPicker(self.LABELS, row["quote"]), chosen)

    def action_suggest_reject(self) -> None:
        if self.waits_for_suggestions(self.action_suggest_reject):
            return
        if self.state is not None and (row := self._chosen_suggestion()) is not None:
            self._after_decision(row)
            self.send(sa.RejectSuggestion(self.document_id, row["id"]))

    def action_suggest_accept_all(self) -> None:
        if self.waits_for_suggestions(self.action_suggest_accept_all):
            return
        if self.state is not None and (row := self._chosen_suggestion()) is not None:
            self.send(sa.AcceptAllOfKind(self.document_id, row["label"]))

    def show_suggestion_under(self, cursor: int) -> str:
        """The status line's part for the suggestion under the cursor."""
        row = self.view.suggestions.at(cursor)
        return f" · suggested {row['label']}: {row['why']}" if row else ""
