"""How well `find_places` finds LGL's toponyms in whole articles.

A suggestion is right when it overlaps a gold toponym span (each gold span
counts once); the stricter figure also asks that its value lie within 161 km
of the gold place. Prints precision, recall, F1 and ms per article.
Run: `.venv/bin/python bench/bench_suggest_places.py`
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from lgl import articles, fixtures_argument

from store.grounding import gazetteer as gazetteer_module
from store.grounding.ranking import haversine_km
from store.suggest.places import suggest_places


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def main() -> int:
    args = fixtures_argument(__doc__.splitlines()[0])
    path = args.gazetteer or gazetteer_module.default_path()
    gazetteer = gazetteer_module.open_gazetteer(path)
    if gazetteer.status:
        print(f"no gazetteer: {gazetteer.status}")
        return 0
    docs = articles(args.fixtures, args.limit)
    if not docs:
        return 0
    suggested = right = right_close = gold_total = found = found_close = 0
    false_positives: Counter = Counter()
    missed: Counter = Counter()
    started = time.perf_counter()
    for doc in docs:
        text = doc["text"]
        suggestions = suggest_places(text, gazetteer)
        for s in suggestions:
            assert text[s.start:s.end] == s.quote
        gold = doc["toponyms"]
        suggested += len(suggestions)
        gold_total += len(gold)
        hit_gold: set[int] = set()
        close_gold: set[int] = set()
        for s in suggestions:
            overlapping = [i for i, g in enumerate(gold) if s.start < g["end"] and g["start"] < s.end]
            if not overlapping:
                false_positives[s.quote] += 1
                continue
            right += 1
            hit_gold.update(overlapping)
            value = s.value
            close = [i for i in overlapping if value and gold[i]["lat"] is not None
                     and value.get("latitude") is not None
                     and haversine_km((value["latitude"], value["longitude"]),
                                      (gold[i]["lat"], gold[i]["lon"])) <= 161]
            if close:
                right_close += 1
                close_gold.update(close)
        found += len(hit_gold)
        found_close += len(close_gold)
        for i, g in enumerate(gold):
            if i not in hit_gold:
                missed[g["phrase"]] += 1
    seconds = time.perf_counter() - started
    precision, recall = right / max(suggested, 1), found / max(gold_total, 1)
    strict_p, strict_r = right_close / max(suggested, 1), found_close / max(gold_total, 1)
    print(f"articles {len(docs)}, gold toponyms {gold_total}, suggestions {suggested}")
    print(f"overlap:            P {precision:.3f}  R {recall:.3f}  F1 {_f1(precision, recall):.3f}"
          "  (target F1 >= 0.80)")
    print(f"and within 161 km:  P {strict_p:.3f}  R {strict_r:.3f}  F1 {_f1(strict_p, strict_r):.3f}")
    print(f"time: {seconds / max(len(docs), 1) * 1000:.1f} ms per article")
    print("most frequent false positives:", ", ".join(
        f"{q!r}x{n}" for q, n in false_positives.most_common(30)))
    print("most frequent misses:", ", ".join(f"{q!r}x{n}" for q, n in missed.most_common(30)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
