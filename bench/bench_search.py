"""Search latency on 100,000 articles, with snippets: the CLI's search and the library's.

    python bench/bench_search.py                      # /tmp/eventdesk-100k.db, built once
    python bench/bench_search.py --db /tmp/x.db --n 5000

The corpus is bench/scale_corpus.py's (N synthetic ~3 KB articles); it is built on the
first run and reused after (delete the file to rebuild).  The queries are
bench_import.py's mix (one word, two words, `a OR b`, a quoted phrase, over the
domain words and words across the frequency range), run twice: once through
`store.search.search_documents(db, q, 20)` (what `eventdesk search` does) and once
through `store.library.search(db, q)` (what the library's `/` shows first: the best 50
hits with snippet and match offsets, in one ranking statement), then
`store.library.rank_rest` (what it does next, in the same worker, while the first
screenful is on the screen: up to 1,000 hits ranked and the matches counted; the next
pages' snippets come with their rows).  Each figure is wall time on one connection:
first each query as `eventdesk search` in a new process would run it (nothing kept
between queries: store.search_variants keeps the folded words of a letter in the
process), then two passes in one process (the workstation's case), reported apart.
Then `--cli N` of the queries through the real `eventdesk search --timing` command, one
process each: two figures, the query inside the command (what it prints with --timing:
variants, ranking, count, snippets) and the process's wall time (Python start-up, imports,
the read-only open: Python alone starts in ~50-100 ms here, so this one cannot be 20 ms).
How many queries matched more than store.search.CANDIDATES documents (ranked the newest
CANDIDATES, the count exact or "about") is printed too.

Before/after: export the old code (`git archive main | tar -x -C /tmp/before`) and run
its own bench_search.py there on the same database (`cd /tmp/before && python
bench/bench_search.py --db DB --cli 0`), and this one's `--cli-code /tmp/before` for its
CLI, before the new code opens the database: migration 12 builds the search_terms table
(timed on the first line of this script's output), and older code refuses a newer schema.  `--check` first compares, query by query, the
library's ranked ids and paged snippets with one `search_documents(q, 1000)` (they must
be identical).
The machine's load (os.getloadavg) is printed with the figures: the machine is shared.

Target (issue 14): p95 <= 20 ms on 100,000 articles, with snippets.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_import import VOCAB, WORDS  # noqa: E402
from bench.scale_corpus import build  # noqa: E402
from store import library, search, search_variants  # noqa: E402
from store.db.connection import open_db  # noqa: E402
from store.search import find, search_documents  # noqa: E402


def queries(count: int = 200, seed: int = 11) -> list[str]:
    """bench_import.query_latency's mix."""
    rng = random.Random(seed)
    plain = [w for w in WORDS if w.isalpha()] + [w for w in VOCAB[:5000] if w.isalpha()]
    out = []
    for i in range(count):
        kind = i % 4
        if kind == 0:
            out.append(rng.choice(plain))
        elif kind == 1:
            out.append(" ".join(rng.sample(plain, 2)))
        elif kind == 2:
            out.append(f"{rng.choice(plain)} OR {rng.choice(plain)}")
        else:
            out.append('"' + " ".join(rng.choices(plain, k=2)) + '"')
    return out


def timed(fn, qs: list[str]) -> tuple[list[float], int]:
    times, hits = [], 0
    for q in qs:
        t0 = time.perf_counter()
        hits += len(fn(q))
        times.append(time.perf_counter() - t0)
    return sorted(times), hits


def figures(label: str, times: list[float], hits: int) -> str:
    ms = [t * 1000 for t in times]
    p95 = ms[int(len(ms) * 0.95) - 1]
    return (f"{label}: p50 {statistics.median(ms):.1f} ms, p95 {p95:.1f} ms, max {ms[-1]:.1f} ms "
            f"({len(ms)} queries, {hits / len(ms):.0f} hits each on average)")


def load() -> str:
    return "loadavg " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/eventdesk-100k.db"))
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--cli", type=int, default=40, help="queries run as `eventdesk search`")
    parser.add_argument("--cli-code", type=Path, metavar="DIR",
                        help="only the real CLI figure, on the code in DIR (e.g. /work/main: before)")
    parser.add_argument("--check", action="store_true",
                        help="check the library's paged hits against one search first")
    args = parser.parse_args()
    if not args.db.exists():
        print(f"building {args.db} ({args.n:,} articles)...", flush=True)
        build(args.db, args.n)
    t0 = time.perf_counter()
    db = open_db(args.db)
    print(f"open_db (migrations, if any: 12 builds search_terms): {time.perf_counter() - t0:.1f} s;"
          f" {load()}")
    DB[:] = [db]
    n = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    qs = queries(args.queries)
    print(f"{n:,} articles in {args.db}; {load()}")
    if args.cli_code:
        real_cli(args.db, qs[:args.cli], args.cli_code)
        return
    if args.check:
        check(db, qs)
    capped = [q for q in qs if find(db, q, 1).matches.capped]
    estimated = [q for q in capped if find(db, q, 1).matches.estimated]
    print(f"{len(capped)} of {len(qs)} queries match more than {search.CANDIDATES:,} documents "
          f"(the newest {search.CANDIDATES:,} ranked); {len(estimated)} of those counted as "
          f"'about' (counting took over {search.COUNT_SECONDS * 1000:g} ms)")

    def one_shot(q: str) -> list:
        search_variants._FOLDED.clear()  # as `eventdesk search` in a new process: nothing kept
        return search_documents(db, q, 20)

    times, hits = timed(one_shot, qs)
    print(figures("CLI search_documents(q, 20), each as a new process (no folded words kept)",
                  times, hits) + f"; {load()}", flush=True)
    for name, fn in (("CLI search_documents(q, 20)", lambda q: search_documents(db, q, 20)),
                     ("library search(q): the first screenful, 50 hits with snippets", library_hits),
                     ("library rank_rest(q): then the whole list, up to 1,000 ranked and counted",
                      library_rest)):
        for run in ("first pass", "second pass"):
            times, hits = timed(fn, qs)
            print(figures(f"{name}, {run}", times, hits) + f"; {load()}", flush=True)
    if args.cli:
        real_cli(args.db, qs[:args.cli])


def real_cli(db: Path, qs: list[str], code: Path | None = None) -> None:
    times, inside = [], []
    env = dict(os.environ, PYTHONPATH=str(code)) if code else None
    for q in qs:
        command = ([sys.executable, "-m", "store.cli.main", "--db", str(db), "search", *q.split()]
                   if code else [*cli_command(db, q), "--timing"])
        t0 = time.perf_counter()
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              check=False, env=env, cwd=code, text=True)
        times.append(time.perf_counter() - t0)
        said = re.search(r"search: ([0-9.]+) ms the query", done.stderr)
        if said:
            inside.append(float(said.group(1)) / 1000)
    where = f" on {code}" if code else ""
    if inside:
        print(figures("real `eventdesk search q --timing`: the query inside the command",
                      sorted(inside), 0).replace(", 0 hits each on average", "") + f"; {load()}")
    print(figures(f"real `eventdesk search q` (a process each): wall time{where}", sorted(times),
                  0).replace(", 0 hits each on average", "") + f"; {load()}", flush=True)




def library_hits(q: str) -> list:
    ranked, _ = library.search(DB[0], q)
    FIRST[q] = ranked
    return list(ranked.document_ids)


def library_rest(q: str) -> list:
    """What the library does once the first screenful is shown (in the same worker)."""
    return list(library.rank_rest(DB[0], q, FIRST[q]).document_ids)


FIRST: dict = {}


DB: list = []


def cli_command(db: Path, q: str) -> list[str]:
    script = Path(sys.executable).with_name("eventdesk")
    head = [str(script)] if script.exists() else [sys.executable, "-m", "store.cli.main"]
    return [*head, "--db", str(db), "search", *q.split()]


def check(db, qs: list[str]) -> None:
    for q in qs:
        before = [(h.document_id, h.snippet, (h.match_start, h.match_end)
                   if h.match_start is not None else None) for h in search_documents(db, q, 1000)]
        shown, first = library.search(db, q)
        ranked = library.rank_rest(db, q, shown)
        ids = list(ranked.document_ids)
        pages = [first] + [library.search_page(db, ranked, ids[i:i + 200])
                           for i in range(len(first), len(ids), 200)]
        assert [h[0] for h in before] == ids, q
        assert [h for page in pages for h in page] == before, q
    print(f"check: library hits identical to one search_documents(q, 1000) for {len(qs)} queries")


if __name__ == "__main__":
    main()
