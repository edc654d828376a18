"""Every list at scale: the review queue, orphans, the agreement report, exports.

    python bench/lists_corpus.py /tmp/eventdesk-lists-100k.db --docs 10000   # once
    python bench/lists_corpus.py /tmp/eventdesk-lists-10k.db --docs 1000     # once
    python bench/bench_lists.py                       # this tree's code
    python bench/bench_lists.py --code /work/main     # the same figures on other code (before)

Each figure runs in a fresh process (so peak RSS is that figure's own) on the
database named, and prints wall time, peak RSS and the load average (2 shared
cores: noisy).  The 100k database: 10,000 articles, 100,000 events (10,000
waiting for review), 200,000 spans, 1,000 articles coded by two people, one
article with 2,000 orphaned spans; the 10k one: 1,000 articles, 10,000 events.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, os, resource, sys, tempfile, time
sys.path.insert(0, sys.argv[1])
name, db_path = sys.argv[2], sys.argv[3]
from store.db.connection import open_db
db = open_db(db_path)
def peak():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
base = peak()
t0 = time.perf_counter()
c0 = time.process_time()
what = ""
if name == "queue-all":
    from store.review import queue
    rows = queue.filter_queue(queue.review_queue(db), "")
    what = f"{len(rows):,} rows"
elif name.startswith("queue-page"):
    from store.review.queue_pages import queue_count, queue_page
    spec = name.partition(":")[2]
    rows = queue_page(db, spec, limit=200)
    n = queue_count(db, spec)
    what = f"{len(rows)} rows of {n:,}"
elif name == "queue-next":
    from store.review.queue_pages import queue_page
    rows = queue_page(db, limit=200)
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(10):
        rows = queue_page(db, after=rows[-1]["key"], limit=200)
    what = "10 pages, per page"
    seconds, cpu = (time.perf_counter() - t0) / 10, (time.process_time() - c0) / 10
elif name == "orphans":
    from store.revisions.revise import orphaned_spans
    doc = db.execute("SELECT document_id FROM spans WHERE anchor = 'orphaned' LIMIT 1").fetchone()[0]
    t0, c0 = time.perf_counter(), time.process_time()
    rows = orphaned_spans(db, doc)
    what = f"{len(rows):,} orphans"
elif name == "agreement-all":
    from store.review.agreement import agreement
    report = agreement(db)
    what = f"{len(report.documents):,} documents, {len(report.disagreements):,} disagreements"
elif name == "agreement-one":
    from store.review.agreement import agreement
    doc = db.execute("SELECT id FROM documents ORDER BY rowid LIMIT 1").fetchone()[0]
    t0, c0 = time.perf_counter(), time.process_time()
    report = agreement(db, doc)
    what = f"{len(report.documents)} document"
elif name == "library-hits":
    from store.library import library_rows_for
    ids = [i for (i,) in db.execute("SELECT id FROM documents ORDER BY random() LIMIT 200")]
    t0, c0 = time.perf_counter(), time.process_time()
    rows = library_rows_for(db, ids)
    what = f"rows of {len(rows)} search hits (a page)"
elif name.startswith("export-"):
    from store.formats import get
    from store.formats.evidence import raw_csv
    fmt = name.split("-", 1)[1]
    exporter = get(fmt)
    t0, c0 = time.perf_counter(), time.process_time()
    if exporter.kind == "folder":
        with tempfile.TemporaryDirectory() as folder:
            n = exporter.write(db, folder)
        what = f"{n:,} documents"
    else:
        with open(os.devnull, "w", encoding="utf-8") as out:
            exporter.write(db, out)
        what = ""
seconds = locals().get("seconds", time.perf_counter() - t0)
cpu = locals().get("cpu", time.process_time() - c0)
print(json.dumps({"seconds": seconds, "cpu": cpu, "rss": peak(), "base": base, "what": what}))
"""


def measure(code: Path, name: str, db: Path) -> dict | None:
    result = subprocess.run([sys.executable, "-c", CHILD, str(code), name, str(db)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["?"])[-1]
        print(f"{name:<28} n/a on this code ({last[:90]})")
        return None
    out = json.loads(result.stdout.strip().splitlines()[-1])
    print(f"{name:<28} {db.name:<31} {out['seconds'] * 1000:9.1f} ms (CPU {out['cpu'] * 1000:7.1f})   peak RSS {out['rss']:5.0f} MiB "
          f"(open {out['base']:.0f})   load {os.getloadavg()[0]:.2f}   {out['what']}", flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--code", type=Path, default=HERE, help="the eventdesk tree to run (default: this one)")
    parser.add_argument("--big", type=Path, default=Path("/tmp/eventdesk-lists-100k.db"))
    parser.add_argument("--small", type=Path, default=Path("/tmp/eventdesk-lists-10k.db"))
    # Older code refuses a database a newer migration touched: give it a copy of its own.
    parser.add_argument("--only", default="", help="comma-separated figure names")
    args = parser.parse_args()
    code = args.code.resolve()
    print(f"code: {code}; load {os.getloadavg()[0]:.2f}")
    figures = [
        ("queue-all", args.big), ("queue-page", args.big), ("queue-page:@coder07", args.big),
        ("queue-page:older:1d battles", args.big), ("queue-next", args.big),
        ("orphans", args.big), ("library-hits", args.big), ("agreement-all", args.big), ("agreement-one", args.big),
    ]
    for fmt in ("json", "acled", "ucdp", "brat"):
        figures += [(f"export-{fmt}", args.small), (f"export-{fmt}", args.big)]
    only = {n for n in args.only.split(",") if n}
    for name, db in figures:
        if not only or name in only:
            measure(code, name, db)


if __name__ == "__main__":
    main()
