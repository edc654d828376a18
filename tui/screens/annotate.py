"""The annotate screen: the text, the label legend, the event form and the claims.

Every key that changes something becomes a typed action (store/annotate/actions.py)
queued on the app's writer thread; the screen redraws from the state the store
returns once the action is committed, so what is drawn as saved is saved.
"""

from __future__ import annotations

import dataclasses

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from store.annotate import actions as act
from store.annotate.actions import NEW_EVENT
from store.annotate.grounding import AcceptAllGrounded, AcceptGrounded, PickCandidate
from store.records.events import LABEL_TO_FIELD, missing_for_submission
from store.records.spans import DEFAULT_LABELS
from tui import grounding_view
from tui.document import phrases
from tui.messages import ActionDone, ActionFailed
from tui.safe import visible
from tui.screens.annotate_claims import CLAIM_BINDINGS, ClaimKeys
from tui.screens.annotate_find import FindKeys
from tui.screens.annotate_form import FORM_BINDINGS, FormKeys
from tui.screens.annotate_load import EDITABLE_STATUSES, DocumentLoading
from tui.screens.candidate_picker import CandidatePicker
from tui.screens.conflict import OVERWRITE, ConflictScreen
from tui.screens.orphans import OrphansScreen
from tui.screens.suggestions import SUGGESTION_BINDINGS, SuggestionKeys
from tui.screens.type_picker import TypePicker
from tui.widgets.claims_panel import ClaimsPanel
from tui.widgets.document_view import DocumentView
from tui.widgets.legend import Legend
from tui.widgets.status_bar import StatusBar

__all__ = ["EDITABLE_STATUSES", "AnnotateScreen"]


class FindInput(Input):
    """The find box, safe for fast typing.

    Keys are handed to the focused widget when they *arrive*, so in "/Idlib⏎3"
    typed fast, the `3` is already queued here when Enter moves focus back to the
    text.  Enter is therefore handled here, in order, and keys that arrive after
    focus has left are let through to the bindings instead of being typed.
    """

    BINDINGS = [
        # Enter then `i` in one key: the match selected and grown to the end of its word
        # ("/rai" Tab selects "raid").  Handled in order like Enter (the key queue).
        Binding("tab", "grow_match", "find: select the match to its word's end",
                id="annotate.find_grow", show=False,
                tooltip="In the find box: as Enter followed by i"),
    ]

    def action_grow_match(self) -> None:
        if self.screen.focused is self:
            self.screen.action_find_select(grow=True)

    async def _on_key(self, event) -> None:
        # Textual then runs Input's own key handler unless the default is prevented.
        if self.screen.focused is not self:
            event.prevent_default()  # not typed here; bubbles on to the screen's bindings
        elif event.key == "enter":
            event.stop()
            event.prevent_default()
            self.screen.action_find_select()


class TextPane(DocumentView, inherit_bindings=False):
    """The document view as the annotate screen uses it.

    The view binds `e` to "end of word"; here `e` starts an event (the
    keyboard contract), so end of word moves to `f` (same id, `doc.word_end`,
    so a keymap can still put it anywhere).
    """

    BINDINGS = [dataclasses.replace(b, key="f") if b.key == "e" else b
                for b in DocumentView.BINDINGS]


#: What a label key takes with nothing selected (tui.document.phrases).
LABEL_TIPS = {
    "Killed": "nothing selected: the count at the cursor (At least 13)",
    "Injured": "nothing selected: the count at the cursor (dozens)",
    "Actor": "nothing selected: the actor phrase at the cursor (US special operations troops)",
    "Target": "nothing selected: the actor phrase at the cursor (women and children)",
    "Date": "nothing selected: the date words at the cursor (Wednesday night)",
    "Location": "nothing selected: the name at the cursor (Idlib Province)",
    "Speaker": "nothing selected: the name at the cursor (Al Jazeera)",
}


def _label_bindings(labels: tuple[str, ...]) -> list[Binding]:
    return [
        Binding(str(i + 1), f"label({i})", f"label {label}", id=f"annotate.label_{i + 1}",
                show=i == 0, tooltip=LABEL_TIPS.get(label, "nothing selected: the word at the cursor"))
        for i, label in enumerate(labels)
    ]


class AnnotateScreen(ClaimKeys, DocumentLoading, FindKeys, FormKeys, SuggestionKeys, Screen):
    """Annotate one document of `document_ids` (the library's list, for `]`/`[`)."""

    LABELS = DEFAULT_LABELS
    BINDINGS = _label_bindings(DEFAULT_LABELS) + [
        Binding("e", "new_event", "new event", id="annotate.new_event"),
        # Priority, so the picker is up before the keys typed right after `t` are handed out.
        Binding("t", "pick_type", "event type", id="annotate.event_type", priority=True),
        Binding("x", "remove_span", "remove span", id="annotate.remove_span"),
        Binding("u", "undo", "undo", id="annotate.undo"),
        Binding("ctrl+r", "redo", "redo", id="annotate.redo"),
        Binding("s", "submit", "submit event", id="annotate.submit"),
        # Priority: run before the keys typed right after are handed to a widget, so
        # "/Idlib⏎3" typed fast lands in the find box, then labels the match.
        Binding("slash", "find", "find", id="annotate.find", priority=True),
        Binding("backslash", "find_here", "find from the cursor", id="annotate.find_here",
                priority=True, show=False),
        Binding("n", "next_match", "next match", id="annotate.next_match", show=False),
        Binding("N", "previous_match", "previous match", id="annotate.previous_match", show=False),
        # After n/N: Enter in the text makes the match under the cursor the selection,
        # as Enter in the find box does for the first one.
        Binding("enter", "select_match", "select the match", id="annotate.select_match",
                show=False),
        Binding("E", "next_event", "next event", id="annotate.next_event", show=False),
        Binding("right_square_bracket", "next_document", "next document",
                id="annotate.next_document", show=False),
        Binding("left_square_bracket", "previous_document", "previous document",
                id="annotate.previous_document", show=False),
        Binding("C", "focus_claims", "claims panel", id="annotate.claims"),
        Binding("escape", "focus_text", "back to text", id="annotate.focus_text", show=False),
        Binding("L", "library", "library", id="annotate.library"),
        Binding("O", "orphans", "place lost spans", id="annotate.orphans", show=False),
        # `a` accepts a suggestion; `=` the value grounded from the span just labelled.
        Binding("equals_sign", "accept_grounded", "accept grounded", id="annotate.accept_grounded",
                tooltip="Accept the value grounded last that is still to check; again: the one before"),
        Binding("asterisk", "accept_all_grounded", "accept all grounded", id="annotate.accept_all_grounded",
                tooltip="Accept every grounded value of the event still to check; the status bar lists them"),
        Binding("P", "pick_candidate", "place candidates", id="annotate.pick_candidate"),
    ] + SUGGESTION_BINDINGS + FORM_BINDINGS + CLAIM_BINDINGS

    def __init__(self, document_ids: list[str], index: int = 0,
                 select: tuple[int, int] | None = None, find: bool = False,
                 loaded: tuple | None = None):
        super().__init__()
        #: the document read before the screen was pushed (annotate_load.open_read_first)
        self._preloaded = loaded
        self.document_ids = document_ids
        self.index = index
        self.initial_selection = select  # e.g. the evidence the review queue jumped to
        self.initial_find = find  # put the selected words in the find box (a search hit)
        self.document: dict | None = None
        self.state: dict | None = None
        self.event_id: str | None = None
        self.speaker_claim: str | None = None  # the claim `8` gives a speaker to
        self.event_pending = 0  # how many `e` presses have no new event id back yet
        #: (start, end, label) refused for want of an event; `e` starts one and labels it
        self.label_waiting: tuple[int, int, str] | None = None
        self.quotes: dict[str, str] = {}  # span id -> quote, for the form and claims

    @property
    def document_id(self) -> str:
        return self.document_ids[self.index]

    @property
    def event(self) -> dict | None:
        if self.state is None or self.event_id is None:
            return None
        return next((e for e in self.state["events"] if e["id"] == self.event_id), None)

    # --- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield StatusBar(self.app.login, id="status")
        with Horizontal(id="body"):
            with Vertical(id="text-pane"):
                yield Static(id="doc-title")
                yield FindInput(placeholder="/ find in the text (Enter selects the match, n/N next/previous)",
                                id="find", compact=True)
                yield TextPane(id="view")
            with Vertical(id="side"):  # the event form and claims follow the text (annotate_load)
                yield Legend(self.LABELS, id="legend")
        # the Footer too comes after the text (annotate_load): it recomposes its keys

    def on_mount(self) -> None:
        self.query_one(DocumentView).focus()
        loaded, self._preloaded = self._preloaded, None
        self._start_load(loaded)

    def open_documents(self, document_ids: list[str], index: int,
                       select: tuple[int, int] | None = None, find: bool = False,
                       loaded: tuple | None = None) -> None:
        """Show another document (the screen is kept between visits: composing it costs);
        `loaded`: it, already read (annotate_load.open_read_first)."""
        self.document_ids, self.index = document_ids, index
        self.initial_selection, self.initial_find = select, find
        if self.is_mounted:
            self.state = None  # no action goes out against the previous document
            self.event_id = None
            self.query_one("#find", Input).value = ""
            self.set_focus(self.view)
            self._start_load(loaded)
        else:
            self._preloaded = loaded

    @property
    def view(self) -> DocumentView:
        view = self.__dict__.get("_view")  # kept: a query walks the screen's widgets
        if view is None:
            view = self._view = self.query_one(DocumentView)
        return view

    def say(self, message: str) -> None:
        self.query_one(StatusBar).show(message)

    def _show_state(self, state: dict, force: bool = False) -> None:
        form, claims = self.form(), self.claims_panel()
        if form is None or claims is None:
            return  # shown once they are mounted (annotate_load)
        quotes = self.quotes
        event = self.event
        events = state["events"]
        position = f"{events.index(event) + 1}/{len(events)}" if event else ""
        form.show_event(
            event, state["evidence"].get(self.event_id, {}) if event else {}, quotes, position,
            force, comment=state.get("comments", {}).get(self.event_id),
            stale=state.get("stale", {}).get(self.event_id))
        form.show_grounding(state.get("values", {}).get(self.event_id, {}))
        claims.show_claims(state["claims"], quotes)

    # --- sending actions ------------------------------------------------------------------

    def send(self, action: act.Action) -> None:
        self.hold_for(action)  # keys after it wait for what it fills (tui.screens.annotate_form)
        if changes_spans(action):
            self.span_change_sent()  # suggestion keys wait until the layer shows it
        self.app.writer.submit(action, self)
        self.say("saving…")

    def _active_event_ref(self) -> dict:
        """event_id and version of the active event, for an action that touches it."""
        if self.event_pending:
            return {"event_id": NEW_EVENT, "version": None}  # resolved in order by the writer
        event = self.event
        if event is None or event["status"] not in EDITABLE_STATUSES:
            return {}  # a submitted or decided event takes no more labels from here
        return {"event_id": event["id"], "version": event["version"]}

    def _event_action(self, kind: type[act.Action], **fields) -> act.Action | None:
        if self.event_pending:
            return kind(document_id=self.document_id, **self._active_event_ref(), **fields)
        event = self.event
        if event is None:
            self.say("no active event: press e to start one")
            return None
        return kind(document_id=self.document_id, event_id=event["id"],
                    version=event["version"], **fields)

    def action_label(self, index: int) -> None:
        if self.state is None or index >= len(self.LABELS):
            return
        label = self.LABELS[index]
        if (missed := self.missed_find()) is not None:
            self.say(f"nothing labelled: no match for “{visible(missed, 40)}”")
            return
        selection = self.view.selection or self.take_phrase(label)
        if selection is None:
            self.say("select text first: v then a motion, or / to find it")
            return
        start, end = selection
        if label == "Claim":
            # The next keys (8 for its speaker, o/p/c in the panel) are about this claim:
            # they wait until it exists.
            self.app.keys.hold("claim")
            action = act.CreateClaim(self.document_id, start, end,
                                     self._active_event_ref().get("event_id"))
        elif label == "Speaker" and (target := self.speaker_target()):
            claim = next((c for c in self.state["claims"] if c["id"] == target), None)
            action = act.SetSpeaker(self.document_id, target, start, end,
                                    claim["version"] if claim else None)
        elif label == "Speaker":
            # A speaker with no claim would be a span linked to nothing.
            self.say("no claim to give a speaker: 9 makes words a claim, C selects one")
            return
        else:
            ref = self._active_event_ref() if label in LABEL_TO_FIELD else {}
            if label in LABEL_TO_FIELD and not ref:
                # No event, or one that is someone else's or with the editors: a label
                # would leave a span linked to nothing. Keep the selection and offer one
                # key that starts an event of one's own and labels it.
                self.label_waiting = (start, end, label)
                which = "no event" if self.event is None else "no editable event"
                self.say(f"{which} to fill {LABEL_TO_FIELD[label]}: "
                         "e starts one and labels the selection")
                return
            action = act.LabelSpan(self.document_id, start, end, label, **ref)
        self.view.clear_selection()
        self.send(action)

    def take_phrase(self, label: str) -> tuple[int, int] | None:
        """Nothing selected: select what the label's rule knows at the cursor (the count,
        the actor, the date, the name; else the word: tui.document.phrases) and return it."""
        found = phrases.phrase_at(label, self.view.text, self.view.cursor)
        if found is not None:
            self.view.select(*found)
        return found

    def action_new_event(self) -> None:
        if self.state is not None:
            self.event_pending += 1
            # The keys after `e` are about the new event (`s` submits it, `t` types it):
            # they wait for its id, so they do the same fast or slow.
            self.app.keys.hold("new event")
            self.send(act.CreateEvent(self.document_id))
            waiting, self.label_waiting = self.label_waiting, None
            if waiting is not None and self.view.selection == waiting[:2]:
                self.view.clear_selection()
                self.send(act.LabelSpan(self.document_id, *waiting, event_id=NEW_EVENT))

    def action_orphans(self) -> None:
        """List the spans a revision lost; place the chosen one on the selection."""
        if self.state is None:
            return
        orphans = self.state.get("orphans") or []
        if not orphans:
            self.say("no lost spans: every span of this version has its words")
            return
        selection = self.view.selection

        def chosen(span_id: str | None) -> None:
            if span_id and selection is not None:
                self.send(act.PlaceOrphan(self.document_id, span_id, selection[0], selection[1]))

        self.app.push_screen(OrphansScreen(orphans, selection), chosen)

    def action_pick_type(self) -> None:
        event = self.event
        if event is None and not self.event_pending:
            self.say("no active event: press e to start one")
            return

        def chosen(pair: tuple[str, str] | None) -> None:
            if pair:
                action = self._event_action(act.UpdateEvent, changes={
                    "event_type": pair[0], "sub_event_type": pair[1]})
                if action:
                    self.send(action)

        current = (event["event_type"], event["sub_event_type"]) if event else (None, None)
        self.app.push_screen(TypePicker(current), chosen)

    def action_remove_span(self) -> None:
        if self.state is None:
            return
        under = self.view.spans_at(self.view.cursor)
        if not under:
            self.say("no span under the cursor")
            return
        innermost = min(under, key=lambda mark: mark.end - mark.start)
        self.send(act.RemoveSpan(self.document_id, innermost.id))

    def action_undo(self) -> None:
        # What an undo takes back (an event, a claim, a label) is known once it is done;
        # the keys after it are about what it leaves, so they wait for it.
        self.app.keys.hold("undo")
        self.send(act.Undo())

    def action_redo(self) -> None:
        self.app.keys.hold("undo")
        self.send(act.Redo())

    def action_submit(self) -> None:
        event = self.event
        if self.event_pending:
            self.say("the new event is still being saved; press s again")
            return
        if event is None:
            self.say("no active event: press e to start one")
            return
        missing = missing_for_submission(event)
        if missing:
            message = "cannot submit yet: " + ", ".join(missing)
            if self.form():
                self.form().show_error(message)
            self.say(message)
            return
        self.send(self._event_action(act.Submit))

    def action_next_event(self) -> None:
        if not self.state or not self.state["events"]:
            return
        ids = [e["id"] for e in self.state["events"]]
        i = ids.index(self.event_id) + 1 if self.event_id in ids else 0
        self.event_id = ids[i % len(ids)]
        self._show_state(self.state)

    def action_next_document(self) -> None:
        self._go(1)

    def action_previous_document(self) -> None:
        self._go(-1)

    def _go(self, step: int) -> None:
        new = self.index + step
        if not 0 <= new < len(self.document_ids):
            self.say("no further document")
            return
        self.index = new
        self.state = None
        self.query_one("#find", Input).value = ""  # a search belongs to the text it ran on
        self._start_load()

    def action_library(self) -> None:
        self.app.pop_screen()

    def on_document_view_cursor_moved(self, message: DocumentView.CursorMoved) -> None:
        if self.view.selection is None and self.query_one(StatusBar).message.startswith("match selected"):
            self.say("")  # the selection it spoke of is gone
        self._show_where(message.cursor, message.selection)

    def _show_where(self, cursor: int, selection: tuple[int, int] | None) -> None:
        """The status bar's 'at 120 · selected … · on Location' part."""
        where = f"at {cursor}"
        if selection:
            start, end = selection
            where += f" · selected {start}..{end} ({end - start} chars)"
        # The view's span index: the cost per key does not grow with the document.
        labels = [mark.label for mark in self.view.spans_at(cursor)]
        if labels:
            where += " · on " + ", ".join(labels)
        where += self.match_where(cursor) + self.show_suggestion_under(cursor)
        self.query_one(StatusBar).locate(where)

    # --- grounded values (store.annotate.grounding) ----------------------------------------

    def _values(self) -> dict:
        return (self.state or {}).get("values", {}).get(self.event_id, {}) if self.event else {}

    def action_accept_grounded(self) -> None:
        field = grounding_view.pending_field(self._values(), self.event)
        if field is None:
            self.say("nothing grounded to check on this event")
            return
        action = self._event_action(AcceptGrounded, field=field)
        if action:
            self.send(action)

    def action_accept_all_grounded(self) -> None:
        if not grounding_view.to_check(self._values(), self.event):
            self.say("nothing grounded to check on this event")
            return
        action = self._event_action(AcceptAllGrounded)
        if action:
            self.send(action)

    def action_pick_candidate(self) -> None:
        offers = grounding_view.candidates(self._values())
        if not offers:
            self.say("no place candidates: label a Location on the event first")
            return
        picked = next((v["detail"].get("picked", 0) for v in self._values().values()
                       if "candidates" in v["detail"]), 0)

        def chosen(index: int | None) -> None:
            if index is not None:
                action = self._event_action(PickCandidate, index=index)
                if action:
                    self.send(action)

        self.app.push_screen(CandidatePicker(offers, picked), chosen)

    # --- the form and the claims panel ------------------------------------------------------

    @on(ClaimsPanel.Edit)
    def _claim_edited(self, message: ClaimsPanel.Edit) -> None:
        self.send(act.UpdateClaim(self.document_id, message.claim["id"], message.changes,
                                  message.claim["version"]))

    @on(ClaimsPanel.Discard)
    def _claim_discarded(self, message: ClaimsPanel.Discard) -> None:
        self.send(act.DiscardClaim(self.document_id, message.claim["id"], message.claim["version"]))

    # --- outcomes ---------------------------------------------------------------------------

    def on_action_done(self, message: ActionDone) -> None:
        message.stop()  # handled; otherwise it bubbles on to the app's fallback handler
        applied = message.applied
        action, result = applied.action, applied.result or {}
        if isinstance(action, (act.CreateEvent, act.RestoreEvent)):
            self.event_id = result["event"]["id"]
            if isinstance(action, act.CreateEvent):
                # `e e` fast: keys after the second are for the second event, still pending
                self.event_pending = max(0, self.event_pending - 1)
                self.app.call_later(self.app.keys.release, "new event")  # once the form shows it
        elif isinstance(action, act.DiscardEvent) and action.event_id == self.event_id:
            self.event_id = None
        elif isinstance(action, act.CreateClaim):
            self.speaker_claim = result["claim"]["id"]
            if self.side_ready:
                self.app.call_later(self.app.keys.release, "claim")  # once the panel shows it
            else:
                self.claim_waits_side = True
        elif isinstance(action, act.SetSpeaker):
            self.speaker_claim = None
        state = applied.state
        if state is not None and state["document_id"] == self.document_id and self.state is not None:
            self.state = state
            self.quotes = message.view.quotes
            if message.view.marks is not None:
                self.redraw_marks(message.view)
                self._show_where(self.view.cursor, self.view.selection)  # labels under it changed
                # after the frame: a worker reading them now would share the GIL with this
                self.suggestions_due()  # a suggestion key from now on waits for them
                self.call_after_refresh(self.start_suggestions)
            if isinstance(action, act.Reload) and self.claims_panel():
                self.claims_panel().forget()
            self._show_state(state, force=isinstance(action, act.Reload))
        if message.undoing or changes_spans(applied.action):
            self.span_change_answered()  # after suggestions_due: a reload of them is on its way
        if self.form():
            self.form().show_error("")
        self.answered(None if message.undoing else action, done=True)
        if message.undoing:
            self.app.call_later(self.app.keys.release, "undo")  # once the screen shows it
        line = describe(applied.action, result, message.undoing)
        if applied.action.document_id not in (None, self.document_id):
            line += " (in another document)"  # undo reaches back across documents
        self.say(line)

    def on_action_failed(self, message: ActionFailed) -> None:
        message.stop()  # one notification, not a second one from the app's fallback
        if isinstance(message.action, act.CreateEvent):
            self.event_pending = max(0, self.event_pending - 1)
            self.app.keys.release("new event")
        if isinstance(message.action, act.CreateClaim):
            self.app.keys.release("claim")
        if isinstance(message.action, act.UpdateClaim) and self.claims_panel():
            self.claims_panel().forget(message.action.claim_id)
        self.answered(message.action, done=False)
        if message.undoing or isinstance(message.action, (act.Undo, act.Redo)):
            self.app.keys.release("undo")
        if message.undoing or changes_spans(message.action):
            self.span_change_answered()
        if message.conflict is not None:
            self._conflict(message)
            return
        self.notify(message.error, title="not saved", severity="error", markup=False)
        if self.form():
            self.form().show_error("not saved: " + message.error)
        self.say("not saved: " + message.error)

    def _conflict(self, message: ActionFailed) -> None:
        action, theirs = message.action, message.conflict
        mine = dict(getattr(action, "changes", None) or {})
        if isinstance(action, act.LabelSpan) and action.event_id:
            field = LABEL_TO_FIELD[action.label]
            mine[field] = self.document["text"][action.start:action.end]
        elif isinstance(action, act.Submit):
            mine["status"] = "submitted"

        def decided(choice: str) -> None:
            if choice == OVERWRITE and not message.undoing and hasattr(action, "version"):
                self.send(dataclasses.replace(action, version=theirs["version"]))
            else:
                self.send(act.Reload(self.document_id))

        self.say("conflict: " + message.error)
        self.app.push_screen(ConflictScreen(message.error, mine, theirs), decided)


def changes_spans(action: act.Action) -> bool:
    """Whether applying `action` may change the document's spans (an undo may)."""
    return action.changes_spans or isinstance(action, (act.Undo, act.Redo))


def describe(action: act.Action, result: dict, undoing: str) -> str:
    """A one-line account of what was saved, for the status bar."""
    prefix = f"{undoing}: " if undoing else "saved: "
    if isinstance(action, act.LabelSpan) or ("suggestion" in result and result.get("span")):
        span = result["span"]
        line = f"{span['label']} “{visible(span['quote'], 40)}”"
        if result.get("field"):
            line += f" → {result['field']}"
        return prefix + line
    if isinstance(action, act.Reload):
        return action.said
    if result.get("accepted"):  # `*`: what was accepted, each value as the form shows it
        return f"{prefix}accepted {grounding_view.summary(result['accepted'])}"
    if result.get("note"):  # e.g. an event restored into the incident it had left
        return f"{prefix}{action.said} · {visible(result['note'])}"
    return prefix + action.said
