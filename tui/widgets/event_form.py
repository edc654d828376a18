"""The event form beside the text: every field typable, evidence shown, blockers shown.

Values are saved when a field is left or Enter is pressed, by posting
`EventForm.FieldEdited`; the screen turns that into a versioned store update.
The form only ever displays what the store returned.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.css.query import NoMatches
from textual.message import Message
from textual.widgets import Input, Label, Static

from store.records.events import missing_for_submission
from store.records.field_states import NO_EVIDENCE_EXPECTED
from tui.safe import text, visible

#: (field, label) in the order shown.
FORM_FIELDS = (
    ("event_type", "type"), ("sub_event_type", "sub-type"), ("trigger", "trigger"),
    ("date", "date"), ("date_start", "date from"), ("date_end", "date to"),
    ("time_precision", "time prec."),
    ("location", "location"), ("country", "country"), ("admin1", "admin1"), ("admin2", "admin2"),
    ("latitude", "latitude"), ("longitude", "longitude"), ("geo_precision", "geo prec."),
    ("actor1", "actor 1"), ("actor1_kind", "actor 1 kind"), ("assoc_actor_1", "assoc. 1"),
    ("actor2", "actor 2"), ("actor2_kind", "actor 2 kind"), ("assoc_actor_2", "assoc. 2"),
    ("killed", "killed"), ("fatalities_low", "fatal. low"), ("fatalities_best", "fatal. best"),
    ("fatalities_high", "fatal. high"),
    ("injured", "injured"), ("injured_low", "inj. low"), ("injured_best", "inj. best"),
    ("injured_high", "inj. high"),
    ("civilian_targeting", "civ. target"), ("grading", "grading"), ("notes", "notes"),
)


#: What a field takes, shown in the empty field (domain.md §2).
HINTS = {
    "event_type": "t picks from the ACLED taxonomy",
    "date": "the words that date it (label 2)", "date_start": "YYYY-MM-DD", "date_end": "YYYY-MM-DD",
    "time_precision": "1 day · 2 week · 3 month",
    "geo_precision": "1 town · 2 near/part of region · 3 larger region",
    "actor1_kind": "State forces, Rebel group, Political/Identity militia, …",
    "actor2_kind": "… Rioters, Protesters, Civilians, External/Other forces",
    "fatalities_low": "whole number", "fatalities_best": "whole number",
    "fatalities_high": "whole number", "injured_low": "whole number",
    "injured_best": "whole number", "injured_high": "whole number",
    "civilian_targeting": "1 yes · 0 no",
    "grading": "confirmed, fair, weak, contested, discounted",
    "latitude": "decimal degrees", "longitude": "decimal degrees",
}


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
    """A form field: the cursor sits at the end of the value, so typing on adds to it."""

    def on_focus(self) -> None:
        self.cursor_position = len(self.value)


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
    """

    @dataclass
    class FieldEdited(Message):
        field: str
        value: str

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.event: dict | None = None
        self.evidence: dict[str, list[str]] = {}
        self.border_title = "event"
        self._shown_content: dict[str, tuple] = {}  # what each Static shows (see _update)
        self._shown_marks: dict[str, tuple] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="form-head")
        yield Static(id="form-blockers")
        yield Static(id="form-error")
        yield Static(id="form-grounding")
        for field, label in FORM_FIELDS:
            with Horizontal(classes="row"):
                yield Label(label)
                yield Static("", classes="evidence", id=f"ev-{field}")
                yield FieldInput(id=f"f-{field}", select_on_focus=False, compact=True,
                            placeholder=HINTS.get(field, ""))

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
            lines.append("\nstale (evidence moved or lost in a revision): "
                         + ", ".join(visible(f) for f in sorted(stale)))
        self._update("#form-blockers", lines)
        for field, _ in FORM_FIELDS:
            box = self.query_one(f"#f-{field}", Input)
            value = shown(event.get(field))
            if force or not box.has_focus or box.value == value or getattr(box, "_saved", None) == box.value:
                if box.value != value:
                    box.value = value
                    box.cursor_position = len(value)  # typing on appends, never prepends
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

    def _update(self, selector: str, content: Text) -> None:
        """Update a Static only when what it shows changes (a save redraws the form from
        the stored event: most of it is as it was, and each update costs a repaint)."""
        shown, key = self._shown_content, _key(content)
        if shown.get(selector) != key:
            shown[selector] = key
            self.query_one(selector, Static).update(content)

    def _mark(self, field: str, glyph: Text, tooltip: Text | None) -> None:
        """The evidence mark beside a field and its tooltip, touched only when changed."""
        shown, key = self._shown_marks, (_key(glyph), _key(tooltip))
        if shown.get(field) != key:
            shown[field] = key
            mark = self.query_one(f"#ev-{field}", Static)
            mark.update(glyph)
            mark.tooltip = tooltip

    def show_grounding(self, values: dict) -> None:
        """Where each grounded value came from (tui.grounding_view), one line per evidence field;
        a grounded field is marked ◇ (resolved from words), not ✎ (typed, no evidence)."""
        from tui.grounding_view import grounding_lines
        self._update("#form-grounding", grounding_lines(values))
        for field, row in (values or {}).items():
            if row.get("source") not in ("grounded", "accepted", "picked"):
                continue
            try:
                mark = self.query_one(f"#ev-{field}", Static)
            except NoMatches:  # a field the form does not show
                continue
            if str(mark.render()).strip() == "✎":
                self._mark(field, Text("◇", style="dim"),
                           Text("grounded from the words of the field it came from"))

    def show_error(self, message: str) -> None:
        self.query_one("#form-error", Static).update(text(message))

    def _save(self, box: Input) -> None:
        if self.event is None or not box.id or not box.id.startswith("f-"):
            return
        if box.value != getattr(box, "_saved", None):
            self.post_message(self.FieldEdited(box.id[2:], box.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._save(event.input)

    def on_input_blurred(self, event: Input.Blurred) -> None:
        event.stop()
        self._save(event.input)


def _key(text: Text | None) -> tuple | None:
    """What a Text shows, styles included (Text's own == leaves its base style out)."""
    return None if text is None else (text.plain, str(text.style), tuple(text.spans))
