"""How well find_dates finds TimeBank's DATE expressions in whole articles, with the right value.

A found mention is right when it overlaps a gold `type="DATE"` TIMEX3 span
(not the DCT) and its `timex_value` equals the gold value; each gold span is
matched at most once. Prints precision, recall and F1 with the value, the
span-only F1 (overlap, value ignored), and milliseconds per article.
Reads ../shared/fixtures/timebank in place.

    .venv/bin/python bench/bench_suggest_dates.py [--fixtures DIR] [--errors N]
"""

from __future__ import annotations

import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timebank_corpus import fixtures_dir_from_args, load_corpus

from store.grounding.date_finder import find_dates
from store.grounding.dates import timex_value


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _best_of(runs: int, function) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


def _print_scaling() -> None:
    """Time on the project's own seed articles (about 3 KB each) and on a 1 MB article."""
    seeds = sorted(SEEDS.glob("*.txt"))
    if not seeds:
        return
    texts = [path.read_text(encoding="utf-8") for path in seeds]
    per_seed = [_best_of(5, lambda t=t: find_dates(t, "2022-02-03")) * 1000 for t in texts]
    print(f"  seed articles ({min(map(len, texts))}-{max(map(len, texts))} chars): "
          f"max {max(per_seed):.2f} ms, mean {sum(per_seed) / len(per_seed):.2f} ms")
    joined = "\n\n".join(texts)
    small = (joined * (100_000 // len(joined) + 1))[:100_000]
    large = (joined * (1_000_000 // len(joined) + 1))[:1_000_000]
    small_s = _best_of(2, lambda: find_dates(small, "2022-02-03"))
    large_s = _best_of(1, lambda: find_dates(large, "2022-02-03"))
    print(f"  100 KB article {small_s * 1000:.0f} ms; 1 MB article {large_s * 1000:.0f} ms "
          f"(x{large_s / small_s:.1f} for x10 the text; output capped at 2,000 mentions)")


def main() -> int:
    fixtures, show_errors = fixtures_dir_from_args(__doc__, extra_errors=True)
    docs = load_corpus(fixtures)
    if not docs:
        print(f"no TimeBank documents under {fixtures / 'timebank'}")
        return 0
    found_total = gold_total = right = span_right_found = span_right_gold = 0
    times_ms: list[float] = []
    false_positives: Counter = Counter()
    misses: Counter = Counter()
    for doc in docs:
        gold = [t for t in doc.timexes if t.type == "DATE"]
        started = time.perf_counter()
        mentions = find_dates(doc.text, doc.dct)
        times_ms.append((time.perf_counter() - started) * 1000)
        found_total += len(mentions)
        gold_total += len(gold)
        used_value: set[int] = set()
        used_span: set[int] = set()
        for mention in mentions:
            value = timex_value(mention.value)
            overlapping = [k for k, g in enumerate(gold) if mention.start < g.end and g.start < mention.end]
            free_span = [k for k in overlapping if k not in used_span]
            if free_span:
                used_span.add(free_span[0])
                span_right_found += 1
            matching = [k for k in overlapping if k not in used_value and gold[k].value == value]
            if matching:
                used_value.add(matching[0])
                right += 1
            elif not overlapping:
                false_positives[mention.quote.lower()] += 1
        span_right_gold += len(used_span)
        for k, g in enumerate(gold):
            if k not in used_value:
                misses[(g.words.lower(), g.value)] += 1
    precision = right / found_total if found_total else 0.0
    recall = right / gold_total if gold_total else 0.0
    span_p = span_right_found / found_total if found_total else 0.0
    span_r = span_right_gold / gold_total if gold_total else 0.0
    print(f"find_dates on {len(docs)} TimeBank articles: {found_total} found, {gold_total} gold DATE")
    print(f"  with the right value: P {precision:.3f}  R {recall:.3f}  F1 {_f1(precision, recall):.3f}")
    print(f"  span only (overlap):  P {span_p:.3f}  R {span_r:.3f}  F1 {_f1(span_p, span_r):.3f}")
    times_ms.sort()
    p95 = times_ms[min(len(times_ms) - 1, int(len(times_ms) * 0.95))]
    print(f"  ms per article: p50 {statistics.median(times_ms):.2f}, p95 {p95:.2f}, max {times_ms[-1]:.2f}"
          f" (mean {sum(len(d.text) for d in docs) / len(docs) / 1000:.1f} KB per article)")
    _print_scaling()
    if show_errors:
        print("most frequent false positives (no gold overlap):")
        for quote, count in false_positives.most_common(show_errors):
            print(f"  {count:3d}  {quote!r}")
        print("most frequent gold misses (no mention with the right value):")
        for (words, value), count in misses.most_common(show_errors):
            print(f"  {count:3d}  {words!r} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
