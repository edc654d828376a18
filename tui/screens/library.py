"""The library: every document with its counts and status, and full-text search (`/`)."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from store.library import PAGE_ROWS, library_rows_for, library_window, rank_rest, search, search_page
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


#: `s` steps through these sorts (store.records.library_pages.SORTS).
SORT_CYCLE = ("imported", "published", "outlet", "title")
#: Rows kept in the table at most; beyond, the far end is dropped (and read again when wanted).
WINDOW_ROWS = 5 * PAGE_ROWS
#: What the keys wait for while rows or hits are read (tui.keys.KeyQueue's hold).
KEYS_WAIT = "library rows"


class LibraryScreen(Screen):
    """The first screen: pick a document to annotate, by browsing or by search.

    The table is a window of the library in the chosen sort under the filter: pages
    are read (keyset, in SQL) as the cursor nears either end of it, `G` reads the last
    page, `g` the first, so every part of 100,000 documents costs what the first does.
    """

    BINDINGS = [
        Binding("slash", "search", "search", id="library.search"),
        Binding("escape", "clear_search", "all documents", id="library.clear_search"),
        Binding("f", "filter", "filter", id="library.filter"),
        Binding("s", "sort", "sort", id="library.sort"),
        Binding("r", "reload", "reload", id="library.reload"),
        Binding("j", "row(1)", "next document", id="library.down", show=False),
        Binding("k", "row(-1)", "previous document", id="library.up", show=False),
        Binding("g", "edge(0)", "first document", id="library.first", show=False),
        Binding("G", "edge(1)", "last document", id="library.last", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict] = []  # the window of library rows read (contiguous, in sort order)
        self.total = 0  # documents the filter keeps
        self.at_start = self.at_end = True  # the window holds the first / the last row
        self._paging = False
        self.shown: list[str] = []  # document ids in table order
        self.sort = SORT_CYCLE[0]
        self.filter_text = ""
        self.query_text = ""
        self.snippets: dict[str, str] = {}  # document id -> where the search matched
        self.hit_ids: list[str] = []  # every hit, best first
        self._ranking = False  # the first screenful of hits is shown, the rest being ranked
        self._end_wanted = False  # `G` pressed while they were
        self.ranked = None  # the search they come from (store.search.Ranked): pages' snippets
        self.matches: dict[str, tuple[int, int]] = {}  # document id -> the match's offsets
        self.hit_rows: dict[str, dict] = {}  # document id -> row, for the hits read so far

    def compose(self) -> ComposeResult:
        yield StatusBar(self.app.login, id="status")
        yield Input(placeholder="/ search the full text (Enter runs it, Esc shows all)", id="search",
                    compact=True)
        yield Input(placeholder="f filter: outlet:NAME from:2020 to:2021-06 status:draft coder:LOGIN "
                    "events review versions", id="filter", compact=True)
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

    # --- reading: pages of the window ---------------------------------------------------

    def _read(self, **where):
        return read(self.app.db_path, lambda db: library_window(
            db, self.app.login, sort=self.sort, filter_text=self.filter_text, **where))

    def load(self, last: bool = False) -> None:
        """The first page (or with `last`, the last one): the window starts again there.
        The keys typed meanwhile wait for it (`j` after `G` moves from the last row)."""
        self._hold_keys()
        self._load_rows(last)

    def _hold_keys(self) -> None:
        self.app.keys.hold(KEYS_WAIT)

    def _release_keys(self) -> None:
        self.app.keys.release(KEYS_WAIT)

    def _failed(self, message: str) -> None:
        self._paging = self._ranking = self._end_wanted = False
        self._release_keys()
        self.notify(message, severity="error", markup=False)

    @work(thread=True, exclusive=True, exit_on_error=False, group="library")
    def _load_rows(self, last: bool = False) -> None:
        try:
            rows, total = self._read(last=last)
        except Exception as exc:  # noqa: BLE001 - a bad filter is told, not raised
            self.app.call_from_thread(self._failed, f"cannot read the library: {exc}")
            return
        self.app.call_from_thread(self._loaded, rows, total, last)

    @work(thread=True, exclusive=True, exit_on_error=False, group="library-page")
    def load_more(self, key: tuple, backwards: bool = False) -> None:
        rows, total = self._read(**({"before": key} if backwards else {"after": key}))
        self.app.call_from_thread(self._more, rows, total, backwards)

    def _loaded(self, rows: list[dict], total: int, last: bool = False) -> None:
        self.rows, self.total, self._paging = rows, total, False
        full = len(rows) >= PAGE_ROWS
        self.at_start, self.at_end = (not full, True) if last else (True, not full)
        if self.query_text:
            self.run_search(self.query_text)  # the keys wait on for its hits
            return
        self._fill([r["id"] for r in rows], rebuild=True, cursor=len(rows) - 1 if last else 0)
        self._release_keys()

    def _more(self, rows: list[dict], total: int, backwards: bool) -> None:
        self._paging = False
        if self.query_text:
            return
        self.total = total
        if backwards:
            self.at_start = len(rows) < PAGE_ROWS
            self.rows = rows + self.rows
            if len(self.rows) > WINDOW_ROWS:  # drop the far end; read again when wanted
                self.rows, self.at_end = self.rows[:WINDOW_ROWS], False
        else:
            self.at_end = len(rows) < PAGE_ROWS
            self.rows = self.rows + rows
            if len(self.rows) > WINDOW_ROWS:
                self.rows, self.at_start = self.rows[-WINDOW_ROWS:], False
        self._fill([r["id"] for r in self.rows])

    def _maybe_page(self, row: int) -> None:
        """Near either end of what is read: read the page beyond it (keyset: any page costs
        the same); in a search, the next page of hits."""
        if self._paging:
            return
        if self.query_text:
            if len(self.hit_rows) < len(self.hit_ids) and row >= len(self.shown) - PAGE_ROWS // 4:
                self._paging = True
                self.load_hits(self.hit_ids[len(self.hit_rows):len(self.hit_rows) + PAGE_ROWS])
            return
        if not self.rows:
            return
        if not self.at_end and row >= len(self.shown) - PAGE_ROWS // 4:
            self._paging = True
            self.load_more(self.rows[-1]["key"])
        elif not self.at_start and row < PAGE_ROWS // 4:
            self._paging = True
            self.load_more(self.rows[0]["key"], backwards=True)

    def _fill(self, ids: list[str], rebuild: bool = False, cursor: int = 0) -> None:
        table = self.query_one("#documents", DataTable)
        by_id = {r["id"]: r for r in self.rows}
        by_id.update(self.hit_rows)
        ids = [i for i in ids if i in by_id]
        keep_id = self.shown[table.cursor_row] if self.shown and 0 <= table.cursor_row < len(self.shown) else None
        if not rebuild and self.shown and ids[:len(self.shown)] == self.shown:
            for doc_id in ids[len(self.shown):]:  # the next page: append, keep the cursor
                self._add_row(table, by_id[doc_id])
            self.shown = ids
            self._status(ids)
            return
        table.clear()
        for doc_id in ids:
            self._add_row(table, by_id[doc_id])
        self.shown = ids
        if ids:
            keep = ids.index(keep_id) if (keep_id in ids and not rebuild) else cursor
            table.move_cursor(row=max(0, min(keep, len(ids) - 1)))
        self._status(ids)

    def _status(self, ids: list[str]) -> None:
        if self.query_text:
            what = f"{len(ids)} of {len(self.hit_ids)} documents matching {self.query_text!r}"
            matches = getattr(self.ranked, "matches", None)
            if self._ranking:
                what, matches = f"{len(ids)} documents matching {self.query_text!r} · ranking the rest", None
            if matches is not None and (matches.total > len(self.hit_ids) or matches.estimated):
                what += f" · {matches.describe()}"  # more match than are listed: say how many
        else:
            what = f"{len(ids)} of {self.total} documents"
            if self.sort != SORT_CYCLE[0]:
                what += f" · by {self.sort}"
            if self.filter_text:
                what += f" · filter {self.filter_text}"
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

    def action_filter(self) -> None:
        self.set_focus(self.query_one("#filter", Input))

    def action_sort(self) -> None:
        """The next sort (imported, published, outlet, title), read from the first row."""
        self.sort = SORT_CYCLE[(SORT_CYCLE.index(self.sort) + 1) % len(SORT_CYCLE)]
        self.load()

    def action_clear_search(self) -> None:
        box = self.query_one("#search", Input)
        if self.query_one("#filter", Input).has_focus and not self.query_text:
            self.query_one("#filter", Input).value = ""
            if self.filter_text:
                self.filter_text = ""
                self.load()
        box.value = ""
        self.query_text = ""
        self.snippets, self.hit_ids, self.hit_rows, self.ranked = {}, [], {}, None
        self._ranking = self._end_wanted = False
        self._fill([r["id"] for r in self.rows], rebuild=True)
        self.set_focus(self.query_one("#documents", DataTable))

    def action_row(self, step: int) -> None:
        table = self.query_one("#documents", DataTable)
        table.move_cursor(row=max(0, table.cursor_row + step))
        self._maybe_page(table.cursor_row)

    def action_edge(self, last: int) -> None:
        """`g` the first row, `G` the true last row (read from the end, keyset backwards)."""
        table = self.query_one("#documents", DataTable)
        if self.query_text:
            if last and self._ranking:  # the true last hit is not known yet: go there when it is
                self._end_wanted = True
                self._hold_keys()
                return
            if last and len(self.hit_rows) < len(self.hit_ids):
                self._paging = True
                self._hold_keys()
                self.load_hits(self.hit_ids[len(self.hit_rows):], to_end=True)
                return
            table.move_cursor(row=table.row_count - 1 if last else 0)
            return
        if last and not self.at_end:
            self.load(last=True)
        elif not last and not self.at_start:
            self.load()
        else:
            table.move_cursor(row=table.row_count - 1 if last else 0)

    def action_reload(self) -> None:
        self.load()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        from store.errors import StoreError
        from store.records.library_pages import parse_filter

        try:
            parse_filter(event.value)
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.filter_text = event.value.strip()
        self.set_focus(self.query_one("#documents", DataTable))
        self.load()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self.query_text = event.value.strip()
        if not self.query_text:
            self.action_clear_search()
            return
        # The keys after Enter are for the hits: they wait for them, and go to the table.
        self.set_focus(self.query_one("#documents", DataTable))
        self._hold_keys()
        self.run_search(self.query_text)

    @work(thread=True, exclusive=True, exit_on_error=False, group="search")
    def run_search(self, query: str) -> None:
        try:
            # The first screenful with its snippets and rows (store.library.search), shown
            # before the rest of the hits are ranked.
            ranked, hits = read(self.app.db_path, search, query)
            rows = read(self.app.db_path, library_rows_for, [h[0] for h in hits], self.app.login)
        except Exception as exc:  # noqa: BLE001 - a bad query is told, not raised
            self.app.call_from_thread(self._failed, f"search failed: {exc}")
            return
        self.app.call_from_thread(self._searched, ranked, hits, rows)
        try:
            every = read(self.app.db_path, rank_rest, query, ranked)
        except Exception as exc:  # noqa: BLE001 - told, not raised; the first screenful stays
            self.app.call_from_thread(self._ranking_failed, ranked, f"search failed: {exc}")
            return
        self.app.call_from_thread(self._ranked_rest, ranked, every)

    @work(thread=True, exclusive=True, exit_on_error=False, group="search-page")
    def load_hits(self, ids: list[str], to_end: bool = False) -> None:
        """The library rows and snippets of the next hits (a page, or with `to_end` all the rest)."""
        ranked = self.ranked
        try:
            rows = read(self.app.db_path, library_rows_for, ids, self.app.login)
            hits = read(self.app.db_path, search_page, ranked, ids)
        except Exception as exc:  # noqa: BLE001 - told, not raised
            self.app.call_from_thread(self._failed, f"search failed: {exc}")
            return
        self.app.call_from_thread(self._more_hits, ranked, hits, rows, to_end)

    def _more_hits(self, ranked, hits: list, rows: list[dict], to_end: bool) -> None:
        self._paging = False
        if to_end:
            self._release_keys()  # once the cursor is on the last hit (below)
        if not self.query_text or ranked is not self.ranked:
            return  # a page of an earlier search
        self._keep_hits(hits)
        self.hit_rows.update({r["id"]: r for r in rows})
        self._fill([i for i in self.hit_ids if i in self.hit_rows])
        if to_end and self.shown:
            self.query_one("#documents", DataTable).move_cursor(row=len(self.shown) - 1)

    def _keep_hits(self, hits: list[tuple[str, str, tuple[int, int] | None]]) -> None:
        self.snippets.update((document_id, snippet) for document_id, snippet, _ in hits)
        self.matches.update((document_id, match) for document_id, _, match in hits if match)

    def _ranked_rest(self, first, every) -> None:
        """The whole list of hits, the first screenful's order kept: page on from where the
        cursor is, or to the end if `G` was pressed while it was ranked."""
        if first is not self.ranked or not self.query_text:
            return  # the rest of an earlier search
        self.ranked, self.hit_ids, self._ranking = every, list(every.document_ids), False
        self._status(self.shown)
        if self._end_wanted:
            self._end_wanted = False
            self.action_edge(1)
            if not self._paging:
                self._release_keys()  # on the last hit already; else once its page is in
            return
        self._maybe_page(self.query_one("#documents", DataTable).cursor_row)

    def _ranking_failed(self, first, message: str) -> None:
        if first is self.ranked:
            self._failed(message)

    def _searched(self, ranked, hits: list[tuple[str, str, tuple[int, int] | None]],
                  rows: list[dict]) -> None:
        self.ranked = ranked
        self._ranking = not (ranked.matches.counted and ranked.matches.total <= len(ranked.document_ids))
        self.snippets, self.matches = {}, {}
        self._keep_hits(hits)
        self.hit_ids = list(ranked.document_ids)
        self.hit_rows = {r["id"]: r for r in rows}
        self._paging = False
        self._fill([i for i in self.hit_ids if i in self.hit_rows], rebuild=True)
        table = self.query_one("#documents", DataTable)
        self.set_focus(table)
        if self.shown:
            table.move_cursor(row=0)
        self._release_keys()

    @on(DataTable.RowHighlighted, "#documents")
    def _preview(self, event: DataTable.RowHighlighted) -> None:
        # Where the cursor is now (a rebuild's passing rows have been left behind).
        self._maybe_page(self.query_one("#documents", DataTable).cursor_row)
        snippet = self.snippets.get(event.row_key.value) if event.row_key else None
        self.query_one("#preview", Static).update(text(snippet or "", limit=400))

    @on(DataTable.RowSelected, "#documents")
    def _open(self, event: DataTable.RowSelected) -> None:
        from tui.screens.annotate import AnnotateScreen
        from tui.screens.annotate_load import open_read_first

        doc_id = event.row_key.value
        ids, index = list(self.shown), self.shown.index(doc_id)
        # A search hit opens at its match, with the matched words in the find box.
        match = getattr(self, "matches", {}).get(doc_id) if self.query_text else None
        installed = self.app.is_screen_installed("annotate")
        width = self.app.get_screen("annotate").view.wrap_width if installed else 79

        def show(loaded: tuple) -> None:
            # The screen comes up with its text (annotate_load.open_read_first); the
            # "document" hold taken there goes on until the screen has the text in.
            if not self.app.is_screen_installed("annotate"):
                self.app.install_screen(AnnotateScreen(ids, index, select=match, find=bool(match),
                                                       loaded=loaded), "annotate")
                self.app.push_screen("annotate")
            else:
                self.app.push_screen("annotate")
                self.app.get_screen("annotate").open_documents(ids, index, select=match,
                                                               find=bool(match), loaded=loaded)

        self.query_one(StatusBar).show("opening the document…")
        open_read_first(self.app, doc_id, width, show, failed=self.query_one(StatusBar).show)
