"""Import benchmark: throughput against a raw executemany floor, FTS latency, peak memory.

    python bench/bench_import.py            # 100,000 articles of ~3 KB
    python bench/bench_import.py --n 5000   # a quick run

In one run it:

1. writes a synthetic corpus of N articles (~3 KB each, varied words, some
   non-ASCII: Arabic, accented Latin, curly quotes) as .txt FILES, 1,000 per
   sub-folder, in a temporary directory;
2. imports them with the real command (`eventdesk import -q DIR`, i.e.
   `store.cli.main`) in a subprocess, which reports its own time and peak RSS
   (ru_maxrss); the same is done for the first tenth of the corpus, to show
   that memory does not grow with the corpus;
3. copies the very same rows (documents and their history entries) into a
   fresh database of the same schema (FTS triggers included) with plain
   `sqlite3.executemany`, batches of the same size, timing only the inserts
   and commits: the floor the import is compared with;
4. runs 200 queries through `store.search.search_documents` and prints the
   p50 / p95 latency.

Speed targets live here, not in the tests.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from store.db.connection import open_db  # noqa: E402
from store.ingest.importer import BATCH_ROWS  # noqa: E402
from store.search import search_documents  # noqa: E402

WORDS = (
    "the of and to in a said killed forces were at least people attack strike village town "
    "province sources according civilians children women fighters government rebel militia "
    "drone helicopter raid airstrike shelling clashes army police protesters wounded injured "
    "reported local officials spokesman ministry coalition observatory human rights night "
    "morning Thursday Wednesday Monday Tuesday Friday February March December November "
    "Idlib Aleppo Atme Atma Jarabulus Khusham Deir Zour Raqqa Hama Homs Damascus Daraa Euphrates "
    "US Russian Turkish Syrian Kurdish SDF HTS ISIS Pentagon Reuters Observatory "
    "café Müller Ḥalab Dayr az-Zawr São Kraków Zürich naïve résumé "
    "العربية حلب إدلب دير الزور قتلى "
    "“more than 100” ‘dozens’ — – … "
).split()
SYLLABLES = ("ka", "ri", "mon", "tal", "ve", "sha", "dor", "el", "qu", "zi", "ban", "ter",
             "ho", "lu", "nes", "ar", "pi", "gor", "ya", "sen", "ul", "fa", "mir", "to")


def vocabulary(size: int = 30_000, seed: int = 3) -> tuple[list[str], list[float]]:
    """Words with Zipf-like frequencies (weight 1/(rank+10)), the domain words spread among them.

    Real news text has a long tail of rare words: a query term matches some
    documents, not all, as it would in a real corpus.
    """
    rng = random.Random(seed)
    words = sorted({"".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(size)})
    rng.shuffle(words)
    for i, word in enumerate(WORDS):
        words.insert(rng.randint(0, min(len(words), 3000)) if i % 3 else i, word)
    cumulative, total = [], 0.0
    for rank in range(len(words)):
        total += 1.0 / (rank + 10)
        cumulative.append(total)
    return words, cumulative


VOCAB, CUMULATIVE = vocabulary()
OUTLETS = ("Islam Times", "Al Mayadeen", "Syrian Observatory", "Example News", "Le Monde", "Enab Baladi")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def _sentence(words: list[str]) -> str:
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def article(rng: random.Random, n: int) -> str:
    title = _sentence(rng.choices(VOCAB, cum_weights=CUMULATIVE, k=rng.randint(6, 12)))
    header = f"{title} (#{n})\n\n{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(2012, 2024)}\n\n"
    paragraphs = []
    size = len(header)
    while size < 3000:
        words = rng.choices(VOCAB, cum_weights=CUMULATIVE, k=rng.randint(40, 90))
        paragraph = _sentence(words) + "."
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    newline = "\r\n" if n % 10 == 0 else "\n"  # some CRLF files
    return header + newline.join(p + newline for p in paragraphs)


def make_corpus(folder: Path, n: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    total = 0
    for i in range(n):
        sub = folder / f"{i // 1000:04d}"
        if i % 1000 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        data = article(rng, i).encode("utf-8")
        (sub / f"article {i:06d}.txt").write_bytes(data)
        total += len(data)
    return total


CHILD = r"""
import io, json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from store.cli.main import main
out, err = io.StringIO(), io.StringIO()
t0 = time.perf_counter()
code = main(["--db", sys.argv[2], "import", "-q", *sys.argv[3:]], login="bench", out=out, err=err)
seconds = time.perf_counter() - t0
print(json.dumps({"code": code, "seconds": seconds, "summary": out.getvalue().strip().splitlines()[-1],
                  "errors": err.getvalue()[:500],
                  "max_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def run_import(db: Path, paths: list[Path]) -> dict:
    result = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), str(db), *map(str, paths)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"import failed: {result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


DOC_COLUMNS = ("id", "text", "length", "text_sha256", "bytes_sha256", "encoding", "bom", "title",
               "outlet", "published", "source", "url", "imported_by", "imported_at", "supersedes",
               "revision")
HIST_COLUMNS = ("id", "at", "actor", "action", "entity", "entity_id", "before", "after",
                "prev_hash", "hash")


def raw_floor(source_db: Path, target_db: Path) -> float:
    """Seconds for plain executemany of the same document and history rows (inserts + commits only)."""
    src = open_db(source_db).conn
    dst = open_db(target_db).conn
    docs = src.execute(f"SELECT {', '.join(DOC_COLUMNS)} FROM documents ORDER BY rowid")
    hist = src.execute(f"SELECT {', '.join(HIST_COLUMNS)} FROM history"
                       " WHERE action = 'import' ORDER BY seq")
    insert_doc = f"INSERT INTO documents ({', '.join(DOC_COLUMNS)}) VALUES ({', '.join('?' * len(DOC_COLUMNS))})"
    insert_hist = f"INSERT INTO history ({', '.join(HIST_COLUMNS)}) VALUES ({', '.join('?' * len(HIST_COLUMNS))})"
    seconds = 0.0
    while True:
        doc_rows = docs.fetchmany(BATCH_ROWS)
        if not doc_rows:
            break
        hist_rows = hist.fetchmany(len(doc_rows))
        t0 = time.perf_counter()
        dst.execute("BEGIN IMMEDIATE")
        dst.executemany(insert_doc, doc_rows)
        dst.executemany(insert_hist, hist_rows)
        dst.execute("COMMIT")
        seconds += time.perf_counter() - t0
    return seconds


def query_latency(db_path: Path, count: int = 200, seed: int = 11) -> tuple[float, float, float]:
    db = open_db(db_path)
    rng = random.Random(seed)
    # Query terms: the domain words and words across the frequency range (common to rare).
    plain = [w for w in WORDS if w.isalpha()] + [w for w in VOCAB[:5000] if w.isalpha()]
    queries = []
    for i in range(count):
        kind = i % 4
        if kind == 0:
            queries.append(rng.choice(plain))
        elif kind == 1:
            queries.append(" ".join(rng.sample(plain, 2)))
        elif kind == 2:
            queries.append(f"{rng.choice(plain)} OR {rng.choice(plain)}")
        else:
            queries.append('"' + " ".join(rng.choices(plain, k=2)) + '"')
    times = []
    for q in queries:
        t0 = time.perf_counter()
        search_documents(db, q, 20)
        times.append(time.perf_counter() - t0)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], times[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="articles to generate (default 100000)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="eventdesk-bench-"))
    try:
        corpus = tmp / "corpus"
        t0 = time.perf_counter()
        total = make_corpus(corpus, args.n)
        print(f"corpus: {args.n} files, {total / 1e6:.1f} MB (.txt files, ~{total // args.n} B each) "
              f"written in {time.perf_counter() - t0:.1f} s")

        folders = sorted(p for p in corpus.iterdir())
        tenth = folders[:max(1, len(folders) // 10)]
        small = run_import(tmp / "small.db", tenth)
        full = run_import(tmp / "full.db", [corpus])
        print(f"import (eventdesk import -q), first tenth: {small['summary']}; "
              f"{small['seconds']:.1f} s; peak RSS {small['max_rss_kib'] / 1024:.0f} MiB")
        rate = args.n / full["seconds"]
        print(f"import (eventdesk import -q), all: {full['summary']}; {full['seconds']:.1f} s = "
              f"{rate:,.0f} docs/s, {total / 1e6 / full['seconds']:.1f} MB/s; "
              f"peak RSS {full['max_rss_kib'] / 1024:.0f} MiB")
        if full["errors"]:
            print("import errors:", full["errors"])

        floor = raw_floor(tmp / "full.db", tmp / "floor.db")
        print(f"raw sqlite3 executemany of the same rows (documents + FTS triggers + history), "
              f"batches of {BATCH_ROWS}: {floor:.1f} s = {args.n / floor:,.0f} docs/s")
        print(f"import speed / floor speed: {floor / full['seconds']:.2f} (target >= 0.50)")

        p50, p95, worst = query_latency(tmp / "full.db")
        print(f"FTS search_documents (limit 20, with snippets) over 200 queries: "
              f"p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, max {worst * 1000:.1f} ms")
        print(f"database size: {(tmp / 'full.db').stat().st_size / 1e6:.0f} MB")
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
