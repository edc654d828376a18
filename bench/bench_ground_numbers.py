"""Benchmark: resolve_number on count phrases from the seeds and typical wire copy.

Each case is written with the low / best / high the conventions table in
store/grounding/numbers.py gives (None where the words give no figure;
"unresolved" where no honest value exists). Prints the cases it gets wrong,
the share right and microseconds per value (target: under 5 ms a value).
Run with `.venv/bin/python bench/bench_ground_numbers.py`.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from store.grounding.numbers import resolve_number

U = "unresolved"
# (words, (low, best, high)) or (words, U)
CASES = [
    # the seeds
    ("At least 13 people", (13, 13, None)),
    ("at least 13 people, including six children and four women", (13, 13, None)),
    ("no US casualties", (0, 0, 0)),
    ("an al-Qaeda leader", (1, 1, 1)),
    ("A number of US soldiers", (3, None, None)),
    ("4 helicopters", (4, 4, 4)),
    ("at least 13 civilian casualties", (13, 13, None)),
    ("at least 13 people including 6 children", (13, 13, None)),
    ("no American casualties", (0, 0, 0)),
    ("Two", (2, 2, 2)),
    ("one person", (1, 1, 1)),
    ("another", (1, 1, 1)),
    ("three people", (3, 3, 3)),
    ("one Saudi Arabian, one Australian and one Syrian", (3, 3, 3)),
    ("three other people", (3, 3, 3)),
    ("nine members", (9, 9, 9)),
    ("the six people", (6, 6, 6)),
    ("more than 500 soldiers", (501, None, None)),
    ("about 20 to 30", (20, None, 30)),
    ("no USA or coalition members", (0, 0, 0)),
    ("dozens", (24, None, None)),
    ("many casualties", (3, None, None)),
    ("about 100 troops", (None, 100, None)),
    ("One U.S. -backed SDF fighter", (1, 1, 1)),
    ("25 members", (25, 25, 25)),
    ("More Than 100", (101, None, None)),
    ("500 pro-regime troops", (500, 500, 500)),
    ("about 100", (None, 100, None)),
    ("hundreds of attackers", (200, None, None)),
    ("approximately 500 personnel", (None, 500, None)),
    ("in excess of 100 fighters", (101, None, None)),
    ("dozens of tribal fighters", (24, None, None)),
    ("25 Syrian militias", (25, 25, 25)),
    ("some of the Russian contractors", (2, None, None)),
    # wire copy
    ("13", (13, 13, 13)),
    ("thirteen", (13, 13, 13)),
    ("twenty-five", (25, 25, 25)),
    ("twenty five", (25, 25, 25)),
    ("one hundred and twelve", (112, 112, 112)),
    ("a hundred", (100, 100, 100)),
    ("1,200", (1200, 1200, 1200)),
    ("1.5 million", (1_500_000, 1_500_000, 1_500_000)),
    ("two thousand", (2000, 2000, 2000)),
    ("more than 100", (101, None, None)),
    ("over 50", (51, None, None)),
    ("well over 200", (201, None, None)),
    ("upwards of 40", (41, None, None)),
    ("around 20", (None, 20, None)),
    ("some 30", (None, 30, None)),
    ("nearly 50", (None, 50, None)),
    ("almost 70 civilians", (None, 70, None)),
    ("an estimated 300", (None, 300, None)),
    ("roughly 1,000", (None, 1000, None)),
    ("20-30", (20, None, 30)),
    ("20 to 30", (20, None, 30)),
    ("between 20 and 30", (20, None, 30)),
    ("10 or 11", (10, None, 11)),
    ("up to 40", (None, None, 40)),
    ("as many as 60", (None, None, 60)),
    ("no more than 5", (None, None, 5)),
    ("fewer than 10", (None, None, 9)),
    ("less than a dozen", (None, None, 11)),
    ("a dozen", (None, 12, None)),
    ("two dozen", (None, 24, None)),
    ("more than a dozen", (13, None, None)),
    ("at least a dozen", (12, 12, None)),
    ("scores", (40, None, None)),
    ("hundreds", (200, None, None)),
    ("thousands", (2000, None, None)),
    ("tens of thousands", (20_000, None, None)),
    ("several", (3, None, None)),
    ("a few", (3, None, None)),
    ("a handful of", (3, None, None)),
    ("no one", (0, 0, 0)),
    ("nobody", (0, 0, 0)),
    ("none", (0, 0, 0)),
    ("six children and four women", (10, 10, 10)),
    ("a woman and her two children", (3, 3, 3)),
    ("three soldiers and two civilians", (5, 5, 5)),
    ("at least 7 soldiers and 3 civilians", (10, 10, None)),
    ("no fewer than 13", (13, 13, None)),
    ("both men", (2, 2, 2)),
    ("a total of 45", (45, 45, 45)),
    ("several hundred", (300, None, None)),
    ("a few dozen", (36, None, None)),
    ("13 people, six of them children", (13, 13, 13)),
    ("10 000", (10_000, 10_000, 10_000)),
    ("a 13-year-old boy", (1, 1, 1)),
    ("a man and his son", (2, 2, 2)),
    ("35, including eight children", (35, 35, 35)),
    # no honest value
    ("", U),
    ("a billion", U),
    ("-5", U),
    ("minus three", U),
    ("13.5", U),
    ("the victims", U),
    ("x" * 400, U),
]


def main() -> int:
    wrong = []
    for words, expected in CASES:
        result = resolve_number(words)
        got = U if result.get("unresolved") else (result["low"], result["best"], result["high"])
        if got != expected:
            wrong.append((words, expected, got, result.get("why")))
    for words, expected, got, why in wrong:
        print(f"  WRONG {words[:40]!r}: expected {expected}, got {got} ({why})")
    right = len(CASES) - len(wrong)
    print(f"{right}/{len(CASES)} right ({right / len(CASES):.0%})")
    rounds = 20
    started = time.perf_counter()
    for _ in range(rounds):
        for words, _expected in CASES:
            resolve_number(words)
    per_value = (time.perf_counter() - started) / (rounds * len(CASES))
    print(f"{per_value * 1e6:.0f} µs per value (target under 5,000 µs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
