"""Benchmark: the batch run that computes and stores suggestions (`eventdesk suggest --all`).

Imports N synthetic ~3 KB articles (seed sentences shuffled, each with its own
published date) into a scratch database, then times
`store.records.suggestions.compute_batch` over all of them: every suggester,
the rows stored in transactions of 200 documents. Prints articles per second
(wall and CPU time: the batch runs on one core), with and without the
gazetteer (place suggestions), and the time for one 3 KB article and for one
1 MB article (`compute_and_store`, as the workstation runs it off the UI thread).
Targets: >= 200 articles/s on one core; a 3 KB article <= 50 ms.

    .venv/bin/python bench/bench_suggest_batch.py [--n 2000] [--no-places]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from bench.bench_suggest_seeds import synthetic_articles  # noqa: E402
from store.db.connection import open_db  # noqa: E402
from store.grounding.gazetteer import open_gazetteer  # noqa: E402
from store.ingest.importer import import_paths  # noqa: E402
from store.records import people  # noqa: E402
from store.records import suggestions as sugg  # noqa: E402


def scratch(n: int, folder: Path):
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    rng = random.Random(3)
    path = folder / "articles.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i, text in enumerate(synthetic_articles(texts, n)):
            out.write(json.dumps({"text": f"{i} {text}",
                                  "published": f"2022-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"}) + "\n")
    db = open_db(folder / "bench.db")
    people.ensure_user(db, "bench")
    import_paths(db, [path], "bench")
    return db


def run_batch(db, gazetteer) -> tuple[int, float, float]:
    db.execute("DELETE FROM suggestion_runs")
    db.conn.commit()
    ids = sugg.needing_suggestions(db)
    wall, cpu = time.perf_counter(), time.process_time()
    done = sugg.compute_batch(db, ids, gazetteer=gazetteer)
    return done, time.perf_counter() - wall, time.process_time() - cpu


def one(db, document_id, gazetteer, repeat=20) -> list[float]:
    context = sugg.Context(db, gazetteer)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        sugg.compute_and_store(db, document_id, context=context)
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--no-places", action="store_true")
    args = parser.parse_args()
    gazetteer = None if args.no_places else open_gazetteer(build=False)
    if gazetteer is not None and not gazetteer.available:
        print(f"gazetteer not built ({gazetteer.status}); place suggestions left out")
        gazetteer = None
    with tempfile.TemporaryDirectory() as folder:
        db = scratch(args.n, Path(folder))
        print(f"{args.n} synthetic 3 KB articles; load average {os.getloadavg()[0]:.2f}")
        rows = [("without places", None)] + ([("with places", gazetteer)] if gazetteer else [])
        for name, gaz in rows:
            done, wall, cpu = run_batch(db, gaz)
            stored = db.execute("SELECT sum(count) FROM suggestion_runs").fetchone()[0]
            print(f"  batch {name:15s} {done} articles: wall {wall:.2f} s ({done / wall:.0f}/s),"
                  f" CPU {cpu:.2f} s ({done / cpu:.0f}/s on one core), {stored / done:.1f} suggestions each")
        first = db.execute("SELECT id FROM documents ORDER BY rowid LIMIT 1").fetchone()[0]
        for name, gaz in rows:
            times = one(db, first, gaz)
            print(f"  one 3 KB article {name:15s} p50 {statistics.median(times):.1f} ms,"
                  f" max {max(times):.1f} ms")
        texts = [t for (t,) in db.execute("SELECT text FROM documents ORDER BY rowid LIMIT 340")]
        big = "\n\n".join(texts)[:1_000_000]
        from tests.support.workstation import add_text  # noqa: PLC0415 - bench only
        big_id = add_text(db, big, published="2022-02-03")
        for name, gaz in rows:
            times = one(db, big_id, gaz, repeat=3)
            count = db.execute("SELECT count FROM suggestion_runs WHERE document_id = ?", [big_id]).fetchone()[0]
            print(f"  one {len(big) / 1e6:.1f} MB article {name:15s} {statistics.median(times):.0f} ms"
                  f" off the UI thread, {count} suggestions (cap {sugg.CAP})")
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
