"""A database for the list benchmarks (bench_lists.py), built once and reused.

    python bench/lists_corpus.py /tmp/eventdesk-lists-100k.db --docs 10000   # 100,000 events
    python bench/lists_corpus.py /tmp/eventdesk-lists-10k.db --docs 1000     # 10,000 events

Rows go straight in with `executemany` (only the result matters here): `docs`
synthetic ~3 KB articles (bench_import's generator), ten events on each, every
event with two evidence spans (trigger and location) whose quotes are the text at
their offsets.  Statuses: `--submitted` events (default 10,000, or a tenth) wait for
review, each with its `submit` review; most of the rest are approved.  The first
`--double` documents (default 1,000) are coded by two people (events and spans
alternate between them, the second often agreeing), the rest by one.  One document
has `--orphans` orphaned spans (default 2,000), each evidence for an event.
An existing file is left alone.
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

CODERS = tuple(f"coder{i:02d}" for i in range(50))
TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians", "Protests")
PLACES = (("Atme", "Syria"), ("Jarabulus", "Syria"), ("Aleppo", "Syria"), ("Mosul", "Iraq"))


def build(path: Path, docs: int, per_doc: int = 10, submitted: int | None = None,
          double: int = 1000, orphans: int = 2000, seed: int = 5) -> None:
    db = open_db(path)
    conn = db.conn
    rng = random.Random(seed)
    now = utc_now()
    total_events = docs * per_doc
    submitted = min(10_000, total_events // 10) if submitted is None else submitted
    every_submitted = max(1, total_events // max(1, submitted))
    for login in CODERS + ("editor",):
        conn.execute("INSERT OR IGNORE INTO users (login, role, created_at) VALUES (?, ?, ?)",
                     [login, "editor" if login == "editor" else "annotator", now])
    rows: dict[str, list] = {"documents": [], "spans": [], "events": [], "event_evidence": [], "reviews": []}
    t0, n_event, n_submitted = time.perf_counter(), 0, 0

    def flush() -> None:
        conn.execute("BEGIN IMMEDIATE")
        if rows["documents"]:
            cols = list(rows["documents"][0])
            conn.executemany(f"INSERT INTO documents ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                             [tuple(d[c] for c in cols) for d in rows["documents"]])
        conn.executemany('INSERT INTO spans (id, document_id, start, "end", quote, label, author, created_at,'
                         " anchor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows["spans"])
        conn.executemany("INSERT INTO events (id, document_id, status, event_type, date_start, location,"
                         " country, actor1, actor1_kind, fatalities_best, created_by, created_at, updated_by,"
                         " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows["events"])
        conn.executemany("INSERT INTO event_evidence (event_id, field, span_id, created_by, created_at)"
                         " VALUES (?, ?, ?, ?, ?)", rows["event_evidence"])
        conn.executemany("INSERT INTO reviews (id, event_id, action, from_status, to_status, actor, at,"
                         " event_version) VALUES (?, ?, 'submit', 'draft', 'submitted', ?, ?, 1)",
                         rows["reviews"])
        conn.execute("COMMIT")
        for v in rows.values():
            v.clear()

    for i in range(docs):
        text = article(rng, i)
        doc = document_row(text=text, bytes_sha256="0" * 64, encoding="utf-8", actor="bench",
                           title=text.split("\n", 1)[0][:200], outlet=OUTLETS[i % len(OUTLETS)],
                           published=f"{2012 + i % 13}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                           source=f"lists/{i:06d}.txt")
        rows["documents"].append(doc)
        coders = (CODERS[i % 50], CODERS[(i + 1) % 50]) if i < double else (CODERS[i % 50],)
        for k in range(per_doc):
            coder = coders[k % len(coders)]
            # Two coders mostly mark the same words: the second coder's k-th event repeats
            # the first's (k-1)-th, shifted now and then.
            base = (k // len(coders)) * 200 + 60
            shift = 0 if rng.random() < 0.7 else rng.randint(1, 4)
            start = base + (shift if k % len(coders) else 0)
            event_id = new_id()
            trigger, place = new_id(), new_id()
            for span_id, s, label in ((trigger, start, "Trigger"), (place, start + 20, "Location")):
                rows["spans"].append((span_id, doc["id"], s, s + 8, text[s:s + 8], label, coder, now, "exact"))
                rows["event_evidence"].append((event_id, label.lower() if label == "Location" else "trigger",
                                               span_id, coder, now))
            n_event += 1
            status = "approved"
            if n_event % every_submitted == 0 and n_submitted < submitted:
                status, n_submitted = "submitted", n_submitted + 1
                rows["reviews"].append((new_id(), event_id, coder, f"2026-0{1 + n_event % 9}-1{n_event % 10}T10:00"
                                        f":{n_event % 60:02d}.000000+00:00"))
            elif n_event % 7 == 0:
                status = "draft"
            town, country = PLACES[rng.randrange(len(PLACES))] if rng.random() < 0.8 else PLACES[k % 4]
            rows["events"].append((event_id, doc["id"], status, TYPES[(i + k) % 4],
                                   f"20{12 + i % 13}-0{1 + k % 9}-1{k}", town, country, "SDF",
                                   "Rebel group", rng.randint(0, 9), coder, now, coder, now))
        if i == docs - 1 and orphans:
            event_id = new_id()
            rows["events"].append((event_id, doc["id"], "draft", "Battles", None, None, None, None, None,
                                   None, coders[0], now, coders[0], now))
            for j in range(orphans):
                span_id = new_id()
                rows["spans"].append((span_id, doc["id"], None, None, f"lost words {j}", "Location",
                                      coders[0], now, "orphaned"))
                rows["event_evidence"].append((event_id, "location", span_id, coders[0], now))
        if len(rows["documents"]) == 500:
            flush()
            print(f"{i + 1:,} documents, {time.perf_counter() - t0:.0f} s", flush=True)
    flush()
    db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--double", type=int, default=1000)
    parser.add_argument("--orphans", type=int, default=2000)
    args = parser.parse_args()
    if args.path.exists():
        print(f"{args.path} exists; reused")
        return
    build(args.path, args.docs, double=min(args.double, args.docs), orphans=args.orphans)
    print(f"built {args.path}")


if __name__ == "__main__":
    main()
