"""The eventdesk workstation: the Textual App, its global keys, and how it is started."""

from __future__ import annotations

import asyncio
import gc
from pathlib import Path

from textual import events
from textual.app import App
from textual.binding import Binding

from tui import places
from tui.commands import ScreenActionsProvider
from tui.keymap import clashes, known_ids, load_keymap, unknown_ids
from tui.keys import KeyQueue
from tui.messages import ActionDone, ActionFailed
from tui.widgets.document_view import DocumentView
from tui.worker import StoreWriter

#: Start-up notices about the keymap stay long enough to read before they fade.
KEYMAP_NOTICE_SECONDS = 30


class EventDeskApp(App):
    """One person's session on one database: library → annotate → (review)."""

    CSS_PATH = "app.tcss"
    TITLE = "eventdesk"
    COMMANDS = App.COMMANDS | {ScreenActionsProvider}
    BINDINGS = [
        Binding("q", "quit", "quit", id="app.quit"),
        Binding("question_mark", "help", "help", id="app.help"),
        Binding("R", "review", "review queue", id="app.review"),
        Binding("I", "incidents", "incidents", id="app.incidents"),
        Binding("M", "merge_conflicts", "merge conflicts", id="app.merge_conflicts"),
        # show=False: the footer already shows the palette key at its right edge.
        Binding("ctrl+p", "command_palette", "palette", id="app.command_palette", priority=True,
                show=False),
    ]

    def __init__(self, db_path: str | Path, login: str, keymap: dict[str, str] | None = None,
                 start_screen: str | None = None, build_gazetteer: bool = False):
        super().__init__()
        self.db_path = Path(db_path)
        self.login = login
        self.start_screen = start_screen  # "review" for `eventdesk review`
        self.writer = StoreWriter(self.db_path, login, fallback=self)
        self._keymap_override = keymap
        self.gazetteer = None  # set by tui.places once opened
        self.build_gazetteer = build_gazetteer
        self.keys = KeyQueue(self)  # every key in arrival order (tui/keys.py)

    async def on_event(self, event: events.Event) -> None:
        # A key bubbling back up from the widget it was handed to is not a new key.
        if (isinstance(event, events.Key) and not event.is_forwarded
                and not self.keys.passes(event)):
            self.keys.take(event)
            return
        await super().on_event(event)

    async def dispatch_queued_key(self, event: events.Key) -> None:
        """Handle a key as Textual would have on arrival (called by the key queue in turn)."""
        await super().on_event(event)

    def on_mount(self) -> None:
        from tui.screens.library import LibraryScreen

        if self._keymap_override is not None:
            keymap, error = self._keymap_override, None
        else:
            keymap, error = load_keymap()
        if keymap:
            self.set_keymap(keymap)
            for line in clashes(keymap, self._binding_places()):
                self.notify(line, severity="warning", markup=False, timeout=KEYMAP_NOTICE_SECONDS)
            unknown = unknown_ids(keymap, known_ids())
            if unknown:
                self.notify(unknown, severity="warning", markup=False,
                            timeout=KEYMAP_NOTICE_SECONDS)
        for line in (error or "").splitlines():  # one line per skipped entry
            self.notify(line, severity="warning", markup=False, timeout=KEYMAP_NOTICE_SECONDS)
        self.writer.start()
        places.start(self, self.build_gazetteer)  # off the UI thread; built once when missing
        places.start_batch(self)  # suggestions for new articles, in the background
        self.push_screen(LibraryScreen())
        if self.start_screen == "review":
            self.action_review()

    def on_document_view_loaded(self, message: DocumentView.Loaded) -> None:
        freeze_long_lived()

    def on_document_view_settled(self, message: DocumentView.Settled) -> None:
        collect_and_refreeze()

    def _binding_places(self) -> dict[str, list]:
        """The bindings active together on each screen, for telling keymap clashes."""
        from tui.screens.annotate import AnnotateScreen, TextPane
        from tui.screens.incidents import IncidentScreen, IncidentsScreen
        from tui.screens.library import LibraryScreen
        from tui.screens.merge_conflicts import MergeConflictsScreen
        from tui.widgets.claims_panel import ClaimsPanel

        app = list(self.BINDINGS)
        return {
            "annotate": app + AnnotateScreen.BINDINGS + TextPane.BINDINGS,
            "claims panel": app + AnnotateScreen.BINDINGS + ClaimsPanel.BINDINGS,
            "library": app + LibraryScreen.BINDINGS,
            "incidents": app + IncidentsScreen.BINDINGS,
            "incident": app + IncidentScreen.BINDINGS,
            "merge conflicts": app + MergeConflictsScreen.BINDINGS,
        }

    async def action_quit(self) -> None:
        # Let queued saves finish first: what the screen showed as done must be stored.
        await asyncio.to_thread(self.writer.stop)
        self.exit()

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_review(self) -> None:
        from tui.screens.review import ReviewScreen

        if not isinstance(self.screen, ReviewScreen):
            self.push_screen(ReviewScreen())

    def action_incidents(self) -> None:
        from tui.screens.incidents import IncidentsScreen

        if not isinstance(self.screen, IncidentsScreen):
            self.push_screen(IncidentsScreen())

    def action_merge_conflicts(self) -> None:
        from tui.screens.merge_conflicts import MergeConflictsScreen

        if not isinstance(self.screen, MergeConflictsScreen):
            self.push_screen(MergeConflictsScreen())

    def on_action_failed(self, message: ActionFailed) -> None:
        """Outcomes whose screen has closed still reach the person."""
        self.notify(message.error, title="not saved", severity="error", markup=False)

    def on_action_done(self, message: ActionDone) -> None:
        pass  # committed; the screen that asked is gone, nothing to redraw


def _ensure_seeded(ctx) -> None:
    """On a database with no documents yet, import the bundled seed articles."""
    from store.records.documents import list_documents

    db = ctx.open()
    try:
        if list_documents(db):
            return
        try:
            from store.ingest.seeds import ensure_seeded  # the importer issue's branch
        except ImportError:
            return  # until it is merged, start with an empty library
        ensure_seeded(db, ctx.login)
    finally:
        db.close()


def run_workstation(ctx) -> int:
    """Open the workstation on `ctx.db_path` as `ctx.login` (called by `eventdesk` with no command)."""
    _ensure_seeded(ctx)
    app = EventDeskApp(ctx.db_path, ctx.login, start_screen=getattr(ctx, "start_screen", None),
                       build_gazetteer=True)
    try:
        app.run()
    finally:
        app.writer.stop()
    return app.return_code or 0


def freeze_long_lived() -> None:
    """Move what exists now out of the cyclic collector's reach.

    A big document brings tens of thousands of long-lived objects (rows,
    spans); frozen, full collections stop rescanning them while keys are
    handled. Process-wide, so the app decides it, not a widget.
    """
    gc.freeze()


def collect_and_refreeze() -> None:
    """Idle, with the layout complete: collect what an earlier freeze kept (so nothing
    leaks across documents), then freeze the survivors again."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
