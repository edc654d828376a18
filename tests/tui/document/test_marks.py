"""The marks model changed one span at a time equals the marks computed from scratch."""

from __future__ import annotations

import random

from tui.document.marks import BUCKET, MarkSet, SpanMark
from tui.messages import MarkChanges
from tui.worker import MarkSnapshots

LENGTH = 5 * BUCKET + 17  # spans cross bucket edges


def _random_mark(rng: random.Random, n: int) -> SpanMark:
    start = rng.randrange(LENGTH)
    end = min(LENGTH, start + rng.choice([0, 1, 3, 40, BUCKET + 5]))  # empty and long ones too
    return SpanMark(f"s{n}", start, end, rng.choice(["Actor", "Date", "Location"]))


def _same(incremental: MarkSet, marks: dict[str, SpanMark]) -> None:
    scratch = MarkSet(marks.values())
    assert incremental.spans == scratch.spans
    assert len(incremental) == len(marks)
    for start in range(0, LENGTH, 97):
        for width in (0, 1, 50, BUCKET):
            assert incremental.overlapping(start, start + width) == scratch.overlapping(start, start + width)


def test_a_sequence_of_adds_and_removes_equals_the_marks_from_scratch():
    rng = random.Random(14)
    marks: dict[str, SpanMark] = {}
    incremental = MarkSet()
    for n in range(600):
        if marks and rng.random() < 0.4:
            span_id = rng.choice(sorted(marks))
            gone = marks.pop(span_id)
            assert incremental.remove(span_id) == [(gone.start, gone.end)]
        elif marks and rng.random() < 0.1:  # the same id moved (a placed orphan, an undo)
            span_id = rng.choice(sorted(marks))
            moved = _random_mark(rng, n)
            moved = SpanMark(span_id, moved.start, moved.end, moved.label)
            old = marks[span_id]
            marks[span_id] = moved
            changed = incremental.add(moved)
            assert (old.start, old.end) in changed and (moved.start, moved.end) in changed
        else:
            mark = _random_mark(rng, n)
            marks[mark.id] = mark
            assert incremental.add(mark) == [(mark.start, mark.end)]
        if n % 50 == 0:
            _same(incremental, marks)
    _same(incremental, marks)
    assert incremental.remove("no such span") == []
    assert incremental.add(next(iter(marks.values()))) == []  # already in: nothing to repaint


def test_replace_touches_only_the_marks_that_differ():
    a, b, c = SpanMark("a", 0, 5, "Date"), SpanMark("b", 10, 20, "Actor"), SpanMark("c", 30, 31, "Date")
    marks = MarkSet([a, b])
    b2 = SpanMark("b", 10, 20, "Location")
    assert sorted(marks.replace([a, b2, c])) == [(10, 20), (10, 20), (30, 31)]
    assert marks.spans == (a, b2, c)
    assert marks.replace([a, b2, c]) == []


def test_the_writers_changes_rebuild_the_marks_it_sent():
    rng = random.Random(3)
    snapshots = MarkSnapshots(keep=2)
    current = {f"s{n}": _random_mark(rng, n) for n in range(200)}
    current = {m.id: m for m in current.values()}
    token = snapshots.remember("doc", list(current.values()))
    shown = MarkSet(current.values())
    for n in range(200, 260):
        if rng.random() < 0.5:
            current.pop(rng.choice(sorted(current)))
        else:
            mark = _random_mark(rng, n)
            current[mark.id] = mark
        change = snapshots.change("doc", list(current.values()))
        assert change.base == token  # computed from exactly the marks shown
        shown.apply(change.removed, change.added)
        token = change.token
        assert shown.spans == MarkSet(current.values()).spans
    # A document it has forgotten (or never sent) gets base 0: the screen redraws it whole.
    snapshots.remember("other", [])
    snapshots.remember("third", [])
    forgotten = snapshots.change("doc", [])
    assert (forgotten.base, forgotten.removed, forgotten.added) == (0, (), ())
    assert isinstance(forgotten, MarkChanges) and forgotten.token > token
