"""Opening a document on the annotate screen: the text first, the side panels after.

The document, its state and its marks are read in a thread worker (from the
library, before the screen is pushed: `open_read_first`).  When they are
in, the text is drawn and the keys held since the open go on (tui/keys.py KeyQueue:
in order, each to the state the keys before it left).  The event form and the
claims panel (some 300 widgets: mounting them costs more than drawing a 1 MB text)
and the Footer (it recomposes its keys as the screen's bindings settle) are mounted
once, after that first frame, then filled; the suggestions are read
after that.  Until the panels are in, what would be shown on them waits in
`self.state` and is drawn when they arrive.
"""

from __future__ import annotations

from typing import Callable

from rich.text import Text
from textual import work
from textual.containers import Vertical
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from store.annotate.state import document_state
from store.records.documents import get_document
from tui.messages import ViewState
from tui.safe import visible
from tui.widgets.claims_panel import ClaimsPanel
from tui.widgets.document_view import prepare_for_view
from tui.widgets.event_form import EventForm
from tui.widgets.footer import Footer
from tui.worker import read, view_state

#: Statuses in which the annotator's labels still fill the event's fields.
EDITABLE_STATUSES = ("draft", "needs_revision")


def _load(db, document_id: str) -> tuple[dict, dict, ViewState]:
    state = document_state(db, document_id)
    return get_document(db, document_id), state, view_state(state)


def read_for_view(app, document_id: str, width: int) -> tuple:
    """What `_loaded` shows, read and prepared in a thread: (document, state, view state,
    marks token, (marks, layout)).  Raises what the read raises."""
    document, state, prepared = read(app.db_path, _load, document_id)
    token = app.writer.marks.remember(document_id, prepared.marks)
    # Indexing the marks and splitting the text into paragraphs happen here too:
    # on the UI thread they held the first frame (and the keys waiting for it).
    made = prepare_for_view(document["text"], prepared.marks, width)
    return document, state, prepared, token, made


def open_read_first(app, document_id: str, width: int, show: Callable[[tuple], None],
                    failed: Callable[[str], None] | None = None) -> None:
    """Read and prepare `document_id` in a thread, then `show(loaded)` on the UI thread.

    For a screen not on show yet (the library's Enter): pushed only once its text is
    in, its first frame is the text.  Drawing the screen empty first cost more than
    the text (the empty view, scrollbar and panels rendered 3-5 times as they were
    laid out), on the same thread (the GIL) the read needed.  `width`: the text's
    wrap width, as far as it is known (the view re-wraps lazily if it is not that);
    `failed(message)` is told why, if the read fails.  Keys typed meanwhile
    wait (the "document" hold, which the screen releases once the text is in).
    """
    app.keys.hold("document")

    def work() -> None:
        try:
            loaded = read_for_view(app, document_id, width)
        except Exception as exc:  # noqa: BLE001 - shown, never raised at the user
            message = f"cannot open document: {exc}"

            def refused() -> None:
                app.keys.release("document")
                app.notify(message, severity="error", markup=False)
                if failed is not None:
                    failed(message)
            app.call_from_thread(refused)
            return
        if not get_current_worker().is_cancelled:  # another open has replaced this one
            app.call_from_thread(show, loaded)

    app.run_worker(work, thread=True, exclusive=True, exit_on_error=False, group="open")


class DocumentLoading:
    """Mixed into the annotate screen (which has view, say, document_id, _show_state,
    start_suggestions and the attributes its __init__ sets)."""

    #: The marks snapshot the view shows (tui.worker.MarkSnapshots); an outcome whose
    #: change starts from it is applied as a change, any other redraws the marks.
    marks_token: int | None = None
    #: A claim was saved before the claims panel was mounted: its key hold ends once it is.
    claim_waits_side = False

    #: The side panels once mounted (kept: a query walks the form's 300 widgets each time).
    _form: EventForm | None = None
    _claims: ClaimsPanel | None = None

    @property
    def side_ready(self) -> bool:
        """The event form and the claims panel are mounted."""
        return self._claims is not None

    def form(self) -> EventForm | None:
        """The event form, or None while it is still being mounted."""
        return self._form

    def claims_panel(self) -> ClaimsPanel | None:
        return self._claims

    def _start_load(self, loaded: tuple | None = None) -> None:
        """Load the document (or show `loaded`, from `read_for_view`, at once)."""
        # Keys typed from here until the text is in wait for it ("] e t dr⏎" fast
        # must create the typed event in the new document, not be dropped).
        self.app.keys.hold("document")
        if not self.side_ready:
            # The text shows first; keys wait for the form and claims panel they may
            # reach (a Tab, a field's letters), so a burst lands where slow keys would.
            self.app.keys.hold("side")
        if loaded is not None:
            self._loaded(*loaded)
        else:
            self.load_document()

    def _load_failed(self, error: str) -> None:
        self.app.keys.release("document")
        self.app.keys.release("side")
        self.notify(error, severity="error", markup=False)

    @work(thread=True, exclusive=True, exit_on_error=False, group="document")
    def load_document(self) -> None:
        document_id = self.document_id
        try:
            loaded = read_for_view(self.app, document_id, self.view.wrap_width)
        except Exception as exc:  # noqa: BLE001 - shown, never raised at the user
            self.app.call_from_thread(self._load_failed, f"cannot open document: {exc}")
            return
        self.app.call_from_thread(self._loaded, *loaded)

    def _loaded(self, document: dict, state: dict, prepared: ViewState, token: int | None = None,
                made: tuple | None = None) -> None:
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
        self.event_pending = 0
        self.label_waiting = None
        title = Text(f"[{self.index + 1}/{len(self.document_ids)}] ", style="bold")
        title.append(visible(document["title"] or "(untitled)"))
        if document.get("outlet"):
            title.append("  · " + visible(document["outlet"]), style="italic")
        self.query_one("#doc-title", Static).update(title)
        self.quotes = prepared.quotes
        marks, layout = made or (prepared.marks, None)
        self.view.load(document["text"], marks, layout)
        self.marks_token = token
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
        self.say(f"{len(state['spans'])} spans, {len(state['events'])} events")
        self.suggestions_due()  # `.` typed now waits for this document's suggestions
        self.app.keys.release("document")
        if self.side_ready:
            self._show_state(state)
            self.start_suggestions()  # computed off the UI thread, drawn as they arrive
        else:
            # after the frame that shows the text
            self.call_after_refresh(lambda: self.run_worker(self._fill_side(), group="side"))

    async def _fill_side(self) -> None:
        """Mount the event form and the claims panel, then show the state on them."""
        if not self.side_ready:
            form, claims = EventForm(id="form"), ClaimsPanel(id="claims")
            form.display = False
            await self.query_one("#side", Vertical).mount(form, claims)
            self._form, self._claims = form, claims
            await self.mount(Footer(compact=True))
        self.app.keys.release("side")
        if self.state is not None:
            self._show_state(self.state)
        if self.claim_waits_side:
            self.claim_waits_side = False
            self.app.keys.release("claim")  # the claim made meanwhile is on the panel now
        self.start_suggestions()

    def redraw_marks(self, prepared: ViewState) -> None:
        """Draw an outcome's marks: as a change when it starts from the marks shown."""
        changes = prepared.changes
        if changes is not None and changes.base == self.marks_token:
            self.view.change_spans(changes.removed, changes.added)
        else:
            self.view.set_spans(prepared.marks)
        self.marks_token = changes.token if changes is not None else None
