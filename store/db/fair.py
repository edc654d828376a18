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
  slice;
- while a slice holds the lock, the process's GIL switch interval is cut from 5 ms
  to `HOLDING_SWITCH_SECONDS`: an import writes in one thread while another decodes
  the next files, and each SQLite call gives the GIL up, so the writer (holding the
  lock every save waits for) waited up to 5 ms behind the decoder after each of its
  hundreds of calls per slice.
"""

from __future__ import annotations

import sqlite3
import sys
import threading
import time
from typing import Callable, Iterator, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: How long one slice of batch work holds the write lock (aimed at, not a hard limit).
SLICE_SECONDS = 0.010
#: The pause after each slice, for waiting saves to take the lock.
GAP_SECONDS = 0.003
#: The GIL switch interval while a slice holds the write lock (Python's default: 5 ms).
HOLDING_SWITCH_SECONDS = 0.0005
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


_holding = 0
_holding_lock = threading.Lock()
_switch_before = 0.005


class holding_lock:
    """Around a slice's transaction: the GIL comes back to the thread holding the write
    lock within `HOLDING_SWITCH_SECONDS` (threads writing slices at once share it; the
    interval is restored when the last one is done)."""

    def __enter__(self) -> None:
        global _holding, _switch_before
        with _holding_lock:
            if _holding == 0:
                _switch_before = sys.getswitchinterval()
                sys.setswitchinterval(min(_switch_before, HOLDING_SWITCH_SECONDS))
            _holding += 1

    def __exit__(self, *exc) -> None:
        global _holding
        with _holding_lock:
            _holding -= 1
            if _holding == 0:
                sys.setswitchinterval(_switch_before)


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
            with holding_lock():
                results = write(chunk)
            took = time.perf_counter() - t0
            yield results
            self._wrote = True
            at += len(chunk)
            per_item = took / len(chunk)
            wanted = int(self.slice_seconds / per_item) if per_item > 0 else self.most
            # Grow slowly (a fast slice may be luck), shrink at once (a slow one held a save).
            self.size = max(1, min(self.most, wanted, self.size * 2))


def sliced(items: Sequence[T], write: Callable[[Sequence[T]], list[R]], **options) -> Iterator[list[R]]:
    """`Slicer(**options).run(items, write)`: one batch written in fair slices."""
    return Slicer(**options).run(items, write)
