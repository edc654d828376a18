"""The annotate screen: the text, the label legend, the event form and the claims.

Every key that changes something becomes an action dict (see store/annotation.py)
queued on the app's writer thread; the screen redraws from the state the store
returns once the action is committed, so what is drawn as saved is saved.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from store.annotation import document_state
from store.documents import get_document
from store.events import LABEL_TO_FIELD, missing_for_submission
from store.spans import DEFAULT_LABELS

from ..safe import text, visible
from ..widgets.claims_panel import ClaimsPanel
from ..widgets.document_view import DocumentView, SpanMark
from ..widgets.event_form import EventForm
from ..widgets.legend import Legend
from ..widgets.status_bar import StatusBar
from ..worker import ActionDone, ActionFailed, read
from .conflict import OVERWRITE, ConflictScreen
from .type_picker import TypePicker


def _label_bindings(labels: tuple[str, ...]) -> list[Binding]:
    return [
        Binding(str(i + 1), f"label({i})", f"label {label}", id=f"annotate.label_{i + 1}",
                show=i == 0)
        for i, label in enumerate(labels)
    ]


def _load(db, document_id: str) -> tuple[dict, dict]:
    return get_document(db, document_id), document_state(db, document_id)


class AnnotateScreen(Screen):
    """Annotate one document of `document_ids` (the library's list, for `]`/`[`)."""

    LABELS = DEFAULT_LABELS
    BINDINGS = _label_bindings(DEFAULT_LABELS) + [
        Binding("e", "new_event", "new event", id="annotate.new_event"),
        Binding("t", "pick_type", "event type", id="annotate.event_type"),
        Binding("x", "remove_span", "remove span", id="annotate.remove_span"),
        Binding("u", "undo", "undo", id="annotate.undo"),
        Binding("ctrl+r", "redo", "redo", id="annotate.redo"),
        Binding("s", "submit", "submit event", id="annotate.submit"),
        Binding("slash", "find", "find", id="annotate.find"),
        Binding("n", "next_match", "next match", id="annotate.next_match", show=False),
        Binding("N", "previous_match", "previous match", id="annotate.previous_match", show=False),
        Binding("E", "next_event", "next event", id="annotate.next_event", show=False),
        Binding("right_square_bracket", "next_document", "next document",
                id="annotate.next_document", show=False),
        Binding("left_square_bracket", "previous_document", "previous document",
                id="annotate.previous_document", show=False),
        Binding("escape", "focus_text", "back to text", id="annotate.focus_text", show=False),
        Binding("L", "library", "library", id="annotate.library"),
    ]

    def __init__(self, document_ids: list[str], index: int = 0,
                 select: tuple[int, int] | None = None):
        super().__init__()
        self.document_ids = document_ids
        self.index = index
        self.initial_selection = select  # e.g. the evidence the review queue jumped to
        self.document: dict | None = None
        self.state: dict | None = None
        self.event_id: str | None = None
        self.speaker_claim: str | None = None  # the claim `8` gives a speaker to

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
                yield DocumentView(id="view")
                yield Input(placeholder="find in the text (Enter selects the match)", id="find")
            with Vertical(id="side"):
                yield Legend(self.LABELS, id="legend")
                yield EventForm(id="form")
                yield ClaimsPanel(id="claims")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(EventForm).display = False
        self.query_one(DocumentView).focus()
        self.load_document()

    @property
    def view(self) -> DocumentView:
        return self.query_one(DocumentView)

    def say(self, message: str) -> None:
        self.query_one(StatusBar).show(message)

    # --- loading ------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="document")
    def load_document(self) -> None:
        document_id = self.document_id
        try:
            document, state = read(self.app.db_path, _load, document_id)
        except Exception as exc:  # noqa: BLE001 - shown, never raised at the user
            self.app.call_from_thread(self.notify, f"cannot open document: {exc}",
                                      severity="error", markup=False)
            return
        self.app.call_from_thread(self._loaded, document, state)

    def _loaded(self, document: dict, state: dict) -> None:
        if document["id"] != self.document_id:
            return  # the person has moved on to another document meanwhile
        self.document = document
        self.state = state
        drafts = [e for e in state["events"] if e["status"] in ("draft", "needs_revision")]
        self.event_id = drafts[-1]["id"] if drafts else None
        self.speaker_claim = None
        title = Text(f"[{self.index + 1}/{len(self.document_ids)}] ", style="bold")
        title.append(visible(document["title"] or "(untitled)"))
        if document.get("outlet"):
            title.append("  · " + visible(document["outlet"]), style="italic")
        self.query_one("#doc-title", Static).update(title)
        self.view.load(document["text"], self._marks(state))
        if self.initial_selection is not None:
            self.view.select(*self.initial_selection)
            self.initial_selection = None
        self._show_state(state)
        self.say(f"{len(state['spans'])} spans, {len(state['events'])} events")

    @staticmethod
    def _marks(state: dict) -> list[SpanMark]:
        return [SpanMark(s["id"], s["start"], s["end"], s["label"])
                for s in state["spans"] if s["start"] is not None]

    def _show_state(self, state: dict, force: bool = False) -> None:
        quotes = {s["id"]: s["quote"] for s in state["spans"]}
        event = self.event
        events = state["events"]
        position = f"{events.index(event) + 1}/{len(events)}" if event else ""
        self.query_one(EventForm).show_event(
            event, state["evidence"].get(self.event_id, {}) if event else {}, quotes, position,
            force, comment=state.get("comments", {}).get(self.event_id))
        self.query_one(ClaimsPanel).show_claims(state["claims"], quotes)

    # --- sending actions ------------------------------------------------------------------

    def send(self, action: dict, undoing: str = "") -> None:
        self.app.writer.submit(action, self, undoing)
        self.say("saving…")

    def _event_action(self, op: str, **fields) -> dict | None:
        event = self.event
        if event is None:
            self.say("no active event: press e to start one")
            return None
        return {"op": op, "document_id": self.document_id, "event_id": event["id"],
                "version": event["version"], **fields}

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
            action = {"op": "create_claim", "document_id": self.document_id, "start": start,
                      "end": end, "event_id": self.event_id}
        elif label == "Speaker" and self.speaker_claim:
            claim = next((c for c in self.state["claims"] if c["id"] == self.speaker_claim), None)
            action = {"op": "set_speaker", "document_id": self.document_id, "start": start,
                      "end": end, "claim_id": self.speaker_claim,
                      "version": claim["version"] if claim else None}
        else:
            action = {"op": "label", "document_id": self.document_id, "start": start,
                      "end": end, "label": label}
            event = self.event
            if event is not None and label in LABEL_TO_FIELD:
                action.update(event_id=event["id"], version=event["version"])
        self.view.clear_selection()
        self.send(action)

    def action_new_event(self) -> None:
        if self.state is not None:
            self.send({"op": "create_event", "document_id": self.document_id})

    def action_pick_type(self) -> None:
        event = self.event
        if event is None:
            self.say("no active event: press e to start one")
            return

        def chosen(pair: tuple[str, str] | None) -> None:
            if pair:
                action = self._event_action("update_event", changes={
                    "event_type": pair[0], "sub_event_type": pair[1]})
                if action:
                    self.send(action)

        self.app.push_screen(TypePicker((event["event_type"], event["sub_event_type"])), chosen)

    def action_remove_span(self) -> None:
        if self.state is None:
            return
        cursor = self.view.cursor
        under = [s for s in self.state["spans"]
                 if s["start"] is not None and s["start"] <= cursor < s["end"]]
        if not under:
            self.say("no span under the cursor")
            return
        innermost = min(under, key=lambda s: (s["end"] - s["start"], s["created_at"]))
        self.send({"op": "remove_span", "document_id": self.document_id, "span_id": innermost["id"]})

    def action_undo(self) -> None:
        self.send({"op": "undo"}, undoing="undo")

    def action_redo(self) -> None:
        self.send({"op": "redo"}, undoing="redo")

    def action_submit(self) -> None:
        event = self.event
        if event is None:
            self.say("no active event: press e to start one")
            return
        missing = missing_for_submission(event)
        if missing:
            message = "cannot submit yet: " + ", ".join(missing)
            self.query_one(EventForm).show_error(message)
            self.say(message)
            return
        self.send(self._event_action("submit"))

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
        self.load_document()

    def action_library(self) -> None:
        self.app.pop_screen()

    # --- find in the text -----------------------------------------------------------------

    def action_find(self) -> None:
        box = self.query_one("#find", Input)
        box.add_class("-shown")
        box.focus()

    @on(Input.Changed, "#find")
    def _find_changed(self, event: Input.Changed) -> None:
        count = self.view.set_search(event.value)
        self.say(f"{count} matches" if event.value else "")

    @on(Input.Submitted, "#find")
    def _find_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        found = self.view.select_current_match()
        self.query_one("#find", Input).remove_class("-shown")
        self.view.focus()
        self.say("match selected: press a number to label it" if found else "no match")

    def action_next_match(self) -> None:
        self.view.next_match()

    def action_previous_match(self) -> None:
        self.view.prev_match()

    def action_focus_text(self) -> None:
        box = self.query_one("#find", Input)
        if box.has_class("-shown"):
            box.remove_class("-shown")
            self.view.clear_search()
        self.view.focus()

    # --- the form and the claims panel ------------------------------------------------------

    @on(EventForm.FieldEdited)
    def _field_edited(self, message: EventForm.FieldEdited) -> None:
        action = self._event_action("update_event", changes={message.field: message.value})
        if action:
            self.send(action)

    @on(ClaimsPanel.Edit)
    def _claim_edited(self, message: ClaimsPanel.Edit) -> None:
        self.send({"op": "update_claim", "document_id": self.document_id,
                   "claim_id": message.claim["id"], "version": message.claim["version"],
                   "changes": message.changes})

    # --- outcomes ---------------------------------------------------------------------------

    def on_action_done(self, message: ActionDone) -> None:
        message.stop()  # handled; otherwise it bubbles on to the app's fallback handler
        applied = message.applied
        action, result = applied.action, applied.result or {}
        op = action["op"]
        if op in ("create_event", "restore_event"):
            self.event_id = result["event"]["id"]
        elif op == "discard_event" and action["event_id"] == self.event_id:
            self.event_id = None
        elif op == "create_claim":
            self.speaker_claim = result["claim"]["id"]
        elif op == "set_speaker":
            self.speaker_claim = None
        state = applied.state
        if state is not None and state["document_id"] == self.document_id and self.state is not None:
            self.state = state
            self.view.set_spans(self._marks(state))
            self._show_state(state, force=op == "state")
        self.query_one(EventForm).show_error("")
        self.say(describe(applied.action, result, message.undoing))

    def on_action_failed(self, message: ActionFailed) -> None:
        message.stop()  # one notification, not a second one from the app's fallback
        if message.conflict is not None:
            self._conflict(message)
            return
        self.notify(message.error, title="not saved", severity="error", markup=False)
        self.query_one(EventForm).show_error("not saved: " + message.error)
        self.say("not saved: " + message.error)

    def _conflict(self, message: ActionFailed) -> None:
        action, theirs = message.action, message.conflict
        mine = dict(action.get("changes") or {})
        if action["op"] == "label" and action.get("event_id"):
            field = LABEL_TO_FIELD[action["label"]]
            mine[field] = self.document["text"][action["start"]:action["end"]]
        elif action["op"] == "submit":
            mine["status"] = "submitted"

        def decided(choice: str) -> None:
            if choice == OVERWRITE and not message.undoing:
                self.send(dict(action, version=theirs["version"]))
            else:
                self.send({"op": "state", "document_id": self.document_id})

        self.say("conflict: " + message.error)
        self.app.push_screen(ConflictScreen(message.error, mine, theirs), decided)


def describe(action: dict, result: dict, undoing: str) -> str:
    """A one-line account of what was saved, for the status bar."""
    op = action["op"]
    prefix = f"{undoing}: " if undoing else "saved: "
    if op == "label":
        span = result["span"]
        line = f"{span['label']} “{visible(span['quote'], 40)}”"
        if result.get("field"):
            line += f" → {result['field']}"
        return prefix + line
    if op == "state":
        return "reloaded the stored version"
    words = {
        "remove_span": "span removed", "restore_span": "span restored",
        "create_event": "new event", "discard_event": "event removed",
        "restore_event": "event restored", "update_event": "event updated",
        "create_claim": "claim created (8 on a selection sets its speaker)",
        "discard_claim": "claim removed", "restore_claim": "claim restored",
        "update_claim": "claim updated", "set_speaker": "speaker set", "submit": "submitted for review",
    }
    return prefix + words.get(op, op)
