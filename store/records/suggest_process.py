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
"""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

#: Texts at least this long are computed in the helper process.
ISOLATE_CHARS = 65_536

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None


def _executor() -> ProcessPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            _pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        return _pool


def _discard(pool: ProcessPoolExecutor) -> None:
    global _pool
    with _lock:
        if _pool is pool:
            _pool = None
    pool.shutdown(wait=False, cancel_futures=True)


def compute_isolated(text: str, published, rejected: frozenset, spec: tuple):
    """The suggestions `compute_here(text, ...)` would give, computed in the helper
    process; None when the process is not available (the caller computes them)."""
    pool = _executor()
    try:
        return pool.submit(_child, text, published, rejected, spec).result()
    except (BrokenProcessPool, OSError, RuntimeError):
        _discard(pool)
        return None


# --- in the helper process ----------------------------------------------------------------------

_gazetteers: dict = {}


def _gazetteer(path, extras):
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


def _child(text: str, published, rejected: frozenset, spec: tuple):
    from store.records.suggestions import Context, compute_here  # noqa: PLC0415 - avoids a cycle
    path, extras, learned, actors, cap = spec
    context = Context.of(_gazetteer(path, extras), learned, actors, cap)
    return compute_here(text, published=published, rejected=rejected, context=context)
