"""The event form beside the text: every field typable, evidence shown, blockers shown.

Values are saved when a field is left or Enter is pressed, by posting
`EventForm.FieldEdited`; the screen turns that into a versioned store update.
The form displays what the store returned, except a field whose save is still on its
way: that one keeps the value sent (the form's local model), so a state committed
before it cannot put an older value back while keys are still arriving.

Fields come in the order coders work (tui.widgets.form_fields); the optional ones
are folded until asked for (`show_all`, `jump_to`); a closed list opens a picker
when typed into (`PickRequested`); `date to` follows `date from` unless changed,
derived here from the values typed, never from a stored state.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.css.query import NoMatches
from textual.message import Message
from textual.widgets import Input, Label, Static
from textual.widgets.input import Selection

from store.records.events import missing_for_submission
from store.records.field_states import NO_EVIDENCE_EXPECTED
from tui.safe import text, visible
from tui.widgets.form_fields import CLOSED, CORE, FORM_FIELDS, HINTS

__all__ = ["EventForm", "FORM_FIELDS", "HINTS"]

#: What the annotator can expect of an event that is no longer theirs to edit.
WAITING = {
    "submitted": "submitted: waiting for an editor's review",
    "approved": "approved: read-only until an editor reopens it",
    "rejected": "rejected: read-only until an editor reopens it",
}


def _next_step(event: dict) -> str:
    """The form's status line: what blocks submitting, or that it is with the editors."""
    if event["status"] in WAITING:
        return WAITING[event["status"]]
    missing = missing_for_submission(event)
    return ("cannot submit yet: " + ", ".join(missing)) if missing else "ready to submit (s)"


def shown(value) -> str:
    return "" if value is None else str(value)


class FieldInput(Input):
    """A form field: the cursor sits at the end of the value, so typing on adds to it.

    A derived value (`date to` copied from `date from`) is selected instead, so
    typing replaces it and Tab keeps it.
    """

    derived = False

    def on_focus(self) -> None:
        self.before = self.value  # what `date to` follows when `date from` changes
        if self.derived and self.value:
            self.selection = Selection(0, len(self.value))
        else:
            self.cursor_position = len(self.value)


class ChoiceInput(FieldInput):
    """A closed field: a typed character opens its picker with that character as the
    filter's first letter (space opens it unfiltered); Backspace and ctrl+u still clear."""

    async def _on_key(self, event) -> None:
        if event.is_printable and event.character and self.screen.focused is self:
            event.stop()
            event.prevent_default()
            form = next(a for a in self.ancestors if isinstance(a, EventForm))
            form.post_message(EventForm.PickRequested(self.id[2:], event.character.strip()))
        else:
            await super()._on_key(event)


class EventForm(VerticalScroll, can_focus=False):
    DEFAULT_CSS = """
    EventForm { height: 3fr; border: round $primary-darken-2; padding: 0 1; }
    EventForm > .row { height: 1; }
    EventForm > .row > Label { width: 13; }
    EventForm > .row > .evidence { width: 3; color: $success; }
    EventForm > .row > Input { width: 1fr; height: 1; border: none; padding: 0; }
    EventForm > .row > Input:focus { background: $boost; }
    EventForm #form-head { height: auto; }
    EventForm #form-blockers { height: auto; color: $warning; }
    EventForm #form-error { height: auto; color: $error; }
    EventForm #form-grounding { height: auto; color: $text-muted; }
    EventForm #form-folded { height: auto; color: $text-muted; }
    """

    @dataclass
    class FieldEdited(Message):
        field: str
        value: str
        #: every field this save changes (`date to` derived from `date from` goes with it)
        changes: dict | None = None

    @dataclass
    class PickRequested(Message):
        """A closed field was typed into: open its picker, `query` its first letter."""

        field: str
        query: str

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.event: dict | None = None
        self.evidence: dict[str, list[str]] = {}
        self.border_title = "event"
        self.all_shown = False  # ctrl+o: the folded fields too
        self.asked: set[str] = set()  # folded fields jumped to (ctrl+g): shown and in Tab order
        self._pending: dict[str, int] = {}  # field -> saves sent and not answered yet
        self._sent: dict[str, str] = {}  # field -> the value last sent
        self._comment_shown = None
        self._shown_content: dict[str, tuple] = {}  # what each Static shows (see _update)
        self._shown_marks: dict[str, tuple] = {}
        self._found: dict[str, object] = {}  # see _node (not _nodes: Textual's children)

    def compose(self) -> ComposeResult:
        yield Static(id="form-head")
        yield Static(id="form-blockers")
        yield Static(id="form-error")
        yield Static(id="form-grounding")
        for field, label in FORM_FIELDS:
            with Horizontal(classes="row", id=f"row-{field}"):
                yield Label(label)
                yield Static("", classes="evidence", id=f"ev-{field}")
                kind = ChoiceInput if field in CLOSED else FieldInput
                yield kind(id=f"f-{field}", select_on_focus=False, compact=True,
                           placeholder=HINTS.get(field, ""))
        yield Static(id="form-folded")

    def on_mount(self) -> None:
        self._fold()

    # --- folding and jumping --------------------------------------------------------------

    def _open(self, field: str) -> bool:
        """A field shown and reached by Tab: a core one, or asked for."""
        return self.all_shown or field in CORE or field in self.asked

    def _fold(self) -> None:
        """Show the open fields and the folded ones with a value; only open ones take Tab.

        What Tab reaches depends on keys alone (ctrl+o, ctrl+g), never on a value a save
        brings back, so keys typed in a burst land in the same fields as typed slowly."""
        hidden = 0
        for field, _ in FORM_FIELDS:
            box = self._node(f"#f-{field}")
            is_open = self._open(field)
            box.can_focus = is_open
            shows = is_open or bool(box.value)
            self._node(f"#row-{field}").display = shows
            hidden += not shows
        hint = Text()
        if hidden:
            hint.append(f"{hidden} more fields folded: ctrl+o shows them, ctrl+g jumps to one")
        elif self.all_shown:
            hint.append("ctrl+o folds the optional fields")
        self._update("#form-folded", hint)  # repainted only when it changes

    def toggle_all(self) -> bool:
        self.all_shown = not self.all_shown
        if not self.all_shown:
            self.asked.clear()
        self._fold()
        return self.all_shown

    def jump_to(self, field: str) -> None:
        """Open `field` (unfolding it) and put the cursor in it."""
        self.asked.add(field)
        self._fold()
        box = self._node(f"#f-{field}")
        if not box.disabled:
            self.screen.set_focus(box)
        box.scroll_visible(animate=False)

    def choose(self, field: str, value: str) -> None:
        """A picker's choice: into the field, saved as if typed and left."""
        box = self._node(f"#f-{field}")
        box.value = value
        box.cursor_position = len(value)
        self._save(box)

    # --- the local model: saves on their way ----------------------------------------------

    def answered(self, changes: dict) -> None:
        """A save of these fields was committed or refused: show the stored value again."""
        for field in changes:
            if self._pending.get(field):
                self._pending[field] -= 1
                if not self._pending[field]:
                    del self._pending[field]
                    self._sent.pop(field, None)

    def show_event(self, event: dict | None, evidence: dict[str, list[str]], quotes: dict[str, str],
                   position: str = "", force: bool = False, comment: dict | None = None,
                   stale: dict[str, dict] | None = None) -> None:
        """Display `event` as stored.

        A field being typed in is left alone (unless `force`: the person chose
        to take the stored version), so a save elsewhere does not eat keystrokes.
        `comment` is the editor's note when the event was sent back or rejected;
        `stale` the fields whose evidence a revision moved or lost (marked ! until
        the coder changes them).
        """
        stale = stale or {}
        self.event, self.evidence = event, evidence
        self.display = event is not None
        if event is None:
            return
        head = Text()
        head.append(f"event {position}", style="bold")
        head.append(f"  {event['status']}  v{event['version']}  by {visible(event['updated_by'])}")
        self._update("#form-head", head)
        if event["id"] != getattr(self, "_shown_id", None):
            self.show_error("")  # an error belongs to the event it was about
            self._pending.clear()
            self._sent.clear()
        if force:
            self._pending.clear()  # the person chose the stored version
            self._sent.clear()
        self._shown_id = event["id"]
        blockers = _next_step(event)
        lines = Text()
        if comment:
            # The editor's words on why the event came back (store.review.workflow.review_comment).
            words = {"return": "sent back", "reject": "rejected", "reopen": "reopened"}
            lines.append(f"{words.get(comment['action'], comment['action'])} by "
                         f"{visible(comment['actor'])}: ", style="bold")
            lines.append("“" + visible(comment["reason"]) + "”\n")
        lines.append(blockers)
        if stale:
            # Each with its own reason: words removed by a person, or moved or lost by a
            # revision of the article.
            lines.append("\nstale: " + "; ".join(
                f"{visible(f)} ({visible(stale[f].get('reason') or 'evidence moved or lost')})"
                for f in sorted(stale)))
        self._update("#form-blockers", lines)
        said = (event["id"], comment.get("reason")) if comment else None
        if said and said != self._comment_shown:
            # The editor's note is the first thing to read on an event sent back.
            self.call_after_refresh(self.scroll_home, animate=False)
        self._comment_shown = said
        for field, _ in FORM_FIELDS:
            box = self._node(f"#f-{field}")
            value = shown(event.get(field))
            if field in self._pending:
                pass  # a save of it is on its way: the local value stands until it is answered
            elif force or not box.has_focus or box.value == value or getattr(box, "_saved", None) == box.value:
                if box.value != value:
                    box.value = value
                    box.cursor_position = len(value)  # typing on appends, never prepends
                if field == "date_end":
                    box.derived = bool(value) and value == shown(event.get("date_start"))
            box._saved = value
            # Submitted and decided events are with the editors: shown, not editable here.
            disabled = event["status"] not in ("draft", "needs_revision")
            if box.disabled != disabled:
                box.disabled = disabled
            ids = evidence.get(field, [])
            if field in stale:
                self._mark(field, Text("!", style="bold yellow"), Text(visible(stale[field]["reason"])))
            elif ids:
                self._mark(field, Text("◆"), Text(" | ".join(visible(quotes.get(i, ""), 40) for i in ids)))
            elif value and field not in NO_EVIDENCE_EXPECTED:
                # typed by a person, nothing in the text behind it
                self._mark(field, Text("✎", style="dim"),
                           Text("typed, no evidence: an editor sees it listed in review"))
            else:
                self._mark(field, Text(" "), None)
        self._fold()

    def _node(self, selector: str):
        """The form's widget `selector` ("#f-date"), found once: a query walks the form's
        ~300 widgets, and a save redraws every field (the form is composed once and
        its widgets are never replaced)."""
        node = self._found.get(selector)
        if node is None:
            node = self._found[selector] = self.query_one(selector)
        return node

    def _update(self, selector: str, content: Text) -> None:
        """Update a Static only when what it shows changes (a save redraws the form from
        the stored event: most of it is as it was, and each update costs a repaint)."""
        shown, key = self._shown_content, _key(content)
        if shown.get(selector) != key:
            shown[selector] = key
            self._node(selector).update(content)

    def _mark(self, field: str, glyph: Text, tooltip: Text | None) -> None:
        """The evidence mark beside a field and its tooltip, touched only when changed."""
        shown, key = self._shown_marks, (_key(glyph), _key(tooltip))
        if shown.get(field) != key:
            shown[field] = key
            mark = self._node(f"#ev-{field}")
            mark.update(glyph)
            mark.tooltip = tooltip

    def show_grounding(self, values: dict) -> None:
        """Where each grounded value came from (tui.grounding_view), one line per evidence field;
        a grounded field is marked ◇ (resolved from words), not ✎ (typed, no evidence)."""
        from tui.grounding_view import grounding_lines
        self._update("#form-grounding", grounding_lines(values, self.event))
        for field, row in (values or {}).items():
            if row.get("source") not in ("grounded", "accepted", "picked"):
                continue
            try:
                mark = self._node(f"#ev-{field}")
            except NoMatches:  # a field the form does not show
                continue
            if str(mark.render()).strip() == "✎":
                self._mark(field, Text("◇", style="dim"),
                           Text("grounded from the words of the field it came from"))

    def show_error(self, message: str) -> None:
        self._update("#form-error", text(message))  # cleared after every save: a no-op mostly

    def _save(self, box: Input) -> None:
        if self.event is None or not box.id or not box.id.startswith("f-"):
            return
        field = box.id[2:]
        known = self._sent[field] if field in self._pending else getattr(box, "_saved", None)
        if box.value == known:
            return
        changes = {field: box.value}
        if field == "date_end":
            box.derived = False  # the person's own date now
        if field == "date_start":
            end = self.query_one("#f-date_end", FieldInput)
            # `date to` follows `date from` while it is empty or still the old `date from`.
            if end.value.strip() == "" or end.value == getattr(box, "before", known):
                end.value = box.value
                end.derived = bool(box.value)
                if end.has_focus and end.value:
                    # Tab moved focus before this blur was handled: select it there too.
                    end.selection = Selection(0, len(end.value))
                changes["date_end"] = box.value
        box.before = box.value
        for name, value in changes.items():
            self._pending[name] = self._pending.get(name, 0) + 1
            self._sent[name] = value
        self.post_message(self.FieldEdited(field, box.value, changes))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._save(event.input)

    def on_input_blurred(self, event: Input.Blurred) -> None:
        event.stop()
        self._save(event.input)


def _key(text: Text | None) -> tuple | None:
    """What a Text shows, styles included (Text's own == leaves its base style out)."""
    return None if text is None else (text.plain, str(text.style), tuple(text.spans))
