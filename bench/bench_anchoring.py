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

from store.revisions.anchoring import reanchor  # noqa: E402

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
    long_article()
    return 0 if elapsed <= 1.0 else 1


def long_article(paragraphs: int = 150, n_spans: int = TARGET_SPANS) -> float:
    """A second workload: one long article (about 57 KB, words drawn from the seeds) with
    10,000 spans, revised by inserted and deleted paragraphs and typo fixes."""
    import random
    import re

    from store.records.spans import context
    from store.revisions.anchoring import OldSpan

    rng = random.Random(1)
    seeds = [p.read_bytes().decode("utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    vocab = re.findall(r"\S+", " ".join(seeds))
    paras = [" ".join(rng.choice(vocab) for _ in range(rng.randrange(30, 90))) for _ in range(paragraphs)]
    old = "\n\n".join(paras)
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", old)]
    spans = []
    for k in range(n_spans):
        i = rng.randrange(len(words))
        j = min(len(words) - 1, i + rng.randrange(3))
        s, e = words[i][0], words[j][1]
        prefix, suffix = context(old, s, e)
        spans.append(OldSpan(str(k), s, e, old[s:e], prefix, suffix))
    new_paras = list(paras)
    for _ in range(paragraphs // 30):
        new_paras.insert(rng.randrange(len(new_paras)), " ".join(rng.choice(vocab) for _ in range(40)))
    for _ in range(paragraphs // 50):
        del new_paras[rng.randrange(len(new_paras))]
    for _ in range(paragraphs // 15):
        i = rng.randrange(len(new_paras))
        k = rng.randrange(len(new_paras[i]))
        new_paras[i] = new_paras[i][:k] + new_paras[i][k + 1:]
    new = "\n\n".join(new_paras)
    t0 = time.perf_counter()
    anchors = Counter(p.anchor for p in reanchor(old, new, spans))
    elapsed = time.perf_counter() - t0
    print(f"one long article ({len(old):,} chars): re-anchored {n_spans} spans in {elapsed:.3f} s")
    print("anchors: " + ", ".join(f"{k} {v}" for k, v in sorted(anchors.items())))
    return elapsed


if __name__ == "__main__":
    sys.exit(main())
