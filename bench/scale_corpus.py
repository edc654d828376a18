"""A large database for the scale benchmarks, built once and reused.

    python bench/scale_corpus.py /tmp/eventdesk-100k.db            # 100,000 articles
    python bench/scale_corpus.py /tmp/small.db --n 5000
    python bench/scale_corpus.py /tmp/verify-100k.db --history --spans 10   # verify's corpus

Rows are written straight into a migrated database with `executemany` (the
import path is measured by bench_import.py; here only the result matters):
N synthetic ~3 KB articles (bench_import's generator) over six outlets and
2012-2024, every tenth with an event (status and coder varied) and two spans
whose quotes are the text at their offsets.  An existing file is left alone.

With `--history` (bench_verify.py) the corpus is one the app could have written, so
`eventdesk verify` passes on it: every document and span has its history entry (written in
bulk, as an import does), `--spans` spans per article, and `--events` events coded through
the real record functions (evidence linked, submitted, approved by another account).
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
from store.records.documents import document_row, sha256_bytes  # noqa: E402

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
    _count_terms(db)
    db.close()


def _count_terms(db) -> None:
    """The rows went in by raw SQL, past what keeps search_terms up: build it once, as the
    migration does (store/search_terms.py)."""
    from store import search_terms
    from store.db.connection import transaction

    with transaction(db) as conn:
        search_terms.build(conn)


def build_with_history(path: Path, n: int, spans_per_doc: int = 10, n_events: int = 1000,
                       seed: int = 7) -> None:
    from store.db.connection import transaction
    from store.records import events as event_records
    from store.records import history, people
    from store.records.documents import history_state
    from store.records.spans import span_row
    from store.review import workflow

    db = open_db(path)
    people.ensure_user(db, "lead")
    for login in ("alice", "bob"):
        people.ensure_user(db, login)
    people.grant(db, "lead", "bob", "editor")
    rng = random.Random(seed)
    t0 = time.perf_counter()
    docs, spans, entries, places = [], [], [], []

    def flush() -> None:
        with transaction(db):
            cols = list(docs[0])
            db.conn.executemany(f"INSERT INTO documents ({', '.join(cols)}) VALUES "
                                f"({', '.join('?' * len(cols))})", [tuple(d[c] for c in cols) for d in docs])
            cols = list(spans[0])
            db.conn.executemany(f"INSERT INTO spans ({', '.join(repr(c) for c in cols)}) VALUES "
                                f"({', '.join('?' * len(cols))})", [tuple(r[c] for c in cols) for r in spans])
            history.record_many(db, entries)
        docs.clear(), spans.clear(), entries.clear()

    for i in range(n):
        text = article(rng, i)
        row = document_row(text=text, bytes_sha256=sha256_bytes(text.encode("utf-8")), encoding="utf-8",
                           actor="lead", title=text.split("\n", 1)[0][:200], outlet=OUTLETS[i % len(OUTLETS)],
                           published=f"{2012 + i % 13}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                           source=f"bench/{i:06d}.txt")
        docs.append(row)
        entries.append(dict(actor="lead", action="import", entity="document", entity_id=row["id"],
                            after=history_state(row)))
        step = max(1, (len(text) - 20) // spans_per_doc)
        for k in range(spans_per_doc):
            start = k * step
            span = span_row(text, document_id=row["id"], start=start, end=start + 6,
                            label=("Location", "Date", "Actor")[k % 3], author="alice")
            spans.append(span)
            entries.append(dict(actor="alice", action="create", entity="span", entity_id=span["id"],
                                after=span))
            if k == 0 and len(places) < n_events:
                places.append((row["id"], span["id"]))
        if len(docs) == 1000:
            flush()
            if (i + 1) % 10_000 == 0:
                print(f"{i + 1:,} articles, {time.perf_counter() - t0:.0f} s", flush=True)
    if docs:
        flush()
    _count_terms(db)
    for doc_id, span_id in places:
        event = event_records.create_event(db, doc_id, "alice", event_type="Explosions/Remote violence",
                                           date="2022-02-03")
        event = event_records.set_field_from_span(db, event["id"], event["version"], "location",
                                                  span_id, "alice")
        workflow.submit(db, event["id"], "alice")
        workflow.approve(db, event["id"], "bob")
    print(f"{n:,} articles, {n * spans_per_doc:,} spans, {len(places):,} approved events: "
          f"{time.perf_counter() - t0:.0f} s", flush=True)
    db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--history", action="store_true",
                        help="a corpus verify passes on: history entries, spans, approved events")
    parser.add_argument("--spans", type=int, default=10, help="spans per article (with --history)")
    parser.add_argument("--events", type=int, default=1000, help="approved events (with --history)")
    args = parser.parse_args()
    if args.path.exists():
        print(f"{args.path} exists; reused")
        return
    if args.history:
        build_with_history(args.path, args.n, args.spans, args.events)
    else:
        build(args.path, args.n)
    print(f"built {args.path}")


if __name__ == "__main__":
    main()
