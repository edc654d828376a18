"""The review queue read a page at a time (the review screen's part that works at scale).

`QueuePaging` is mixed into `ReviewScreen`: the first page of waiting events under the
filter words (in SQL, store/review/queue_pages.py), the next as the cursor nears the end,
and the submitted incidents (few: read whole, filtered with `queue.filter_queue`) placed
among the events in submission order as the pages that reach them come in.
"""

from __future__ import annotations

from textual import work

from store.errors import StoreError
from store.incidents.store import review_rows
from store.review import queue, queue_pages
from tui.screens import review_incidents as incidents
from tui.screens.review_refresh import latest_change
from tui.worker import read


def _queue(db, spec: str = "", after: tuple | None = None):
    """A page of the waiting events under the filter words, how many the filter keeps, how many
    wait; with the first page, the submitted incidents too (few: read whole, filtered here)."""
    rows = queue_pages.queue_page(db, spec, after=after, limit=QUEUE_PAGE_ROWS)
    found = None if after is not None else review_rows(db)
    # The history's last entry as the first page was read: tui.screens.review_refresh
    # reads the queue again when it moves.
    seen = latest_change(db) if after is None else None
    return rows, queue_pages.queue_count(db, spec), queue_pages.waiting_count(db), found, seen


#: Queue rows read at a time (the next page as the cursor nears the end).
QUEUE_PAGE_ROWS = 200


def _order(r: dict) -> tuple:
    return (r.get("submitted_at") or "", r.get("created_at") or "")




class QueuePaging:
    """Reading the queue in pages; the screen provides `table`, `say`, `_fill`, `_add_queue_row`."""

    @work(thread=True, exclusive=True, exit_on_error=False, group="review-queue")
    def load_queue(self) -> None:
        """The first page of the queue under the filter (in SQL: 10,000 waiting events are
        never read at once); later pages as the cursor nears the end (`_maybe_page`)."""
        spec = self.filter_text
        try:
            rows, matching, waiting, found, seen = read(self.app.db_path, _queue, spec)
            kept = queue.filter_queue(found, spec)  # submitted incidents (few), filtered here
        except StoreError as exc:  # a filter word it cannot read, e.g. older:soon
            self.app.call_from_thread(self.say, str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - told, never raised at the user
            self.app.call_from_thread(self.notify, f"cannot read the queue: {exc}",
                                      severity="error", markup=False)
            return
        self.app.call_from_thread(self._queue_loaded, rows, matching, waiting, spec, kept, len(found),
                                  seen)

    @work(thread=True, exclusive=True, exit_on_error=False, group="review-queue-page")
    def load_queue_page(self, spec: str, after: tuple) -> None:
        try:
            rows, matching, waiting, _, _ = read(self.app.db_path, _queue, spec, after)
        except Exception:  # noqa: BLE001 - the next move tries again
            rows, matching, waiting = [], self._events_matching, self._events_waiting
        self.app.call_from_thread(self._queue_page_loaded, rows, matching, waiting, spec)

    def _merge(self, events: list[dict], more: bool) -> list[dict]:
        """These events with the waiting incidents that come before the last of them (all the
        rest when no more events follow), oldest submission first."""
        if more and events:
            upto = _order(events[-1])
            now = [r for r in self._incidents if _order(r) <= upto]
            self._incidents = [r for r in self._incidents if _order(r) > upto]
        else:
            now, self._incidents = self._incidents, []
        return sorted(events + now, key=_order) if now else events

    def _counts(self, matching: int, waiting: int) -> None:
        self._events_matching, self._events_waiting = matching, waiting
        self.matching = matching + self._incidents_matching
        self.waiting = waiting + self._incidents_waiting

    def _queue_loaded(self, rows: list[dict], matching: int = 0, waiting: int = 0, spec: str = "",
                      incident_rows: list[dict] | None = None, incidents_waiting: int = 0,
                      seen: int | None = None) -> None:
        if spec != self.filter_text:
            return  # the filter has changed meanwhile; its own read follows
        self._seen_change = seen
        self._incidents = sorted(incident_rows or [], key=_order)
        self._incidents_matching, self._incidents_waiting = len(self._incidents), incidents_waiting
        self._counts(matching, waiting)
        self._after = rows[-1]["key"] if rows else None  # the keyset of the events' next page
        self.rows = self._merge(rows, len(rows) < matching)
        self._paging = False
        self._fill()

    def _queue_page_loaded(self, rows: list[dict], matching: int, waiting: int, spec: str) -> None:
        self._paging = False
        if spec != self.filter_text or not rows or rows[0]["id"] in {r["id"] for r in self.rows}:
            return
        self._after = rows[-1]["key"]
        self._counts(matching, waiting)
        read_events = sum(1 for r in self.rows if not incidents.is_incident(r)) + len(rows)
        rows = self._merge(rows, read_events < matching)
        self.rows += rows
        self.shown = self.rows
        for r in rows:
            self._add_queue_row(r)
        self._say_count()

    def _maybe_page(self) -> None:
        """Near the end of the rows read: read the next page (keyset, each costs the same)."""
        if (getattr(self, "_paging", False) or getattr(self, "_after", None) is None
                or len(self.rows) >= self.matching
                or self.table.cursor_row < len(self.rows) - QUEUE_PAGE_ROWS // 4):
            return
        self._paging = True
        self.load_queue_page(self.filter_text, self._after)

    def _say_count(self, outcome: str | None = None) -> None:
        what = f"{len(self.shown)} of {self.waiting} events waiting for review"
        if self._incidents_waiting:
            what = (f"{len(self.shown)} of {self.waiting} waiting for review ({self._incidents_waiting}"
                    f" incident{'s' if self._incidents_waiting != 1 else ''})")
        if self.filter_text and self.matching != len(self.shown):
            what = f"{len(self.shown)} of {self.matching} matching, {self.waiting} waiting for review"
        self.say(f"{outcome} · {what}" if outcome else what)

