"""The agreement's overlap sweep gives what comparing every pair gives."""

import random

from store.review.agreement import _overlaps, _span_disagreements, span_scores


def _spans(rng, n, who):
    out = []
    for i in range(n):
        start = rng.randint(0, 300)
        out.append({"id": f"{who}{i}", "label": rng.choice("AB"), "start": start,
                    "end": start + rng.randint(0, 12), "quote": "x"})
    return sorted(out, key=lambda s: s["start"])


def test_sweep_matches_every_pair():
    rng = random.Random(3)
    for _ in range(200):
        a, b = _spans(rng, rng.randint(0, 30), "a"), _spans(rng, rng.randint(0, 30), "b")
        for score in span_scores(a, b, "ann", "bob"):
            if score.label == "(all labels)":
                continue
            sa = [s for s in a if s["label"] == score.label]
            sb = [s for s in b if s["label"] == score.label]
            assert score.overlap_a == sum(any(_overlaps(s, t) for t in sb) for s in sa)
            assert score.overlap_b == sum(any(_overlaps(s, t) for t in sa) for s in sb)
        for d in _span_disagreements("doc", "ann", a, "bob", b):
            assert d.what.startswith("span ")


def test_disagreements_name_the_first_overlapping_span():
    rng = random.Random(4)
    for _ in range(200):
        a, b = _spans(rng, rng.randint(0, 20), "a"), _spans(rng, rng.randint(0, 20), "b")
        expected = []
        for mine, me, theirs, them in ((a, "ann", b, "bob"), (b, "bob", a, "ann")):
            exact = {(s["label"], s["start"], s["end"]) for s in theirs}
            for s in mine:
                if (s["label"], s["start"], s["end"]) in exact:
                    continue
                near = next((t for t in theirs if t["label"] == s["label"] and _overlaps(s, t)), None)
                if near is not None and me > them:
                    continue
                expected.append((me, s["start"], s["end"], near and (near["start"], near["end"])))
        got = [(me, *map(int, v.split(" ")[0].split("..")),
                d.values[them] and tuple(map(int, d.values[them].split(" ")[0].split(".."))))
               for d in _span_disagreements("doc", "ann", a, "bob", b)
               for me, v in d.values.items() if v and me == next(iter(d.values))
               for them in [k for k in d.values if k != me]]
        assert got == expected


def _pair_events_every_pair(events_by_annotator):
    """pair_events as it was: every event scored against every unit."""
    from store.review.agreement import _overlap_score

    units = []
    for annotator in sorted(events_by_annotator):
        candidates = []
        for ei, event in enumerate(events_by_annotator[annotator]):
            for ui, unit in enumerate(units):
                score = max(_overlap_score(event, other) for other in unit.values())
                candidates.append((-score, ei, ui))
        candidates.sort()
        placed, taken = set(), set()
        for neg_score, ei, ui in candidates:
            if ei in placed or ui in taken or neg_score == 0:
                continue
            units[ui][annotator] = events_by_annotator[annotator][ei]
            placed.add(ei)
            taken.add(ui)
        for ei, event in enumerate(events_by_annotator[annotator]):
            if ei not in placed:
                units.append({annotator: event})
    return units


def test_pairing_by_shared_values_is_pairing_by_every_pair():
    from store.review.agreement import pair_events

    rng = random.Random(5)
    for _ in range(300):
        by = {}
        for who in rng.sample(["ann", "bob", "cy", "di"], rng.randint(1, 4)):
            by[who] = [{"id": f"{who}{i}", "event_type": rng.choice(["Battles", "Protests", None]),
                        "location": rng.choice(["Atme", " atme", "Idlib", None]),
                        "date": rng.choice(["2020-01-01", "2020-01-02", None]),
                        "actor1": rng.choice(["SDF", "HTS", None])}
                       for i in range(rng.randint(0, 5))]
        got = [{k: e["id"] for k, e in u.items()} for u in pair_events(by)]
        want = [{k: e["id"] for k, e in u.items()} for u in _pair_events_every_pair(by)]
        assert got == want
