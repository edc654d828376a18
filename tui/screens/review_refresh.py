"""The review queue stays true: it is read again when the screen comes back, when any save
of this app commits (an `s` typed just before `R` lands after the queue was first read),
when someone else's change reaches the shared database (a light poll of the history's
last entry), and on `r`. A mixin for `ReviewScreen`."""

from __future__ import annotations

from textual import work

from tui.worker import read

#: How often the queue looks for changes made by other sessions (seconds).
POLL_SECONDS = 3.0


def latest_change(db) -> int:
    """The history's last entry: every change to events, spans and claims writes one."""
    return db.execute("SELECT COALESCE(MAX(seq), 0) FROM history").fetchone()[0]


class QueueRefresh:
    """Keeps `ReviewScreen`'s queue in step with the store."""

    _seen_change: int | None = None

    def start_refresh(self) -> None:
        self.set_interval(POLL_SECONDS, self._poll)

    def store_changed(self, action) -> None:
        """Called by the app for every committed action, whichever screen sent it (while
        another screen covers this one, coming back reads the queue anyway)."""
        if self.app.screen is self:
            self.load_queue()

    def action_reload(self) -> None:
        self.say("reading the queue again…")
        self.load_queue()

    def _poll(self) -> None:
        if self.app.screen is self and not self.app.writer.pending:  # covered: resume reads it
            self._check_changes()

    @work(thread=True, exclusive=True, exit_on_error=False, group="review-poll")
    def _check_changes(self) -> None:
        try:
            latest = read(self.app.db_path, latest_change)
        except Exception:  # noqa: BLE001 - the next poll tries again; `r` reads it now
            return
        if latest != self._seen_change:
            self.app.call_from_thread(self.load_queue)
