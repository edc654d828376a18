"""Fair writes: people's saves while a 5,000-article import runs beside them.

    python bench/bench_fair_writes.py                      # this tree's code
    python bench/bench_fair_writes.py --code /work/main    # the same bench on other code (before)

50 simulated coders (threads, each with its own connection and `Session`, as the
workstation's writer thread has) each save an event field through the gateway
(`Session.apply(UpdateEvent)`) every ~2 s (jittered).  The save's latency is the
time `apply` takes: waiting for the write lock, the write, the commit and the fresh
document state, which is what a person waits for before the form says "saved".
It is measured first idle (no import) and then while `eventdesk import -q` of
5,000 ~3.3 KB articles runs in another process on the same database.
The corpus is written once under /tmp and reused.  Each figure is printed with
the machine's load average (2 shared cores: noisy).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def _percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, int(round(p / 100 * len(values))) - 1))]


def summary(name: str, latencies: list[float]) -> str:
    if not latencies:
        return f"{name}: no saves"
    ms = [x * 1000 for x in latencies]
    return (f"{name}: {len(ms)} saves, p50 {statistics.median(ms):.1f} ms, "
            f"p95 {_percentile(ms, 95):.1f} ms, p99 {_percentile(ms, 99):.1f} ms, "
            f"max {max(ms):.1f} ms   load {os.getloadavg()[0]:.2f}")


class Coders:
    """`n` threads, each saving its own event every ~`every` seconds until stopped."""

    def __init__(self, db_path: Path, events: list[tuple[str, str, str]], every: float):
        self.db_path, self.events, self.every = db_path, events, every
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._run, args=(i, e), daemon=True)
                         for i, e in enumerate(events)]

    def start(self) -> None:
        for t in self._threads:
            t.start()

    def stop(self) -> None:
        self._stop.set()
        for t in self._threads:
            t.join()

    def _run(self, i: int, event: tuple[str, str, str]) -> None:
        from store.annotate import actions as act
        from store.annotate.gateway import Session
        from store.db.connection import open_db

        login, document_id, event_id = event
        db = open_db(self.db_path)
        session = Session(db, login)
        rng = random.Random(i)
        version = db.execute("SELECT version FROM events WHERE id = ?", [event_id]).fetchone()[0]
        self._stop.wait(rng.uniform(0, self.every))  # spread the coders over the period
        n = 0
        while not self._stop.is_set():
            n += 1
            action = act.UpdateEvent(document_id, event_id, {"notes": f"note {n} by {login}"}, version)
            t0 = time.perf_counter()
            try:
                applied = session.apply(action)
            except Exception as exc:  # noqa: BLE001 - counted and shown
                with self._lock:
                    self.errors.append(f"{type(exc).__name__}: {exc}")
            else:
                seconds = time.perf_counter() - t0
                version = applied.result["version"] if isinstance(applied.result, dict) and \
                    "version" in applied.result else version
                with self._lock:
                    self.latencies.append(seconds)
            self._stop.wait(rng.uniform(0.5, 1.5) * self.every)
        db.close()


def prepare_db(path: Path, coders: int) -> list[tuple[str, str, str]]:
    """A database with one short document and one draft event per coder."""
    from store.db.connection import open_db
    from store.ingest.importer import import_paths
    from store.records import events as events_mod
    from store.records import people

    tmp = Path(tempfile.mkdtemp(prefix="eventdesk-fair-seed-"))
    for i in range(coders):
        (tmp / f"coder{i:02d}.txt").write_text(f"Coder {i:02d}'s article: two people were killed in Atme.\n")
    db = open_db(path)
    people.ensure_user(db, "bench")
    summary_ = import_paths(db, [tmp], "bench", background=False)
    out = []
    for i, document_id in enumerate(summary_.ids):
        login = f"coder{i:02d}"
        people.ensure_user(db, login)
        event = events_mod.create_event(db, document_id, login)
        out.append((login, document_id, event["id"]))
    db.close()
    shutil.rmtree(tmp, ignore_errors=True)
    return out


CHILD = r"""
import io, json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from store.cli.main import main
out, err = io.StringIO(), io.StringIO()
t0 = time.perf_counter()
code = main(["--db", sys.argv[2], "import", "-q", sys.argv[3]], login="bench", out=out, err=err)
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"code": code, "seconds": time.perf_counter() - t0, "cpu": usage.ru_utime + usage.ru_stime,
                  "summary": (out.getvalue().strip().splitlines() or [""])[-1], "errors": err.getvalue()[:500]}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--code", type=Path, default=HERE, help="the eventdesk tree to run (default: this one)")
    parser.add_argument("--n", type=int, default=5000, help="articles imported (default 5000)")
    parser.add_argument("--coders", type=int, default=50)
    parser.add_argument("--every", type=float, default=2.0, help="seconds between a coder's saves")
    parser.add_argument("--idle", type=float, default=20.0, help="seconds of saves with no import")
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/eventdesk-fair-corpus"))
    args = parser.parse_args()
    sys.path.insert(0, str(args.code.resolve()))
    import json

    from bench.bench_import import make_corpus

    marker = args.corpus / f".done-{args.n}"
    if not marker.exists():
        shutil.rmtree(args.corpus, ignore_errors=True)
        make_corpus(args.corpus, args.n)
        marker.write_text("ok")
    tmp = Path(tempfile.mkdtemp(prefix="eventdesk-fair-"))
    try:
        db_path = tmp / "fair.db"
        events = prepare_db(db_path, args.coders)
        print(f"code: {args.code.resolve()}; {args.coders} coders saving every ~{args.every:g} s; "
              f"import of {args.n:,} articles; load {os.getloadavg()[0]:.2f}", flush=True)

        idle = Coders(db_path, events, args.every)
        idle.start()
        time.sleep(args.idle)
        idle.stop()
        print(summary("idle (no import)      ", idle.latencies), flush=True)

        busy = Coders(db_path, events, args.every)
        busy.start()
        time.sleep(args.every)  # every coder is saving before the import starts
        result = subprocess.run([sys.executable, "-c", CHILD, str(args.code.resolve()), str(db_path),
                                 str(args.corpus)], capture_output=True, text=True)
        busy.stop()
        if result.returncode != 0:
            raise SystemExit(f"import failed: {result.stderr[-2000:]}")
        report = json.loads(result.stdout.strip().splitlines()[-1])
        print(summary("during the import     ", busy.latencies), flush=True)
        print(f"import beside the coders: {report['summary']}; {report['seconds']:.1f} s = "
              f"{args.n / report['seconds']:,.0f} docs/s, CPU {report['cpu']:.1f} s   load {os.getloadavg()[0]:.2f}")
        for errors in (idle.errors, busy.errors):
            if errors:
                print(f"{len(errors)} saves failed, e.g. {errors[0]}")
        if report["errors"]:
            print("import errors:", report["errors"])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
