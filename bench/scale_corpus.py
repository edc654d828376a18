"""A large database for the scale benchmarks, built once and reused.

    python bench/scale_corpus.py /tmp/eventdesk-100k.db            # 100,000 articles
    python bench/scale_corpus.py /tmp/small.db --n 5000

Rows are written straight into a migrated database with `executemany` (the
import path is measured by bench_import.py; here only the result matters):
N synthetic ~3 KB articles (bench_import's generator) over six outlets and
2012-2024, every tenth with an event (status and coder varied) and two spans
whose quotes are the text at their offsets.  An existing file is left alone.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_import import OUTLETS, article  # noqa: E402
from store.db.connection import new_id, open_db, utc_now  # noqa: E402
from store.records.documents import document_row  # noqa: E402

STATUSES = ("draft", "submitted", "needs_revision", "rejected", "approved")
CODERS = tuple(f"coder{i:02d}" for i in range(50))


def build(path: Path, n: int, seed: int = 7) -> None:
    db = open_db(path)
    conn = db.conn
    rng = random.Random(seed)
    now = utc_now()
    docs, spans, events = [], [], []
    t0 = time.perf_counter()

    def flush() -> None:
        conn.execute("BEGIN IMMEDIATE")
        if docs:
            cols = list(docs[0])
            conn.executemany(f"INSERT INTO documents ({', '.join(cols)}) VALUES "
                             f"({', '.join('?' * len(cols))})", [tuple(d[c] for c in cols) for d in docs])
        conn.executemany('INSERT INTO spans (id, document_id, start, "end", quote, label, author,'
                         " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", spans)
        conn.executemany("INSERT INTO events (id, document_id, status, created_by, created_at,"
                         " updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", events)
        conn.execute("COMMIT")
        docs.clear(), spans.clear(), events.clear()

    for i in range(n):
        text = article(rng, i)
        row = document_row(text=text, bytes_sha256="0" * 64, encoding="utf-8", actor="bench",
                           title=text.split("\n", 1)[0][:200], outlet=OUTLETS[i % len(OUTLETS)],
                           published=f"{2012 + i % 13}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                           source=f"bench/{i:06d}.txt")
        docs.append(row)
        if i % 10 == 0:
            coder = CODERS[i % len(CODERS)]
            for start in (0, 40):
                spans.append((new_id(), row["id"], start, start + 5, text[start:start + 5],
                               "Trigger", coder, now))
            events.append((new_id(), row["id"], STATUSES[(i // 10) % len(STATUSES)], coder, now,
                           coder, now))
        if len(docs) == 1000:
            flush()
            if (i + 1) % 10_000 == 0:
                print(f"{i + 1:,} articles, {time.perf_counter() - t0:.0f} s", flush=True)
    flush()
    db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--n", type=int, default=100_000)
    args = parser.parse_args()
    if args.path.exists():
        print(f"{args.path} exists; reused")
        return
    build(args.path, args.n)
    print(f"built {args.path}")


if __name__ == "__main__":
    main()
