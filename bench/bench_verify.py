"""How long `eventdesk verify` takes, check by check, and its peak memory, on corpora of a
given size (documents, spans and history as the app writes them, approved events).
Prints figures; asserts nothing.

    python bench/bench_verify.py                          # 100,000 articles, 1,000,000 spans
    python bench/bench_verify.py --n 10000 --n 100000     # two sizes: memory should not grow
    python bench/bench_verify.py --n 5000 --keep /tmp     # keep (and reuse) the databases

Each database is built once by bench/scale_corpus.py (`--history`); verify runs as the real
command (`eventdesk verify --timings`) in a subprocess, whose peak RSS is read from
getrusage(RUSAGE_CHILDREN) (Linux: KiB).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scale_corpus import build_with_history  # noqa: E402


def run_verify(path: Path) -> tuple[int, float, int, list[str], str]:
    """(exit status, wall seconds, peak RSS in KiB, --timings lines, summary line)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "store.cli.main", "--db", str(path), "verify", "--timings"],
                          capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of the children is the largest of any child so far: each size runs in order of
    # growth, so a later, bigger run is the one measured (a smaller one after it would not be).
    timings = [line.removeprefix("verify: ") for line in done.stderr.splitlines() if line.startswith("verify: ")]
    summary = done.stdout.splitlines()[0] if done.stdout else done.stderr.strip()[-200:]
    return done.returncode, wall, max(peak, before), timings, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, action="append", help="articles (repeatable); default 100,000")
    parser.add_argument("--spans", type=int, default=10, help="spans per article (default 10)")
    parser.add_argument("--events", type=int, default=1000, help="approved events (default 1,000)")
    parser.add_argument("--keep", type=Path, help="folder to keep and reuse the databases in")
    args = parser.parse_args()
    sizes = sorted(args.n or [100_000])
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        for n in sizes:
            path = folder / f"verify-{n}x{args.spans}.db"
            if not path.exists():
                t0 = time.perf_counter()
                build_with_history(path, n, args.spans, min(args.events, n))
                print(f"built {path} in {time.perf_counter() - t0:.0f} s")
            size_mb = sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 2**20
            load = os.getloadavg()[0]
            code, wall, peak, timings, summary = run_verify(path)
            print(f"\n{n:,} articles, {n * args.spans:,} spans ({size_mb:,.0f} MiB), load {load:.1f}")
            print(f"  {summary}")
            for line in timings:
                print(f"  {line}")
            print(f"  wall {wall:.1f} s (process start and row counts included), exit {code}, "
                  f"peak RSS {peak / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
