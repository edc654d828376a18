"""Merge conflicts (`M`): records a merge found changed differently on both sides.

Each open conflict is listed with the fields that differ, this database's value beside the
other side's. `l` keeps ours, `o` takes theirs (editors; a `ResolveConflict` action
through the app's writer thread, recorded in the history), `a` shows resolved ones too.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from store.merge.conflicts import ResolveConflict, differences, list_conflicts
from tui.messages import ActionDone, ActionFailed
from tui.safe import visible
from tui.widgets.status_bar import StatusBar
from tui.worker import read


def _line(c: dict) -> Text:
    state = "open" if c["status"] == "open" else f"{c['kept']} kept by {c['resolved_by']}"
    return Text(f"{c['entity']} {c['entity_id'][:8]}  {visible(c['kind'], 40)}  "
                f"from {c['origin'][:12]}  [{visible(state, 30)}]")


def detail(c: dict | None) -> Text:
    if c is None:
        return Text("no conflicts to resolve", style="italic")
    out = Text()
    out.append(f"{c['entity']} {c['entity_id']}\n", style="bold")
    out.append(f"{visible(c['kind'])}, found by {visible(c['found_by'])} on {c['found_at'][:10]}\n\n")
    for name, ours, theirs in differences(c):
        out.append(f"{visible(name)}\n", style="bold")
        out.append("  here:  ", style="dim")
        out.append(visible(repr(ours), 100) + "\n")
        out.append("  there: ", style="dim")
        out.append(visible(repr(theirs), 100) + "\n")
    out.append("\nl keeps this database's value, o takes the other side's", style="dim")
    return out


class MergeConflictsScreen(Screen):
    """Open merge conflicts, one highlighted with its differences."""

    BINDINGS = [
        Binding("l", "resolve('local')", "keep ours", id="merge_conflicts.keep_local"),
        Binding("o", "resolve('other')", "take theirs", id="merge_conflicts.keep_other"),
        Binding("a", "toggle_all", "resolved too", id="merge_conflicts.all"),
        Binding("escape", "back", "back", id="merge_conflicts.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.conflicts: list[dict] = []
        self.all = False

    def compose(self) -> ComposeResult:
        yield StatusBar(self.app.login, id="status")
        yield OptionList(id="conflict-list")
        with VerticalScroll(id="conflict-detail-pane"):
            yield Static(id="conflict-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.load()

    def say(self, message: str) -> None:
        self.query_one(StatusBar).show(message)

    @work(thread=True, exclusive=True, exit_on_error=False, group="merge-conflicts")
    def load(self) -> None:
        try:
            found = read(self.app.db_path, list_conflicts, self.all)
        except Exception as exc:  # noqa: BLE001 - told, never raised at the user
            self.app.call_from_thread(self.notify, f"cannot read conflicts: {exc}",
                                      severity="error", markup=False)
            return
        self.app.call_from_thread(self._loaded, found)

    def _loaded(self, found: list[dict]) -> None:
        self.conflicts = found
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(_line(c), id=c["id"]) for c in found])
        if found:
            options.highlighted = 0
        options.focus()
        self._show()

    def _current(self) -> dict | None:
        index = self.query_one(OptionList).highlighted
        if index is None or not (0 <= index < len(self.conflicts)):
            return None
        return self.conflicts[index]

    def _show(self) -> None:
        self.query_one("#conflict-detail", Static).update(detail(self._current()))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show()

    def action_resolve(self, keep: str) -> None:
        c = self._current()
        if c is None or c["status"] != "open":
            self.say("no open conflict here")
            return
        self.app.writer.submit(ResolveConflict(c["id"], keep), self)

    def action_toggle_all(self) -> None:
        self.all = not self.all
        self.load()

    def action_back(self) -> None:
        self.app.pop_screen()

    def on_action_done(self, message: ActionDone) -> None:
        message.stop()
        c = message.applied.result
        self.say(f"resolved: {c['kept']} kept for {c['entity']} {c['entity_id'][:8]}")
        self.load()

    def on_action_failed(self, message: ActionFailed) -> None:
        message.stop()
        self.say(message.error)
