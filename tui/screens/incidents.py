"""Incidents (`I`): candidate pairs side by side, and an incident's sources and fields.

`IncidentsScreen` shows one candidate pair at a time: each field's value from
each report with its evidence in the words around it (fields that differ are
marked ≠), then both reports' claims grouped by topic with speaker, cue,
polarity and certainty. Keys: `l` link, `x` not the same, `n`/`p` next and
previous candidate, `j`/`J` jump to the left/right report's evidence in its
article, `i` the incident of the pair.

`IncidentScreen` lists every source of an incident and its reconciled fields;
on the highlighted field `b` picks the suggested best fatalities, `1`..`9`
pick source N's value, `0` clears the pick; `s` submits, `a` approves.
Every change is a typed action through the app's writer thread.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from store.annotate import incident_actions as incident_act
from store.incidents.compare import COMPARED, pair, screen_candidates
from store.incidents.store import incident_view
from tui.messages import ActionDone, ActionFailed
from tui.safe import text, visible
from tui.widgets.status_bar import StatusBar
from tui.worker import read

HIGHLIGHT = "bold black on yellow"
DIFFERS = "bold red"


def _load(db) -> dict:
    candidates = screen_candidates(db)
    return {"candidates": candidates}


def side_text(report: dict, differs: list[str]) -> Text:
    out = Text()
    doc = report["document"]
    out.append(visible(doc.get("title") or doc["id"], 70), style="bold")
    out.append(f"\n{visible(doc.get('outlet') or '-')} · {visible(doc.get('published') or 'no date')}\n",
               style="dim")
    if report["event"] is None:
        out.append("not coded yet: no event to link\n", style="italic")
        return out
    for field in COMPARED:
        value = report["fields"].get(field)
        mark = "≠ " if field in differs else "  "
        out.append(mark, style=DIFFERS)
        out.append(f"{field}: ", style=DIFFERS if field in differs else "bold")
        out.append(visible("-" if value in (None, "") else value, 60))
        out.append("\n")
        for ev in report["evidence"].get(field, [])[:2]:
            out.append("    …" + visible(ev["before"][-30:]), style="dim")
            out.append(visible(ev["quote"], 60), style=HIGHLIGHT)
            out.append(visible(ev["after"][:30]) + "…\n", style="dim")
    return out


def claims_text(topics: dict) -> Text:
    out = Text()
    if not topics:
        return Text("no claims coded on either side", style="dim")
    for topic, sides in topics.items():
        out.append(f"{visible(topic)}\n", style="bold underline")
        for name in ("a", "b"):
            for claim in sides[name]:
                out.append("  left  " if name == "a" else "  right ", style="dim")
                out.append(visible(claim.get("speaker") or "(no speaker)", 30), style="bold")
                out.append(f" {visible(claim.get('cue') or '-', 15)} ", style="italic")
                style = DIFFERS if claim.get("polarity") == "denies" else ""
                out.append(f"[{visible(claim.get('polarity'))}, {visible(claim.get('certainty'))}] ",
                           style=style)
                out.append("\u201c" + visible(claim.get("content") or "", 70) + "\u201d\n")
    return out


class IncidentsScreen(Screen):
    """Candidate pairs of reports, two at a time."""

    BINDINGS = [
        Binding("l", "link", "link", id="incidents.link"),
        Binding("x", "not_same", "not the same", id="incidents.not_same"),
        Binding("n", "move(1)", "next candidate", id="incidents.next"),
        Binding("p", "move(-1)", "previous", id="incidents.previous"),
        Binding("j", "jump('a')", "left evidence", id="incidents.jump_left"),
        Binding("J", "jump('b')", "right evidence", id="incidents.jump_right"),
        Binding("i", "incident", "incident", id="incidents.incident"),
        Binding("escape", "back", "back", id="incidents.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.candidates: list[dict] = []
        self.position = 0
        self.shown: dict | None = None

    def compose(self) -> ComposeResult:
        yield StatusBar(self.app.login, id="status")
        yield Static(id="pair-head")
        with Horizontal(id="pair-body"):
            with VerticalScroll(id="side-a"):
                yield Static(id="side-a-text")
            with VerticalScroll(id="side-b"):
                yield Static(id="side-b-text")
        with VerticalScroll(id="pair-claims-pane"):
            yield Static(id="pair-claims")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.load()

    def say(self, message: str) -> None:
        self.query_one(StatusBar).show(message)

    @work(thread=True, exclusive=True, exit_on_error=False, group="incidents")
    def load(self) -> None:
        try:
            loaded = read(self.app.db_path, _load)
        except Exception as exc:  # noqa: BLE001 - told, never raised at the user
            self.app.call_from_thread(self.notify, f"cannot read candidates: {exc}",
                                      severity="error", markup=False)
            return
        self.app.call_from_thread(self._loaded, loaded)

    def _loaded(self, loaded: dict) -> None:
        self.candidates = loaded["candidates"]
        self.position = min(self.position, max(0, len(self.candidates) - 1))
        self.show_pair()

    @work(thread=True, exclusive=True, exit_on_error=False, group="incident-pair")
    def show_pair(self) -> None:
        if not self.candidates:
            self.app.call_from_thread(self._shown, None)
            return
        c = self.candidates[self.position]
        try:
            shown = read(self.app.db_path, pair, c["a"], c["b"])
        except Exception as exc:  # noqa: BLE001 - told, never raised at the user
            self.app.call_from_thread(self.notify, f"cannot read the pair: {exc}",
                                      severity="error", markup=False)
            return
        self.app.call_from_thread(self._shown, shown)

    def _shown(self, shown: dict | None) -> None:
        self.shown = shown
        head = self.query_one("#pair-head", Static)
        if shown is None:
            head.update(Text("no candidate pairs: nothing else to compare"))
            for widget in ("#side-a-text", "#side-b-text", "#pair-claims"):
                self.query_one(widget, Static).update("")
            return
        c = self.candidates[self.position]
        line = Text(f"candidate {self.position + 1} of {len(self.candidates)} · score {c['score']:.2f} · ")
        line.append("likely" if c["likely"] else "unlikely", style="bold green" if c["likely"] else "dim")
        line.append("\n" + visible(c["why"]), style="dim")
        head.update(line)
        self.query_one("#side-a-text", Static).update(side_text(shown["a"], shown["differs"]))
        self.query_one("#side-b-text", Static).update(side_text(shown["b"], shown["differs"]))
        self.query_one("#pair-claims", Static).update(claims_text(shown["topics"]))

    def action_move(self, step: int) -> None:
        if self.candidates:
            self.position = (self.position + step) % len(self.candidates)
            self.show_pair()

    def action_link(self) -> None:
        if not self.shown:
            return
        a, b = self.shown["a"], self.shown["b"]
        if a["event"] is None or b["event"] is None:
            self.say("code an event on both reports before linking them")
            return
        incident = a["incident"] or b["incident"]
        self.app.writer.submit(incident_act.LinkEvents(a["event"]["id"], b["event"]["id"],
                                              incident_id=incident), self)
        self.say("linking…")

    def action_not_same(self) -> None:
        if self.shown:
            self.app.writer.submit(incident_act.NotTheSame(self.shown["a"]["key"], self.shown["b"]["key"]), self)
            self.say("saving…")

    def action_jump(self, which: str) -> None:
        from tui.screens.annotate import AnnotateScreen

        if not self.shown:
            return
        report = self.shown[which]
        spans = [ev for evs in report["evidence"].values() for ev in evs]
        at = (spans[0]["start"], spans[0]["end"]) if spans else None
        self.app.push_screen(AnnotateScreen([report["document"]["id"]], 0, select=at))

    def action_incident(self) -> None:
        if not self.shown:
            return
        incident = self.shown["a"]["incident"] or self.shown["b"]["incident"]
        if incident is None:
            self.say("these two are in no incident yet: l links them")
            return
        self.app.push_screen(IncidentScreen(incident))

    def action_back(self) -> None:
        self.app.pop_screen()

    def on_screen_resume(self) -> None:
        self.load()

    def on_action_done(self, message: ActionDone) -> None:
        message.stop()
        self.say(message.applied.action.said)
        self.load()

    def on_action_failed(self, message: ActionFailed) -> None:
        message.stop()
        self.notify(message.error, title="refused", severity="error", markup=False)
        self.say("refused: " + message.error)


PICK_KEYS = [Binding(str(n), f"pick({n})", f"source {n}", id=f"incident.pick_{n}", show=n == 1)
             for n in range(1, 10)]


class IncidentScreen(Screen):
    """One incident: every source, the reconciled fields, the editor's picks."""

    BINDINGS = [
        Binding("b", "pick_best", "pick suggested best", id="incident.pick_best"),
        *PICK_KEYS,
        Binding("0", "pick(0)", "clear pick", id="incident.clear_pick"),
        Binding("s", "review('submit')", "submit", id="incident.submit"),
        Binding("a", "review('approve')", "approve", id="incident.approve"),
        Binding("o", "reopen", "reopen", id="incident.reopen"),
        Binding("escape", "back", "back", id="incident.back"),
    ]

    def __init__(self, incident_id: str) -> None:
        super().__init__()
        self.incident_id = incident_id
        self.view: dict | None = None

    def compose(self) -> ComposeResult:
        yield StatusBar(self.app.login, id="status")
        yield Static(id="incident-head")
        yield Static(id="incident-sources")
        yield DataTable(id="incident-fields", cursor_type="row", zebra_stripes=True)
        yield Static(id="incident-conflicts")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.load()

    def say(self, message: str) -> None:
        self.query_one(StatusBar).show(message)

    @work(thread=True, exclusive=True, exit_on_error=False, group="incident")
    def load(self) -> None:
        try:
            view = read(self.app.db_path, incident_view, self.incident_id)
        except Exception as exc:  # noqa: BLE001
            self.app.call_from_thread(self.notify, f"cannot read the incident: {exc}",
                                      severity="error", markup=False)
            return
        self.app.call_from_thread(self._loaded, view)

    def _loaded(self, view: dict) -> None:
        self.view = view
        incident = view["incident"]
        head = Text(f"incident {incident['id'][:8]} · {view['state']} · version {incident['version']}",
                    style="bold")
        if view["empty_note"]:
            head.append("\n" + view["empty_note"], style="bold red")
        if incident["status"] in ("approved", "rejected"):
            head.append(f"\n{incident['status']}: read-only until an editor reopens it (o)", style="yellow")
        self.query_one("#incident-head", Static).update(head)
        sources = Text(f"sources ({view['reconciled']['number_of_sources']}):\n")
        for n, e in enumerate(view["events"], start=1):
            sources.append(f"  {n}  ", style="bold")
            sources.append(visible(e.get("outlet") or "-") + " · " + visible(e.get("published") or "-")
                           + " · " + visible(e.get("title") or e["document_id"], 60) + "\n")
        self.query_one("#incident-sources", Static).update(sources)
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        table.add_column("field", key="field")
        table.add_column("value", key="value")
        table.add_column("from", key="from")
        for n, _ in enumerate(view["events"], start=1):
            table.add_column(f"source {n}", key=f"s{n}")
        for name, f in view["fields"].items():
            value = f["value"]
            shown = "-" if value in (None, "") else value
            if f.get("suggested") is not None:
                shown = f"- (suggested {f['suggested']})"
            cells = [text(name, "" if f["agree"] else "bold red"), text(shown), text(f["source"], "dim")]
            cells += [text(_source_value(e, name)) for e in view["events"]]
            table.add_row(*cells, key=name)
        if view["fields"]:
            table.move_cursor(row=min(max(keep, 0), len(view["fields"]) - 1))
        conflicts = Text()
        for line in view["reconciled"]["conflicts"]:
            conflicts.append("conflict: " + visible(line) + "\n", style="red")
        self.query_one("#incident-conflicts", Static).update(conflicts)

    @property
    def field(self) -> str | None:
        if not self.view:
            return None
        names = list(self.view["fields"])
        row = self.query_one(DataTable).cursor_row
        return names[row] if 0 <= row < len(names) else None

    def _pick(self, field: str, value, from_event: str | None = None) -> None:
        self.app.writer.submit(incident_act.PickIncidentValue(self.incident_id, field, value, from_event,
                                                     self.view["incident"]["version"]), self)
        self.say("saving…")

    def action_pick_best(self) -> None:
        if not self.view:
            return
        best = self.view["fields"]["fatalities_best"]
        value = best.get("suggested", best["value"])
        if value is None:
            self.say("no source gives a figure to pick")
            return
        self._pick("fatalities_best", value)

    def action_pick(self, n: int) -> None:
        field = self.field
        if field is None or self.view is None:
            return
        if n == 0:
            self._pick(field, None)
            return
        if n > len(self.view["events"]):
            self.say(f"there is no source {n}")
            return
        event = self.view["events"][n - 1]
        value = _source_value(event, field)
        if value in (None, "", "-"):
            self.say(f"source {n} gives no {field}")
            return
        self._pick(field, event.get(field), event["id"])

    def action_review(self, decision: str) -> None:
        if self.view:
            self.app.writer.submit(incident_act.ReviewIncident(self.incident_id, decision, None,
                                                      self.view["incident"]["version"]), self)
            self.say("saving…")

    def action_reopen(self) -> None:
        from tui.screens.reason import ReasonScreen

        if self.view:
            version = self.view["incident"]["version"]
            self.app.push_screen(
                ReasonScreen("Reopen this incident: why?", "reason (required)"),
                lambda reason: reason and self.app.writer.submit(
                    incident_act.ReviewIncident(self.incident_id, "reopen", reason, version), self))

    def action_back(self) -> None:
        self.app.pop_screen()

    def on_action_done(self, message: ActionDone) -> None:
        message.stop()
        self.say(message.applied.action.said)
        self.load()

    def on_action_failed(self, message: ActionFailed) -> None:
        message.stop()
        self.notify(message.error, title="refused", severity="error", markup=False)
        self.say("refused: " + message.error)


def _source_value(event: dict, field: str):
    value = event.get(field)
    return "-" if value in (None, "") else value
