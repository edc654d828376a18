"""How long `eventdesk verify` takes (chain, texts, spans, approved hashes, full replay) on a
database of N documents, each with spans and an approved event.  Prints figures; asserts nothing.

    /tmp/v/bin/python bench/bench_verify.py [N]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from store.db.connection import open_db  # noqa: E402
from store.records import documents, events, people, spans  # noqa: E402
from store.review import workflow as review  # noqa: E402
from store.verify.checks import verify  # noqa: E402

TEXT = ("At least {n} people were killed in an airstrike on Atme, local sources said on "
        "Thursday. " * 20)


def build(path: Path, n: int) -> None:
    db = open_db(path)
    people.ensure_user(db, "lead")
    for login in ("alice", "bob"):
        people.ensure_user(db, login)
    people.grant(db, "lead", "bob", "editor")
    for i in range(n):
        text = TEXT.format(n=i)
        doc = documents.add_document(db, text=text, bytes_sha256=documents.sha256_bytes(text.encode()),
                                     encoding="utf-8", actor="lead").id
        start = text.index("Atme")
        place = spans.add_span(db, doc, start, start + 4, "Location", "alice")
        spans.add_span(db, doc, 0, 8, "Killed", "alice")
        event = events.create_event(db, doc, "alice", event_type="Explosions/Remote violence",
                                    date="2022-02-03")
        event = events.set_field_from_span(db, event["id"], event["version"], "location",
                                           place["id"], "alice")
        review.submit(db, event["id"], "alice")
        review.approve(db, event["id"], "bob")
    db.close()


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        t0 = time.perf_counter()
        build(path, n)
        t1 = time.perf_counter()
        db = open_db(path)
        entries = db.execute("SELECT COUNT(*) FROM history").fetchone()[0]
        t2 = time.perf_counter()
        report = verify(db)
        t3 = time.perf_counter()
        print(f"{n} documents / approved events, {entries} history entries")
        print(f"build: {t1 - t0:.1f} s   verify: {t3 - t2:.2f} s   ok: {report.ok}")


if __name__ == "__main__":
    main()
