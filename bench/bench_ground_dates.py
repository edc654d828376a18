"""How often resolve_date gives TimeBank's gold value for a DATE expression.

Each `type="DATE"` TIMEX3 (not the DCT itself) is resolved from its gold
words, the document creation time and its sentence; `timex_value(result)` is
compared with the gold `value`. Prints the share right overall and by kind of
gold value, and the time per value. Reads ../shared/fixtures/timebank in place.

    .venv/bin/python bench/bench_ground_dates.py [--fixtures DIR] [--errors N] [--failures]
"""

from __future__ import annotations

import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timebank_corpus import fixtures_dir_from_args, gold_value_kind, load_corpus

from store.grounding.date_context import sentence_bounds
from store.grounding.dates import resolve_date, timex_value


def main() -> int:
    fixtures, show_errors, show_failures = fixtures_dir_from_args(__doc__, extra_errors=True, failures=True)
    docs = load_corpus(fixtures)
    if not docs:
        print(f"no TimeBank documents under {fixtures / 'timebank'}")
        return 0
    right: Counter = Counter()
    total: Counter = Counter()
    timings: list[float] = []
    errors: dict[tuple, int] = defaultdict(int)
    failures: dict[str, list[tuple]] = defaultdict(list)
    unspecified = [0, 0]  # gold values with an X: count, right
    for doc in docs:
        for timex in doc.timexes:
            if timex.type != "DATE":
                continue
            begin, finish = sentence_bounds(doc.text, timex.start, timex.end)
            sentence = doc.text[begin:finish]
            started = time.perf_counter()
            result = resolve_date(timex.words, doc.dct, sentence)
            timings.append((time.perf_counter() - started) * 1e6)
            kind = gold_value_kind(timex.value)
            total[kind] += 1
            got = timex_value(result)
            if "X" in timex.value:
                unspecified[0] += 1
                unspecified[1] += got == timex.value
            if got == timex.value:
                right[kind] += 1
            else:
                errors[(timex.words.lower(), timex.value, got, (doc.dct or "")[:10])] += 1
                failures[kind].append((doc.name, (doc.dct or "")[:10], timex.words, timex.value, got,
                                       sentence, timex.start - begin))
    overall = sum(right.values()) / max(1, sum(total.values()))
    print(f"date grounding on TimeBank DATE expressions: {sum(right.values())}/{sum(total.values())} "
          f"right = {overall:.3f}")
    # TimeBank sometimes leaves part of a value unspecified ("last week" -> 1989-WXX); no
    # resolver that commits to a week can match those, so show the share without them too.
    specified_total = sum(total.values()) - unspecified[0]
    specified_right = sum(right.values()) - unspecified[1]
    print(f"  gold values fully specified (no X, as in 1989-WXX): {specified_right}/{specified_total} "
          f"right = {specified_right / max(1, specified_total):.3f}; {unspecified[0]} with an X")
    for kind in ("day", "month", "year", "week", "quarter/season", "decade", "*_REF", "other"):
        if total[kind]:
            print(f"  {kind:15s} {right[kind]:4d}/{total[kind]:<4d} = {right[kind] / total[kind]:.3f}")
    if timings:
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        print(f"time per value: p50 {statistics.median(timings):.1f} us, p95 {p95:.1f} us")
    if show_errors:
        print(f"most frequent misses (words, gold, got, dct), of {sum(errors.values())}:")
        for (words, gold, got, dct), count in sorted(errors.items(), key=lambda kv: -kv[1])[:show_errors]:
            print(f"  {count:3d}  {words!r:40s} gold {gold:12s} got {got!s:12s} dct {dct}")
    if show_failures:
        _print_failures(failures)
    return 0


def _print_failures(failures: dict[str, list[tuple]]) -> None:
    """Every miss by kind of gold value: document, DCT, words, gold, got, and the sentence."""
    for kind in sorted(failures, key=lambda k: -len(failures[k])):
        print(f"\n== {kind}: {len(failures[kind])} misses")
        for name, dct, words, gold, got, sentence, at in failures[kind]:
            one_line = " ".join(sentence.split())
            marked = " ".join((sentence[:at] + "[" + words + "]" + sentence[at + len(words):]).split())
            print(f"  {name} dct {dct}  {words!r} gold {gold} got {got}")
            print(f"      {marked if len(marked) < 400 else one_line[:400]}")


if __name__ == "__main__":
    sys.exit(main())
