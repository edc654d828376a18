"""The review queue (`R`, or `eventdesk review`): submitted events and incidents, oldest
first, and the editor's decisions on them.

A submitted incident is a row like an event's (Type "incident: …"); its detail and cells
are tui/screens/review_incidents.py, and `a` / `r` / `b` send `ReviewIncident` (four eyes
checked in store/ as for events), `c` opens the incident to pick a value, `Enter` jumps to
its first source's evidence.

The left pane is the queue (filter box above it: `@alice`, `older:2d`,
`doc:TITLE`, or words); the right pane shows the selected event: every field,
each evidence span highlighted in the text around it, its claims side by side,
its reviews and history, and whether you may approve it.  Decisions and
corrections go through the app's writer thread as `review` / `update_event`
actions, so they are checked by store/ (role, four eyes, version) like any other
write; a refusal comes back as a one-line notification.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Input, Static

from store.annotate import actions as act
from store.annotate.incident_actions import ReviewIncident
from store.errors import StoreError
from store.incidents.store import incident_detail
from store.records.events import EVENT_FIELDS
from store.review import queue
from store.review.agreement import agreement
from store.review.report import report_lines
from tui.messages import ActionDone, ActionFailed
from tui.safe import text, visible
from tui.screens import review_incidents as incidents
from tui.screens.reason import CorrectFieldScreen, ReasonScreen
from tui.screens.review_pages import QUEUE_PAGE_ROWS, QueuePaging  # noqa: F401 (re-exported)
from tui.screens.review_refresh import QueueRefresh
from tui.widgets.footer import Footer
from tui.widgets.status_bar import StatusBar
from tui.worker import read

HIGHLIGHT = "bold black on yellow"


def _detail_id(detail: dict | None) -> str | None:
    if detail is None:
        return None
    return detail["incident"]["id"] if "incident" in detail else detail["event"]["id"]


def evidence_text(evidence: list[dict], unbacked: dict[str, list[str]] | None = None) -> Text:
    """Each evidence span in the words around it, the span itself highlighted; first,
    the values nothing in the text backs (typed) or whose words went (stale)."""
    out = Text()
    for kind, words in (("typed", "typed, no evidence"), ("stale", "stale: evidence removed or lost")):
        fields = (unbacked or {}).get(kind) or []
        if fields:
            out.append(f"{words}: ", style="bold yellow")
            out.append(", ".join(visible(f) for f in fields) + "\n")
    if not evidence:
        out.append("no evidence linked", style="dim")
        return out
    for ev in evidence:
        out.append(f"{ev['field']} ", style="bold")
        out.append(f"{ev['start']}..{ev['end']} [", style="dim")
        out.append(visible(ev["label"]), style="dim")
        out.append("]\n  …", style="dim")
        out.append(visible(ev["before"]))
        out.append(visible(ev["quote"]), style=HIGHLIGHT)
        out.append(visible(ev["after"]))
        out.append("…\n")
    return out


def fields_text(event: dict) -> Text:
    out = Text()
    width = max(len(f) for f in EVENT_FIELDS)
    for field in EVENT_FIELDS:
        value = event.get(field)
        if value in (None, ""):
            continue
        out.append(f"{field:<{width}}  ", style="bold")
        out.append(visible(value))
        out.append("\n")
    return out or Text("no fields set", style="dim")


def claims_table(claims: list[dict]) -> Table | Text:
    """Claims side by side: speaker, content, polarity (and certainty, topic)."""
    if not claims:
        return Text("no claims", style="dim")
    table = Table(expand=True, show_edge=False, pad_edge=False)
    for column in ("speaker", "content", "polarity", "certainty", "topic"):
        table.add_column(column)
    for claim in claims:
        table.add_row(text(claim.get("speaker_quote") or "—", limit=40),
                      text(claim.get("content_quote") or "—", limit=80),
                      text(claim["polarity"]), text(claim["certainty"]), text(claim["topic"] or "—"))
    return table


def history_text(detail: dict) -> Text:
    out = Text()
    for r in detail["reviews"]:
        out.append(f"{r['at'][:16].replace('T', ' ')}  ", style="dim")
        out.append(visible(r["actor"]), style="bold")
        out.append(f"  {r['action']}: {r['from_status']} → {r['to_status']}")
        if r["reason"]:
            out.append("  “" + visible(r["reason"]) + "”", style="italic")
        out.append("\n")
    for entry in detail["history"]:
        if entry["action"] not in ("create", "update", "link", "unlink"):
            continue  # transitions are listed above with their reasons
        out.append(f"#{entry['seq']} {entry['at'][:16].replace('T', ' ')}  ", style="dim")
        out.append(visible(entry["actor"]))
        out.append(f"  {entry['action']}")
        before, after = entry["before"] or {}, entry["after"] or {}
        if entry["action"] == "update":
            changed = [k for k in EVENT_FIELDS if before.get(k) != after.get(k)]
            out.append(" " + ", ".join(changed), style="italic")
        elif entry["action"] in ("link", "unlink"):
            out.append(" " + visible((after or before).get("field")), style="italic")
        out.append("\n")
    return out


class AgreementScreen(ModalScreen[None]):
    """The agreement report for one document (`A` in the review queue)."""

    DEFAULT_CSS = """
    AgreementScreen { align: center middle; }
    AgreementScreen > VerticalScroll { width: 110; height: 80%; border: thick $accent;
                                       background: $surface; padding: 0 1; }
    """
    BINDINGS = [Binding("escape,A", "close", "close", id="agreement.close")]

    def __init__(self, document_id: str):
        super().__init__()
        self.document_id = document_id

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text("computing agreement…", style="dim"), id="agreement-report")

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="agreement")
    def load(self) -> None:
        lines = read(self.app.db_path, lambda db: report_lines(agreement(db, self.document_id)))
        self.app.call_from_thread(self._show, lines)

    def _show(self, lines: list[str]) -> None:
        self.query_one("#agreement-report", Static).update(Text("\n".join(visible(line) for line in lines)))

    def action_close(self) -> None:
        self.dismiss(None)


#: The queue's columns, most telling first: what the event is, where, when, who, and
#: then when it came and from which article. Only those that fit are shown.
QUEUE_COLUMNS = (("Type", "type", 17), ("Location", "location", 11), ("Date", "date", 10),
                 ("By", "by", 8), ("Submitted", "at", 11), ("Document", "doc", 24))
#: The order they stand in, left to right.
QUEUE_COLUMNS_SHOWN_ORDER = (QUEUE_COLUMNS[4], QUEUE_COLUMNS[3], QUEUE_COLUMNS[0], QUEUE_COLUMNS[2],
                             QUEUE_COLUMNS[1], QUEUE_COLUMNS[5])


class ReviewScreen(QueueRefresh, QueuePaging, Screen):
    """The editor's queue of submitted events and incidents."""

    DEFAULT_CSS = """
    ReviewScreen #review-body { height: 1fr; }
    ReviewScreen #queue-pane { width: 2fr; min-width: 40; }
    ReviewScreen #review-filter { margin: 0 1; }
    ReviewScreen #queue { height: 1fr; }
    ReviewScreen #detail { width: 3fr; border: round $primary; padding: 0 1; }
    ReviewScreen #detail > Static { height: auto; margin-bottom: 1; }
    ReviewScreen #detail-problem { color: $warning; }
    ReviewScreen .heading { text-style: bold; color: $accent; margin-bottom: 0; }
    """
    BINDINGS = [
        Binding("j", "move(1)", "next", id="review.next"),
        Binding("k", "move(-1)", "previous", id="review.previous"),
        Binding("a", "approve", "approve", id="review.approve"),
        Binding("x", "reject", "reject", id="review.reject"),
        Binding("r", "reload", "reload", id="review.reload"),
        Binding("b", "send_back", "send back", id="review.send_back"),
        Binding("enter", "jump", "to evidence", id="review.jump"),
        Binding("c", "correct", "correct field", id="review.correct"),
        Binding("A", "agreement", "agreement", id="review.agreement"),
        Binding("slash", "filter", "filter", id="review.filter"),
        Binding("escape", "back", "back", id="review.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict] = []  # the whole queue as last read
        self.shown: list[dict] = []  # after the filter
        self.detail: dict | None = None
        self.filter_text = ""
        self.matching = self.waiting = 0  # the filter keeps / waiting in all (events + incidents)
        self._events_matching = self._events_waiting = 0
        self._incidents: list[dict] = []  # submitted incidents not yet placed among the events
        self._incidents_matching = self._incidents_waiting = 0
        self._after: tuple | None = None  # the last event read: the next page starts after it
        self._paging = False

    # --- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield StatusBar(self.app.login, id="status")
        with Horizontal(id="review-body"):
            with Vertical(id="queue-pane"):
                yield Input(placeholder="filter: @annotator  older:2d  doc:title  words",
                            id="review-filter")
                yield DataTable(id="queue", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="detail"):
                yield Static(id="detail-head")
                yield Static(id="detail-problem")
                yield Static(Text("fields"), classes="heading")
                yield Static(id="detail-fields")
                yield Static(Text("evidence in context"), classes="heading")
                yield Static(id="detail-evidence")
                yield Static(Text("claims"), classes="heading")
                yield Static(id="detail-claims")
                yield Static(Text("reviews and history"), classes="heading")
                yield Static(id="detail-history")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._columns: list[tuple[str, str, int]] = []
        self._fit_columns()
        self.table.focus()
        self.start_refresh()

    def on_resize(self) -> None:
        if self._fit_columns():
            self._fill()

    def _fit_columns(self) -> bool:
        """Show the columns that fit the queue's width, most telling first; True if they changed."""
        table = self.table
        room = table.size.width or max(40, self.size.width * 2 // 5)
        chosen, used = [], 0
        for column in QUEUE_COLUMNS:
            if used + column[2] + 2 <= room or not chosen:
                chosen.append(column)
                used += column[2] + 2
        order = [c for c in QUEUE_COLUMNS_SHOWN_ORDER if c in chosen]
        if order == self._columns:
            return False
        self._columns = order
        table.clear(columns=True)
        for label, key, width in order:
            table.add_column(label, key=key, width=width)
        return True

    def on_screen_resume(self) -> None:
        self.load_queue()

    @property
    def table(self) -> DataTable:
        return self.query_one("#queue", DataTable)

    @property
    def selected(self) -> dict | None:
        if not self.shown:
            return None
        row = min(self.table.cursor_row, len(self.shown) - 1)
        return self.shown[row] if row >= 0 else None

    def say(self, message: str) -> None:
        self.query_one(StatusBar).show(message)

    # --- reading -------------------------------------------------------------------------

    def _add_queue_row(self, r: dict) -> None:
        if incidents.is_incident(r):
            cells = incidents.cells(r)
            self.table.add_row(*(cells[key] for _, key, _ in self._columns), key=r["id"])
            return
        cells = {
            "at": text((r["submitted_at"] or "")[5:16].replace("T", " ")),
            "by": text(r["created_by"], limit=8),
            "type": text(r["event_type"] or "—", limit=17), "date": text(r["date"] or "—", limit=10),
            "location": text(r["location"] or "—", limit=11),
            "doc": text(r["document_title"] or "(untitled)", limit=24),
        }
        self.table.add_row(*(cells[key] for _, key, _ in self._columns), key=r["id"])

    def _fill(self) -> None:
        keep = self.selected["id"] if self.selected else None
        self.shown = self.rows  # filtered in SQL (queue_pages), a page at a time
        table = self.table
        table.clear()
        for r in self.shown:
            self._add_queue_row(r)
        ids = [r["id"] for r in self.shown]
        if ids:
            table.move_cursor(row=ids.index(keep) if keep in ids else 0)
        # A decision just saved stays on the line with the count that follows it.
        outcome, self._outcome = getattr(self, "_outcome", None), None
        self._say_count(outcome)
        self._select_changed()

    def _select_changed(self) -> None:
        event = self.selected
        if event is None:
            self.detail = None
            self._show_detail(None)
            return
        if incidents.is_incident(event):
            self.load_incident(event["id"])
            return
        self.load_detail(event["id"])

    @work(thread=True, exclusive=True, exit_on_error=False, group="review-detail")
    def load_incident(self, incident_id: str) -> None:
        try:
            detail = read(self.app.db_path, incident_detail, incident_id, self.app.login)
        except StoreError as exc:
            self.app.call_from_thread(self.say, str(exc))
            return
        self.app.call_from_thread(self._detail_loaded, detail)

    @work(thread=True, exclusive=True, exit_on_error=False, group="review-detail")
    def load_detail(self, event_id: str) -> None:
        login = self.app.login
        try:
            detail = read(self.app.db_path, queue.event_detail, event_id, login)
        except StoreError as exc:
            self.app.call_from_thread(self.say, str(exc))
            return
        self.app.call_from_thread(self._detail_loaded, detail)

    def _detail_loaded(self, detail: dict) -> None:
        current = self.selected
        if current is None or current["id"] != _detail_id(detail):
            return  # the editor has moved on meanwhile
        self.detail = detail
        self._show_detail(detail)

    def _show_detail(self, detail: dict | None) -> None:
        head = self.query_one("#detail-head", Static)
        problem = self.query_one("#detail-problem", Static)
        if detail is None:
            head.update(Text("nothing waiting for review", style="dim"))
            for part in ("problem", "fields", "evidence", "claims", "history"):
                self.query_one(f"#detail-{part}", Static).update("")
            return
        if "incident" in detail:
            self._show_incident(detail)
            return
        event = detail["event"]
        line = Text()
        line.append(visible(detail["document_title"] or "(untitled)"), style="bold")
        line.append(f"\ncoded by {visible(event['created_by'])} · version {event['version']} · "
                    f"{event['status'].replace('_', ' ')}", style="dim")
        head.update(line)
        if detail["approval_problem"]:
            problem.update(Text("you cannot approve: " + visible(detail["approval_problem"])))
        else:
            problem.update(Text("you may approve this event", style="green"))
        self.query_one("#detail-fields", Static).update(fields_text(event))
        self.query_one("#detail-evidence", Static).update(evidence_text(detail["evidence"], detail.get("unbacked")))
        self.query_one("#detail-claims", Static).update(claims_table(detail["claims"]))
        self.query_one("#detail-history", Static).update(history_text(detail))

    def _show_incident(self, detail: dict) -> None:
        self.query_one("#detail-head", Static).update(incidents.head(detail))
        problem = detail["approval_problem"]
        self.query_one("#detail-problem", Static).update(
            Text("you cannot approve: " + visible(problem)) if problem
            else Text("you may approve this incident", style="green"))
        self.query_one("#detail-fields", Static).update(incidents.fields(detail))
        self.query_one("#detail-evidence", Static).update(incidents.evidence(detail, evidence_text))
        self.query_one("#detail-claims", Static).update(claims_table(incidents.claims(detail)))
        self.query_one("#detail-history", Static).update(incidents.history(detail))

    @on(DataTable.RowHighlighted, "#queue")
    def _highlighted(self, message: DataTable.RowHighlighted) -> None:
        self._maybe_page()
        if self.detail is None or message.row_key.value != _detail_id(self.detail):
            self._select_changed()

    # --- actions -------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        if self.shown:
            self.table.move_cursor(row=max(0, min(len(self.shown) - 1, self.table.cursor_row + step)))

    def _send(self, action: str, reason: str | None = None) -> None:
        event = self.selected
        if event is None:
            self.say("nothing selected")
            return
        if incidents.is_incident(event):
            seen = self.detail["incident"]["version"] if _detail_id(self.detail) == event["id"] \
                else event["version"]
            self.app.writer.submit(ReviewIncident(event["id"], action, reason, seen), self)
            self.say("saving…")
            return
        version = self.detail["event"]["version"] if _detail_id(self.detail) == event["id"] else event["version"]
        self.app.writer.submit(act.Review(event["document_id"], event["id"], action, reason,
                                          version), self)
        self.say("saving…")

    def action_approve(self) -> None:
        self._send("approve")

    def action_reject(self) -> None:
        if self.selected is None:
            return
        self.app.push_screen(ReasonScreen(f"Reject this {self._kind}: why?", "reason (required)"),
                             lambda reason: reason and self._send("reject", reason))

    def action_send_back(self) -> None:
        if self.selected is None:
            return
        self.app.push_screen(
            ReasonScreen("Send back for revision: what should the annotator change?",
                         "comment (the annotator sees it)"),
            lambda comment: comment and self._send("return", comment))

    @property
    def _kind(self) -> str:
        return "incident" if incidents.is_incident(self.selected) else "event"

    def action_correct(self) -> None:
        if self.detail is None:
            return
        if "incident" in self.detail:  # an incident's fields are corrected by picking a value
            from tui.screens.incidents import IncidentScreen

            self.app.push_screen(IncidentScreen(self.detail["incident"]["id"]))
            return
        event = self.detail["event"]

        def corrected(change: tuple[str, str] | None) -> None:
            if change is None:
                return
            field, value = change
            self.app.writer.submit(act.UpdateEvent(event["document_id"], event["id"],
                                                   {field: value}, event["version"]), self)
            self.say("saving…")

        self.app.push_screen(CorrectFieldScreen(event), corrected)

    def action_jump(self) -> None:
        """Open the annotate screen on the event's document with its first evidence selected."""
        from tui.screens.annotate import AnnotateScreen

        if self.detail is None:
            return
        if "incident" in self.detail:  # the first source with evidence, else the first source
            sources = self.detail["events"]
            if not sources:
                self.say("this incident has no events left")
                return
            first = next((e for e in sources if self.detail["evidence"].get(e["id"])), sources[0])
            found = self.detail["evidence"].get(first["id"])
            at = (found[0]["start"], found[0]["end"]) if found else None
            self.app.push_screen(AnnotateScreen([first["document_id"]], 0, select=at))
            return
        evidence = self.detail["evidence"]
        at = (evidence[0]["start"], evidence[0]["end"]) if evidence else None
        self.app.push_screen(AnnotateScreen([self.detail["event"]["document_id"]], 0, select=at))

    @on(DataTable.RowSelected, "#queue")
    def _row_selected(self, message: DataTable.RowSelected) -> None:
        self.action_jump()

    def action_agreement(self) -> None:
        event = self.selected
        if incidents.is_incident(event):
            self.say("agreement is per article: select one of the events")
        elif event is not None:
            self.app.push_screen(AgreementScreen(event["document_id"]))

    def action_filter(self) -> None:
        self.query_one("#review-filter", Input).focus()

    def action_back(self) -> None:
        if self.query_one("#review-filter", Input).has_focus:
            self.table.focus()
            return
        self.app.pop_screen()

    @on(Input.Changed, "#review-filter")
    def _filter_changed(self, message: Input.Changed) -> None:
        self.filter_text = message.value
        self.load_queue()  # the filter runs in SQL; the latest read wins (exclusive)

    @on(Input.Submitted, "#review-filter")
    def _filter_submitted(self, message: Input.Submitted) -> None:
        self.table.focus()

    # --- outcomes ------------------------------------------------------------------------

    def on_action_done(self, message: ActionDone) -> None:
        message.stop()  # handled here; the app's fallback is for screens that have closed
        applied = message.applied
        action = applied.action
        event = (applied.result or {}).get("event") or {}
        if isinstance(action, act.Review):
            self._outcome = "event " + visible(event.get("status", "")).replace("_", " ")
            self.notify(self._outcome, markup=False)
        elif isinstance(action, ReviewIncident):
            incident = (applied.result or {}).get("incident") or {}
            self._outcome = "incident " + visible(incident.get("status", "")).replace("_", " ")
            self.notify(self._outcome, markup=False)
        else:
            self._outcome = "correction saved (yours; another editor must approve it)"
        self.say(self._outcome)
        self.load_queue()

    def on_action_failed(self, message: ActionFailed) -> None:
        message.stop()
        self.notify(message.error, title="refused", severity="error", markup=False)
        self.say("refused: " + message.error)
        if message.conflict is not None:
            self.load_queue()
