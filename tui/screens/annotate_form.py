"""The annotate screen's keys for the event form: jump to a field by name, unfold the
optional fields, the pickers of its closed lists, and its saves. A mixin for
`AnnotateScreen`.

Keys typed after an action that fills fields from elsewhere (a label that fills
and grounds a field, an accepted suggestion, a place candidate) wait
until its outcome is shown: the form's Tab order and values are then the same
whether the keys came slowly or in one burst.  The form's own saves need no wait:
the form keeps what it sent until the store answers (EventForm's local model).
"""

from __future__ import annotations

from textual.binding import Binding

from store.annotate import actions as act
from store.annotate import suggestion_actions as sa
from store.annotate.grounding import AcceptAllGrounded, AcceptGrounded, PickCandidate
from tui.screens.choice_picker import ChoicePicker
from tui.screens.type_picker import TypePicker
from tui.widgets.event_form import EventForm
from tui.widgets.form_fields import LABELS, TYPE_FIELDS, choices, jump_entries

#: Actions whose outcome the next keys may depend on (fields filled and grounded; what
#: is still to check, which the next `=` reads).
#: Not CreateEvent: a label right after `e` goes out at once, the writer resolves it in order.
FILLING = (act.LabelSpan, sa.AcceptSuggestion, sa.AcceptSuggestionAs,
           PickCandidate, AcceptGrounded, AcceptAllGrounded)

FORM_BINDINGS = [
    # Priority: they work from inside a form field too, where letters are typed.
    Binding("ctrl+g", "jump_field", "go to field", id="annotate.jump_field", priority=True),
    Binding("ctrl+o", "more_fields", "more fields", id="annotate.more_fields", priority=True),
]


class FormKeys:
    """Mixed into `AnnotateScreen` (needs `send`, `_event_action`, `event`, `say`)."""

    _filling = 0

    @property
    def event_form(self) -> EventForm:
        """The mounted form (keys wait for it: tui.screens.annotate_load holds them)."""
        return self.form() or self.query_one(EventForm)

    # --- waiting for what fills the form --------------------------------------------------

    def hold_for(self, action) -> None:
        if isinstance(action, FILLING):
            self._filling += 1
            self.app.keys.hold("filling")

    def answered(self, action, done: bool) -> None:
        """An outcome came back: the form's pending saves, and the keys held for it."""
        if isinstance(action, act.CreateEvent) and getattr(self, "_jump_after", None):
            field, self._jump_after = self._jump_after, None
            if done:
                self.event_form.jump_to(field)
            self.app.call_later(self.app.keys.release, "jump")
        if isinstance(action, act.UpdateEvent):
            self.event_form.answered(action.changes)
        if isinstance(action, FILLING) and self._filling:
            self._filling -= 1
            if not self._filling:
                self.app.call_later(self.app.keys.release, "filling")  # once the form shows it

    # --- keys -------------------------------------------------------------------------------

    def action_jump_field(self) -> None:
        if self.event is None and not self.event_pending:
            self.say("no active event: press e to start one")
            return

        def chosen(field: str | None) -> None:
            if not field:
                return
            if self.event is None:
                # `e ctrl+g …` typed fast: the form shows once the new event is back; the
                # keys after wait for the jump there.
                self._jump_after = field
                self.app.keys.hold("jump")
                return
            self.event_form.jump_to(field)
            self.say(f"in {LABELS[field]}")

        self.app.push_screen(ChoicePicker("go to field", jump_entries()), chosen)

    def action_more_fields(self) -> None:
        if self.event is None and not self.event_pending:
            self.say("no active event: press e to start one")
            return
        shown = self.event_form.toggle_all()
        self.say("every field shown (ctrl+o folds them)" if shown
                 else "optional fields folded (ctrl+o shows them)")

    # Handlers by name: Textual's @on is not read from a mixin that is not a widget.
    def on_event_form_pick_requested(self, message: EventForm.PickRequested) -> None:
        message.stop()
        field = message.field
        if field in TYPE_FIELDS:
            event = self.event or {}

            def typed(pair: tuple[str, str] | None) -> None:
                if pair:
                    action = self._event_action(act.UpdateEvent, changes={
                        "event_type": pair[0], "sub_event_type": pair[1]})
                    if action:
                        self.send(action)

            current = (event.get("event_type"), event.get("sub_event_type"))
            self.app.push_screen(TypePicker(current, message.query), typed)
            return

        def chosen(value: str | None) -> None:
            if value is not None:
                self.event_form.choose(field, value)

        self.app.push_screen(ChoicePicker(LABELS[field], choices(field), message.query), chosen)

    def on_event_form_field_edited(self, message: EventForm.FieldEdited) -> None:
        changes = message.changes or {message.field: message.value}
        action = self._event_action(act.UpdateEvent, changes=changes)
        if action:
            self.send(action)
        else:
            self.event_form.answered(changes)  # nothing went out: nothing to wait for
