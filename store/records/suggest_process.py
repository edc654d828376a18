"""A long document's suggestions computed in a helper process, not a thread.

Computing a 1 MB article's suggestions is seconds of pure Python. On a thread
beside the workstation's UI it holds the interpreter lock for its 5 ms switch
interval every time the UI thread gives it up: the UI needs the lock back
hundreds of times to handle one key, so a key waited 0.8-2 s (the convoy
effect; yielding between pieces did not help). In a process of its own the
work shares no lock with the UI; the calling thread only waits on a pipe.

One helper process is started on first use (spawned: the caller has threads,
so forking is unsafe) and kept for the next long document; it opens the
gazetteer index read-only itself. If the process cannot be started or dies,
the caller computes in its own thread, as before, and says nothing: the
suggestions are the same either way (they never depend on the process, its
hash seed or its caches).

Under the workstation, `sys.stderr` is Textual's print capture, whose `fileno()`
is -1: multiprocessing's resource tracker, started with the pool, passes
`sys.stderr.fileno()` to its process and failed with "bad value(s) in
fds_to_keep" on every long document. And file descriptor 2 is the terminal the
screen is drawn on. So the pool and its processes are started with stderr on
/dev/null: nothing a helper prints can reach the screen.
"""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager

#: Texts at least this long are computed in the helper process.
ISOLATE_CHARS = 65_536

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None


def _executor() -> ProcessPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            with _stderr_to_devnull():
                _pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                            initializer=_helper_stderr_to_devnull)
        return _pool


@contextmanager
def _stderr_to_devnull():
    """`sys.stderr` on /dev/null while processes are started from this one (the
    resource tracker takes `sys.stderr.fileno()` as its stderr)."""
    saved = sys.stderr
    with open(os.devnull, "w") as devnull:
        sys.stderr = devnull
        try:
            yield
        finally:
            sys.stderr = saved


def _helper_stderr_to_devnull() -> None:
    """In the helper, first of all: its stderr (inherited descriptor 2, the terminal) on /dev/null."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)


def _discard(pool: ProcessPoolExecutor) -> None:
    global _pool
    with _lock:
        if _pool is pool:
            _pool = None
    pool.shutdown(wait=False, cancel_futures=True)


def compute_isolated(compute, *args):
    """`compute(*args)` run in the helper process (`compute` a module-level function,
    so the helper can import it: store.records.suggestions passes its own, and this
    module imports nothing of it); None when the process is not available (the caller
    computes them)."""
    pool = None
    try:
        pool = _executor()
        with _lock, _stderr_to_devnull():
            # submit starts the helper process (and, if it died, the resource tracker)
            future = pool.submit(compute, *args)
        return future.result()
    except (BrokenProcessPool, OSError, RuntimeError, ValueError):
        if pool is not None:
            _discard(pool)
        return None


# --- in the helper process ----------------------------------------------------------------------

_gazetteers: dict = {}


def gazetteer(path, extras):
    """In the helper: the gazetteer named by `path` and `extras`, opened once and kept."""
    if path is None and not extras:
        return None
    from store.grounding.gazetteer import Gazetteer  # noqa: PLC0415 - in the helper only
    key = (path, extras)
    known = _gazetteers.get("current")
    if known is None or known[0] != key:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True) if path is not None else None
        known = (key, Gazetteer(db, path=path, extras=extras))
        _gazetteers["current"] = known
    return known[1]
