"""Benchmark: re-anchor 10,000 spans onto revised texts (target: at most one second).

The workload is the revision corpus of tests/anchoring_corpus.py (insertions,
deletions, typo fixes, moved paragraphs, rewordings, repeated names, CRLF,
duplicated paragraphs), repeated until 10,000 spans: a realistic mix of exact,
moved, fuzzy and orphaned landings.  Prints the figures; run with
`/tmp/v/bin/python bench/bench_anchoring.py`.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from anchoring_corpus import cases  # noqa: E402
from store.anchoring import reanchor  # noqa: E402

TARGET_SPANS = 10_000


def main() -> int:
    corpus = [(c.old, c.new, c.old_spans()) for c in cases()]
    jobs, n = [], 0
    while n < TARGET_SPANS:
        for old, new, spans in corpus:
            take = spans[: TARGET_SPANS - n]
            if not take:
                break
            jobs.append((old, new, take))
            n += len(take)
    anchors = Counter()
    t0 = time.perf_counter()
    for old, new, spans in jobs:
        anchors.update(p.anchor for p in reanchor(old, new, spans))
    elapsed = time.perf_counter() - t0
    total = sum(anchors.values())
    print(f"re-anchored {total} spans over {len(jobs)} revised documents in {elapsed:.3f} s "
          f"({total / elapsed:,.0f} spans/s; target <= 1.000 s)")
    print("anchors: " + ", ".join(f"{k} {v}" for k, v in sorted(anchors.items())))
    return 0 if elapsed <= 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
