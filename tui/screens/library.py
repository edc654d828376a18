"""The library: every document with its counts and status, and full-text search (`/`)."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from store.library import PAGE_ROWS, library_page_rows, library_rows_for, search
from tui.safe import text, visible
from tui.widgets.footer import Footer
from tui.widgets.status_bar import StatusBar
from tui.worker import read

STATUS_ORDER = ("draft", "submitted", "needs_revision", "rejected", "approved")


def status_cell(counts: dict[str, int], comments: list[dict] | None = None) -> Text:
    """e.g. '2 draft · 1 submitted', or '—' without events; then the editor's comment, if any."""
    parts = [f"{counts[s]} {s.replace('_', ' ')}" for s in STATUS_ORDER if counts.get(s)]
    cell = Text(" · ".join(parts) or "—")
    if comments:
        # Your events sent back or rejected here: the latest comment, so you know why.
        latest = max(comments, key=lambda c: c["at"])
        cell.append("  ⚑ ", style="bold yellow")
        cell.append(visible(f"{latest['actor']}: {latest['reason'] or ''}", limit=60), style="italic")
    return cell


class LibraryScreen(Screen):
    """The first screen: pick a document to annotate, by browsing or by search."""

    BINDINGS = [
        Binding("slash", "search", "search", id="library.search"),
        Binding("escape", "clear_search", "all documents", id="library.clear_search"),
        Binding("r", "reload", "reload", id="library.reload"),
        Binding("j", "row(1)", "next document", id="library.down", show=False),
        Binding("k", "row(-1)", "previous document", id="library.up", show=False),
        Binding("g", "edge(0)", "first document", id="library.first", show=False),
        Binding("G", "edge(1)", "last document", id="library.last", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict] = []  # the pages read so far (import order)
        self.total = 0  # documents in the library
        self._paging = False
        self.shown: list[str] = []  # document ids in table order
        self.query_text = ""
        self.snippets: dict[str, str] = {}  # document id -> where the search matched
        self.hit_rows: dict[str, dict] = {}  # document id -> row, for search hits

    def compose(self) -> ComposeResult:
        yield StatusBar(self.app.login, id="status")
        yield Input(placeholder="/ search the full text (Enter runs it, Esc shows all)", id="search",
                    compact=True)
        yield DataTable(id="documents", cursor_type="row", zebra_stripes=True)
        yield Static(id="preview")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#documents", DataTable)
        for label, key, width in (("Title", "title", 48), ("Outlet", "outlet", 18),
                                  ("Date", "date", 12), ("Spans", "spans", 6),
                                  ("Events", "events", 6), ("Status", "status", 48)):
            table.add_column(label, key=key, width=width)
        table.focus()

    def on_screen_resume(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="library")
    def load(self) -> None:
        rows, total = read(self.app.db_path, library_page_rows, self.app.login)
        self.app.call_from_thread(self._loaded, rows, total)

    @work(thread=True, exclusive=True, exit_on_error=False, group="library-page")
    def load_more(self, after: tuple) -> None:
        rows, total = read(self.app.db_path, library_page_rows, self.app.login, after)
        self.app.call_from_thread(self._more, rows, total)

    def _more(self, rows: list[dict], total: int) -> None:
        self._paging = False
        if self.query_text or not rows:
            return
        self.rows += rows
        self.total = total
        self._fill([r["id"] for r in self.rows])

    def _maybe_page(self, row: int) -> None:
        """Near the end of what is read: read the next page (keyset, so any page costs the same)."""
        if (self.query_text or self._paging or not self.rows or len(self.rows) >= self.total
                or row < len(self.shown) - PAGE_ROWS // 4):
            return
        self._paging = True
        self.load_more(self.rows[-1]["key"])

    def _loaded(self, rows: list[dict], total: int) -> None:
        self.rows = rows
        self.total = total
        self._paging = False
        if self.query_text:
            self.run_search(self.query_text)
        else:
            self._fill([r["id"] for r in rows])

    def _fill(self, ids: list[str]) -> None:
        table = self.query_one("#documents", DataTable)
        by_id = {r["id"]: r for r in self.rows}
        by_id.update(self.hit_rows)
        ids = [i for i in ids if i in by_id]
        grown = bool(self.shown) and ids[:len(self.shown)] == self.shown
        keep = table.cursor_row if grown else 0
        if grown and len(ids) > len(self.shown):  # the next page: append, keep the cursor
            for doc_id in ids[len(self.shown):]:
                self._add_row(table, by_id[doc_id])
            self.shown = ids
            self._status(ids)
            return
        table.clear()
        for doc_id in ids:
            self._add_row(table, by_id[doc_id])
        self.shown = ids
        if ids:
            table.move_cursor(row=min(keep, len(ids) - 1))
        self._status(ids)

    def _status(self, ids: list[str]) -> None:
        what = f"{len(ids)} of {self.total} documents"
        if self.query_text:
            what += f" matching {self.query_text!r}"
        self.query_one(StatusBar).show(what)

    @staticmethod
    def _add_row(table: DataTable, r: dict) -> None:
        title = text(r["title"] or "(untitled)", limit=200)
        if (r.get("revision") or 1) > 1:
            # A revised article: its newest version, the older ones under it (filter: versions).
            title = Text.assemble((f"r{r['revision']} ", "bold"), title)
        table.add_row(
            title, text(r["outlet"] or ""),
            text((r["published"] or "")[:10]), Text(str(r["span_count"])),
            Text(str(r["event_count"])),
            status_cell(r["status_counts"], r.get("review_comments")), key=r["id"],
        )

    def action_search(self) -> None:
        self.set_focus(self.query_one("#search", Input))  # before the next key

    def action_clear_search(self) -> None:
        box = self.query_one("#search", Input)
        box.value = ""
        self.query_text = ""
        self.snippets = {}
        self._fill([r["id"] for r in self.rows])
        self.set_focus(self.query_one("#documents", DataTable))

    def action_row(self, step: int) -> None:
        table = self.query_one("#documents", DataTable)
        table.move_cursor(row=max(0, table.cursor_row + step))
        self._maybe_page(table.cursor_row)

    def action_edge(self, last: int) -> None:
        table = self.query_one("#documents", DataTable)
        table.move_cursor(row=table.row_count - 1 if last else 0)

    def action_reload(self) -> None:
        self.load()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self.query_text = event.value.strip()
        if not self.query_text:
            self.action_clear_search()
            return
        self.run_search(self.query_text)

    @work(thread=True, exclusive=True, exit_on_error=False, group="search")
    def run_search(self, query: str) -> None:
        try:
            hits = read(self.app.db_path, search, query)
            rows = read(self.app.db_path, library_rows_for, [h[0] for h in hits], self.app.login)
        except Exception as exc:  # noqa: BLE001 - a bad query is told, not raised
            self.app.call_from_thread(self.notify, f"search failed: {exc}", severity="error",
                                      markup=False)
            return
        self.app.call_from_thread(self._searched, hits, rows)

    def _searched(self, hits: list[tuple[str, str, tuple[int, int] | None]], rows: list[dict]) -> None:
        self.snippets = {document_id: snippet for document_id, snippet, _ in hits}
        self.matches = {document_id: match for document_id, _, match in hits if match}
        self.hit_rows = {r["id"]: r for r in rows}
        ids = [document_id for document_id, _, _ in hits]
        self._fill(ids)
        table = self.query_one("#documents", DataTable)
        self.set_focus(table)
        if ids:
            table.move_cursor(row=0)

    @on(DataTable.RowHighlighted, "#documents")
    def _preview(self, event: DataTable.RowHighlighted) -> None:
        self._maybe_page(event.cursor_row)
        snippet = self.snippets.get(event.row_key.value) if event.row_key else None
        self.query_one("#preview", Static).update(text(snippet or "", limit=400))

    @on(DataTable.RowSelected, "#documents")
    def _open(self, event: DataTable.RowSelected) -> None:
        from tui.screens.annotate import AnnotateScreen

        doc_id = event.row_key.value
        ids, index = list(self.shown), self.shown.index(doc_id)
        # A search hit opens at its match, with the matched words in the find box.
        match = getattr(self, "matches", {}).get(doc_id) if self.query_text else None
        if not self.app.is_screen_installed("annotate"):
            self.app.install_screen(AnnotateScreen(ids, index, select=match, find=bool(match)),
                                    "annotate")
        else:
            self.app.get_screen("annotate").open_documents(ids, index, select=match, find=bool(match))
        self.app.push_screen("annotate")
