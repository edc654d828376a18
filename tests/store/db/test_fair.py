"""Fair writes: batch work in short slices, a waiting save gets in between them."""

from __future__ import annotations

import threading
import time

from store.db.connection import BUSY_TIMEOUT_MS, open_db, transaction
from store.db.fair import Slicer, begin_immediate


def _db(tmp_path):
    db = open_db(tmp_path / "fair.db")
    db.conn.execute("CREATE TABLE IF NOT EXISTS t (n INTEGER, who TEXT)")
    return db


def test_slices_write_every_item_once_in_order(tmp_path):
    db = _db(tmp_path)
    slicer = Slicer(slice_seconds=0.001, gap_seconds=0, first=3)
    seen: list[list[int]] = []

    def write(chunk):
        with transaction(db) as conn:
            conn.executemany("INSERT INTO t VALUES (?, 'batch')", [(n,) for n in chunk])
        seen.append(list(chunk))
        return list(chunk)

    out = [x for part in slicer.run(list(range(100)), write) for x in part]
    assert out == list(range(100))
    assert [n for (n,) in db.execute("SELECT n FROM t ORDER BY rowid")] == list(range(100))
    assert len(seen) > 1 and seen[0] == [0, 1, 2]  # several transactions, not one


def test_a_waiting_save_gets_in_between_slices(tmp_path):
    """A save that asks while a slice holds the lock is written before the batch ends."""
    db = _db(tmp_path)
    other = open_db(tmp_path / "fair.db")
    slicer = Slicer(slice_seconds=0.01, gap_seconds=0.003, first=1, most=1)
    started = threading.Event()
    saved: list[float] = []

    def write(chunk):
        with transaction(db) as conn:
            conn.execute("INSERT INTO t VALUES (?, 'batch')", [chunk[0]])
            started.set()
            time.sleep(0.01)  # a slice that holds the lock 10 ms
        return list(chunk)

    def save():
        started.wait()
        t0 = time.perf_counter()
        with transaction(other) as conn:
            conn.execute("INSERT INTO t VALUES (-1, 'save')")
        saved.append(time.perf_counter() - t0)

    saver = threading.Thread(target=save)
    saver.start()
    list(slicer.run(list(range(40)), write))
    saver.join()
    order = [who for (who,) in db.execute("SELECT who FROM t ORDER BY rowid")]
    assert "save" in order[:-1]  # not left until the batch was done
    assert order.count("batch") == 40


def test_begin_immediate_restores_the_busy_timeout(tmp_path):
    db = _db(tmp_path)
    begin_immediate(db.conn, BUSY_TIMEOUT_MS)
    db.conn.execute("COMMIT")
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT_MS


def test_the_thread_holding_the_lock_gets_the_gil_back_quickly(tmp_path):
    """While a slice holds the write lock, another thread of the process (the import's
    decoder) gives the GIL back within HOLDING_SWITCH_SECONDS; afterwards as before."""
    import sys

    from store.db.fair import HOLDING_SWITCH_SECONDS

    db = _db(tmp_path)
    before = sys.getswitchinterval()
    during: list[float] = []

    def write(chunk):
        with transaction(db) as conn:
            conn.executemany("INSERT INTO t VALUES (?, 'batch')", [(n,) for n in chunk])
            during.append(sys.getswitchinterval())
        return list(chunk)

    list(Slicer(gap_seconds=0, first=2).run(list(range(10)), write))
    assert during and all(abs(x - HOLDING_SWITCH_SECONDS) < 1e-9 for x in during)
    assert sys.getswitchinterval() == before


def test_a_failed_slice_restores_the_switch_interval(tmp_path):
    import sys

    before = sys.getswitchinterval()

    def write(chunk):
        raise RuntimeError("disk full")

    try:
        list(Slicer(gap_seconds=0).run([1, 2, 3], write))
    except RuntimeError:
        pass
    assert sys.getswitchinterval() == before
