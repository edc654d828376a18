"""How often the gazetteer's pick for an LGL toponym is the right place.

For every gold toponym with a GeoNames entry, resolve its phrase with the
article's other gold phrases as context (their words, not their gold ids) and
compare the pick with the gold: same geonameid, within 161 km (the field's
usual measure), or unresolved. Also the index's build time, size, open time
and the lookup rate. Run: `.venv/bin/python bench/bench_ground_places.py`
(`--rebuild` to time a fresh build of the index).
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
from store.grounding.places import resolve_place
from store.grounding.ranking import haversine_km


def main() -> int:
    args = fixtures_argument(__doc__.splitlines()[0], extra=("--rebuild",))
    path = args.gazetteer or gazetteer_module.default_path()
    if "--rebuild" in sys.argv or gazetteer_module.index_status(path, None) is not None:
        report = gazetteer_module.build_index(path)
        print(f"built gazetteer now: {report['places']:,} places, {report['names']:,} names, "
              f"{report['seconds']:.1f} s, {report['bytes'] / 1e6:.1f} MB")
    started = time.perf_counter()
    gazetteer = gazetteer_module.open_gazetteer(path, build=False)
    opened = time.perf_counter() - started
    if gazetteer.status:
        print(f"no gazetteer: {gazetteer.status}")
        return 0
    meta = gazetteer.meta()
    print(f"index {path}: {path.stat().st_size / 1e6:.1f} MB, {int(meta.get('places', 0)):,} places, "
          f"built in {meta.get('build_seconds', '?')} s from {meta.get('version')}; "
          f"open {opened * 1000:.1f} ms")
    docs = articles(args.fixtures, args.limit)
    if not docs:
        return 0
    total = same = close = unresolved = 0
    misses: Counter = Counter()
    started = time.perf_counter()
    for doc in docs:
        gold = [t for t in doc["toponyms"] if t["geonameid"]]
        phrases = [t["phrase"] for t in doc["toponyms"]]
        for index, toponym in enumerate(gold):
            others = [p for p in phrases if p != toponym["phrase"]]
            result = resolve_place(toponym["phrase"], gazetteer, context="; ".join(others))
            total += 1
            chosen = result.get("chosen")
            if not chosen:
                unresolved += 1
                misses[(toponym["phrase"], "unresolved")] += 1
                continue
            if chosen["geonameid"] == toponym["geonameid"]:
                same += 1
            if chosen["latitude"] is not None and haversine_km(
                    (chosen["latitude"], chosen["longitude"]), (toponym["lat"], toponym["lon"])) <= 161:
                close += 1
            else:
                misses[(toponym["phrase"], f"{chosen['name']},{chosen['admin1']},{chosen['country']}")] += 1
    seconds = time.perf_counter() - started
    print(f"articles {len(docs)}, gold toponyms with a GeoNames entry {total}")
    print(f"same geonameid   {same / total:.3f}")
    print(f"within 161 km    {close / total:.3f}  (target >= 0.85)")
    print(f"unresolved       {unresolved / total:.3f}")
    print(f"resolve rate     {total / seconds:,.0f} values/s, {seconds / total * 1e6:,.0f} us/value "
          f"(each resolves its article's other phrases as context)")
    started = time.perf_counter()
    lookups = 0
    for doc in docs[:100]:
        for toponym in doc["toponyms"]:
            gazetteer.candidates(toponym["phrase"])
            lookups += 1
    seconds = time.perf_counter() - started
    print(f"bare candidates() {lookups / seconds:,.0f} lookups/s, {seconds / lookups * 1e6:,.0f} us/lookup")
    print("most frequent misses:")
    for (phrase, picked), count in misses.most_common(25):
        print(f"  {count:3d}  {phrase!r} -> {picked}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
