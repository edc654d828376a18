"""Fair writes: batch work takes the write lock in short slices and lets people's saves in.

SQLite has one writer at a time.  A save waiting for the lock sleeps in SQLite's
busy handler, whose sleeps grow to 100 ms, so a batch that commits and begins
again at once keeps the lock: with an import running beside 50 coders their saves
waited 1.1 s at p95.  Two things make it fair:

- `begin_immediate` (used by every `transaction()`) waits for the lock by trying
  again every millisecond or so instead of sleeping in SQLite's growing back-off,
  so a waiting save notices the moment the lock is free;
- batch work (an import, a suggestion run) writes through `sliced()`: each slice is
  its own short transaction sized to take about `SLICE_SECONDS`, and after each
  commit the batch pauses `GAP_SECONDS`, long enough for a waiting save (which
  tries every millisecond) to take the lock first.  A save then waits at most one
  slice.
"""

from __future__ import annotations

import sqlite3
import time
from typing import Callable, Iterator, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: How long one slice of batch work holds the write lock (aimed at, not a hard limit).
SLICE_SECONDS = 0.020
#: The pause after each slice, for waiting saves to take the lock.
GAP_SECONDS = 0.003
#: How often a waiting `BEGIN IMMEDIATE` tries again.
POLL_SECONDS = 0.001


def _busy(exc: sqlite3.OperationalError) -> bool:
    return getattr(exc, "sqlite_errorcode", None) in (5, 6) or "locked" in str(exc) or "busy" in str(exc)


def begin_immediate(conn: sqlite3.Connection, timeout_ms: int) -> None:
    """`BEGIN IMMEDIATE`, waiting up to `timeout_ms` for the write lock, trying every ~1 ms.

    The connection's own busy timeout is set aside while it waits (and restored), so
    the wait is this loop's short polls rather than SQLite's sleeps of up to 100 ms.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if not _busy(exc) or time.monotonic() >= deadline:
                    raise
            time.sleep(POLL_SECONDS)
    finally:
        conn.execute(f"PRAGMA busy_timeout = {timeout_ms}")


class Slicer:
    """Writes batch work in slices sized to hold the write lock about `slice_seconds`.

    One Slicer per batch job: the slice size it has learnt carries over from one
    call to the next (an import's batches of 500 are each sliced alike).
    """

    def __init__(self, slice_seconds: float = SLICE_SECONDS, gap_seconds: float = GAP_SECONDS,
                 first: int = 8, most: int = 1000):
        self.slice_seconds, self.gap_seconds, self.most = slice_seconds, gap_seconds, most
        self.size = max(1, first)
        self._wrote = False

    def run(self, items: Sequence[T], write: Callable[[Sequence[T]], list[R]]) -> Iterator[list[R]]:
        """Call `write` (one short transaction each) on consecutive slices of `items`,
        pausing `gap_seconds` between slices (and before the first, after earlier calls);
        yields each slice's results in order."""
        at = 0
        while at < len(items):
            if self._wrote:
                time.sleep(self.gap_seconds)  # a waiting save takes the lock now
            chunk = items[at:at + self.size]
            t0 = time.perf_counter()
            yield write(chunk)
            took = time.perf_counter() - t0
            self._wrote = True
            at += len(chunk)
            per_item = took / len(chunk)
            wanted = int(self.slice_seconds / per_item) if per_item > 0 else self.most
            # Grow slowly (a fast slice may be luck), shrink at once (a slow one held a save).
            self.size = max(1, min(self.most, wanted, self.size * 2))


def sliced(items: Sequence[T], write: Callable[[Sequence[T]], list[R]], **options) -> Iterator[list[R]]:
    """`Slicer(**options).run(items, write)`: one batch written in fair slices."""
    return Slicer(**options).run(items, write)
