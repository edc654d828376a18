"""The annotate screen: the text, the label legend, the event form and the claims.

Every key that changes something becomes a typed action (store/annotate/actions.py)
queued on the app's writer thread; the screen redraws from the state the store
returns once the action is committed, so what is drawn as saved is saved.
"""

from __future__ import annotations

import dataclasses

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from store.annotate import actions as act
from store.annotate.actions import NEW_EVENT
from store.annotate.grounding import AcceptGrounded, PickCandidate
from store.annotate.state import document_state
from store.records.documents import get_document
from store.records.events import LABEL_TO_FIELD, missing_for_submission
from store.records.spans import DEFAULT_LABELS
from tui import grounding_view
from tui.messages import ActionDone, ActionFailed
from tui.safe import visible
from tui.screens.annotate_find import FindKeys
from tui.screens.annotate_form import FORM_BINDINGS, FormKeys
from tui.screens.candidate_picker import CandidatePicker
from tui.screens.conflict import OVERWRITE, ConflictScreen
from tui.screens.orphans import OrphansScreen
from tui.screens.suggestions import SUGGESTION_BINDINGS, SuggestionKeys
from tui.screens.type_picker import TypePicker
from tui.widgets.claims_panel import ClaimsPanel
from tui.widgets.document_view import DocumentView
from tui.widgets.event_form import EventForm
from tui.widgets.legend import Legend
from tui.widgets.status_bar import StatusBar
from tui.worker import ViewState, read, view_state

#: Statuses in which the annotator's labels still fill the event's fields.
EDITABLE_STATUSES = ("draft", "needs_revision")


class FindInput(Input):
    """The find box, safe for fast typing.

    Keys are handed to the focused widget when they *arrive*, so in "/Idlib⏎3"
    typed fast, the `3` is already queued here when Enter moves focus back to the
    text.  Enter is therefore handled here, in order, and keys that arrive after
    focus has left are let through to the bindings instead of being typed.
    """

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


def _label_bindings(labels: tuple[str, ...]) -> list[Binding]:
    return [
        Binding(str(i + 1), f"label({i})", f"label {label}", id=f"annotate.label_{i + 1}",
                show=i == 0)
        for i, label in enumerate(labels)
    ]


def _load(db, document_id: str) -> tuple[dict, dict, ViewState]:
    state = document_state(db, document_id)
    return get_document(db, document_id), state, view_state(state)


class AnnotateScreen(FindKeys, FormKeys, SuggestionKeys, Screen):
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
        Binding("equals_sign", "accept_grounded", "accept grounded", id="annotate.accept_grounded"),
        Binding("P", "pick_candidate", "place candidates", id="annotate.pick_candidate"),
    ] + SUGGESTION_BINDINGS + FORM_BINDINGS

    def __init__(self, document_ids: list[str], index: int = 0,
                 select: tuple[int, int] | None = None, find: bool = False):
        super().__init__()
        self.document_ids = document_ids
        self.index = index
        self.initial_selection = select  # e.g. the evidence the review queue jumped to
        self.initial_find = find  # put the selected words in the find box (a search hit)
        self.document: dict | None = None
        self.state: dict | None = None
        self.event_id: str | None = None
        self.speaker_claim: str | None = None  # the claim `8` gives a speaker to
        self.event_pending = False  # `e` pressed, the new event's id not back yet
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
            with Vertical(id="side"):
                yield Legend(self.LABELS, id="legend")
                yield EventForm(id="form")
                yield ClaimsPanel(id="claims")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(EventForm).display = False
        self.query_one(DocumentView).focus()
        self._start_load()

    def open_documents(self, document_ids: list[str], index: int,
                       select: tuple[int, int] | None = None, find: bool = False) -> None:
        """Show another document (the screen is kept between visits: composing it costs)."""
        self.document_ids, self.index = document_ids, index
        self.initial_selection, self.initial_find = select, find
        if self.is_mounted:
            self.state = None  # no action goes out against the previous document
            self.event_id = None
            self.query_one("#find", Input).value = ""
            self.set_focus(self.view)
            self._start_load()

    @property
    def view(self) -> DocumentView:
        return self.query_one(DocumentView)

    def say(self, message: str) -> None:
        self.query_one(StatusBar).show(message)

    # --- loading ------------------------------------------------------------------------

    def _start_load(self) -> None:
        # Keys typed from here until the text is in wait for it ("] e t dr⏎" fast
        # must create the typed event in the new document, not be dropped).
        self.app.keys.hold("document")
        self.load_document()

    def _load_failed(self, error: str) -> None:
        self.app.keys.release("document")
        self.notify(error, severity="error", markup=False)

    @work(thread=True, exclusive=True, exit_on_error=False, group="document")
    def load_document(self) -> None:
        document_id = self.document_id
        try:
            document, state, prepared = read(self.app.db_path, _load, document_id)
        except Exception as exc:  # noqa: BLE001 - shown, never raised at the user
            self.app.call_from_thread(self._load_failed, f"cannot open document: {exc}")
            return
        self.app.call_from_thread(self._loaded, document, state, prepared)

    def _loaded(self, document: dict, state: dict, prepared: ViewState) -> None:
        if document["id"] != self.document_id:
            return  # the person has moved on to another document meanwhile
        self.document = document
        self.state = state
        # The person's own latest draft is active; someone else's draft is shown with E
        # but never filled by labels unasked.
        drafts = [e for e in state["events"]
                  if e["status"] in EDITABLE_STATUSES and e["created_by"] == self.app.login]
        self.event_id = drafts[-1]["id"] if drafts else None
        self.speaker_claim = None
        self.event_pending = False
        self.label_waiting = None
        title = Text(f"[{self.index + 1}/{len(self.document_ids)}] ", style="bold")
        title.append(visible(document["title"] or "(untitled)"))
        if document.get("outlet"):
            title.append("  · " + visible(document["outlet"]), style="italic")
        self.query_one("#doc-title", Static).update(title)
        self.quotes = prepared.quotes
        self.view.load(document["text"], prepared.marks)
        if self.initial_selection is not None:
            start, end = self.initial_selection
            if self.initial_find and 0 <= start < end <= len(document["text"]):
                words = document["text"][start:end]
                self.query_one("#find", Input).value = words
                self._searched = words
                self.view.set_search(words)  # n / N go on to the other matches
                self.say(f"search hit: “{visible(words, 40)}” selected, {self.view.match_count} "
                         "in this text (n / N); a number labels it")
            self.view.select(start, end)
            self.initial_selection, self.initial_find = None, False
        self._show_state(state)
        self.say(f"{len(state['spans'])} spans, {len(state['events'])} events")
        self.app.keys.release("document")
        self.start_suggestions()  # computed off the UI thread, drawn as they arrive

    def _show_state(self, state: dict, force: bool = False) -> None:
        quotes = self.quotes
        event = self.event
        events = state["events"]
        position = f"{events.index(event) + 1}/{len(events)}" if event else ""
        self.query_one(EventForm).show_event(
            event, state["evidence"].get(self.event_id, {}) if event else {}, quotes, position,
            force, comment=state.get("comments", {}).get(self.event_id),
            stale=state.get("stale", {}).get(self.event_id))
        self.query_one(EventForm).show_grounding(state.get("values", {}).get(self.event_id, {}))
        self.query_one(ClaimsPanel).show_claims(state["claims"], quotes)

    # --- sending actions ------------------------------------------------------------------

    def send(self, action: act.Action) -> None:
        self.hold_for(action)  # keys after it wait for what it fills (tui.screens.annotate_form)
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
        selection = self.view.selection
        if selection is None:
            self.say("select text first: v then a motion, or / to find it")
            return
        start, end = selection
        label = self.LABELS[index]
        if label == "Claim":
            # The next keys (8 for its speaker, o/p/c in the panel) are about this claim:
            # they wait until it exists.
            self.app.keys.hold("claim")
            action = act.CreateClaim(self.document_id, start, end,
                                     self._active_event_ref().get("event_id"))
        elif label == "Speaker" and self.speaker_claim:
            claim = next((c for c in self.state["claims"] if c["id"] == self.speaker_claim), None)
            action = act.SetSpeaker(self.document_id, self.speaker_claim, start, end,
                                    claim["version"] if claim else None)
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

    def action_new_event(self) -> None:
        if self.state is not None:
            self.event_pending = True
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
        self.send(act.Undo())

    def action_redo(self) -> None:
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
            self.query_one(EventForm).show_error(message)
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
        where += self.show_suggestion_under(cursor)
        self.query_one(StatusBar).locate(where)

    # --- grounded values (store.annotate.grounding) ----------------------------------------

    def _values(self) -> dict:
        return (self.state or {}).get("values", {}).get(self.event_id, {}) if self.event else {}

    def action_accept_grounded(self) -> None:
        field = grounding_view.pending_field(self._values())
        if field is None:
            self.say("nothing grounded to accept on this event")
            return
        action = self._event_action(AcceptGrounded, field=field)
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
                self.event_pending = False
        elif isinstance(action, act.DiscardEvent) and action.event_id == self.event_id:
            self.event_id = None
        elif isinstance(action, act.CreateClaim):
            self.speaker_claim = result["claim"]["id"]
            self.app.call_later(self.app.keys.release, "claim")  # once the panel shows it
        elif isinstance(action, act.SetSpeaker):
            self.speaker_claim = None
        state = applied.state
        if state is not None and state["document_id"] == self.document_id and self.state is not None:
            self.state = state
            self.quotes = message.view.quotes
            if message.view.marks is not None:
                self.view.set_spans(message.view.marks)
                self._show_where(self.view.cursor, self.view.selection)  # labels under it changed
                self.start_suggestions()
            if isinstance(action, act.Reload):
                self.query_one(ClaimsPanel).forget()
            self._show_state(state, force=isinstance(action, act.Reload))
        self.query_one(EventForm).show_error("")
        self.answered(None if message.undoing else action, done=True)
        line = describe(applied.action, result, message.undoing)
        if applied.action.document_id not in (None, self.document_id):
            line += " (in another document)"  # undo reaches back across documents
        self.say(line)

    def on_action_failed(self, message: ActionFailed) -> None:
        message.stop()  # one notification, not a second one from the app's fallback
        if isinstance(message.action, act.CreateEvent):
            self.event_pending = False
        if isinstance(message.action, act.CreateClaim):
            self.app.keys.release("claim")
        if isinstance(message.action, act.UpdateClaim):
            self.query_one(ClaimsPanel).forget(message.action.claim_id)
        self.answered(message.action, done=False)
        if message.conflict is not None:
            self._conflict(message)
            return
        self.notify(message.error, title="not saved", severity="error", markup=False)
        self.query_one(EventForm).show_error("not saved: " + message.error)
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
    if result.get("note"):  # e.g. an event restored into the incident it had left
        return f"{prefix}{action.said} · {visible(result['note'])}"
    return prefix + action.said
