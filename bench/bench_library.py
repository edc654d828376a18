"""Library at scale: every row at once (before) against keyset pages (after).

    python bench/scale_corpus.py /tmp/scale-100k.db   # once
    python bench/bench_library.py /tmp/scale-100k.db

Each figure is printed with the machine's load average (2 shared cores: noisy).
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from store.db.connection import open_db  # noqa: E402
from store.library import library_rows  # noqa: E402
from store.records.library_pages import count_rows, library_page, parse_filter  # noqa: E402


def figure(name: str, seconds: float) -> None:
    load = os.getloadavg()[0]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{name:<44} {seconds * 1000:9.1f} ms   peak RSS {rss:6.0f} MiB   load {load:.2f}")


def main() -> None:
    db = open_db(sys.argv[1])  # applies the library indexes the first time
    t0 = time.perf_counter()
    first = library_page(db, limit=100)
    total = count_rows(db)
    figure(f"after: first page of 100 + count ({total:,})", time.perf_counter() - t0)
    t0 = time.perf_counter()
    page, key, pages = first, None, 0
    while page and pages < 50:
        key = page[-1]["key"]
        page = library_page(db, after=key, limit=100)
        pages += 1
    figure("after: 50 next pages, each", (time.perf_counter() - t0) / max(pages, 1))
    t0 = time.perf_counter()
    library_page(db, last=True, limit=100)
    figure("after: last page (G)", time.perf_counter() - t0)
    for sort in ("published", "outlet", "title"):
        t0 = time.perf_counter()
        library_page(db, sort=sort, limit=100)
        figure(f"after: first page sorted by {sort}", time.perf_counter() - t0)
    for text in ('outlet:"Le Monde"', "from:2015 to:2016", "status:submitted", "coder:coder07",
                 "events", "review"):
        flt = parse_filter(text)
        t0 = time.perf_counter()
        library_page(db, flt=flt, limit=100)
        n = count_rows(db, flt)
        figure(f"after: {text} page + count ({n:,})", time.perf_counter() - t0)
    if "--before" in sys.argv:
        t0 = time.perf_counter()
        rows = library_rows(db)
        figure(f"before: library_rows (all {len(rows):,})", time.perf_counter() - t0)


if __name__ == "__main__":
    main()
