"""How long the annotate screen holds the UI thread: opening a big document, and each save.

A 1 MB article with 10,000 label spans.  Prints, for opening: the time from
Enter in the library to the text drawn, and the part spent on the UI thread;
for labelling: the UI-thread time of handling each committed action (the
database work itself runs on the writer thread and is not counted), and of
redrawing the suggestion layer the change brings.  The machine's load
(os.getloadavg) is printed beside the figures.

Open figures: "in the view" is the text and marks handed to the view; "interactive"
the first frame drawn after that (the keys held while it loads go on from there);
"settled" when every worker is done (the side panels mounted, suggestions in).
"phases" splits the open: the worker's read and preparing, then the screen
composed and mounted with the text, then its first frame.
Targets (issue 14): interactive <= 300 ms, a label <= 16 ms p95 on the UI thread.

    python bench/bench_annotate.py [--spans 10000] [--labels 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from store.db.connection import open_db, transaction  # noqa: E402
from store.records import people  # noqa: E402
from store.records.spans import span_row  # noqa: E402
from tests.support.workstation import add_text, settle  # noqa: E402
from tui.app import EventDeskApp  # noqa: E402
from tui.screens import annotate, annotate_load  # noqa: E402

WORDS = ["alpha", "bravo", "Idlib", "strike", "killed", "Atme", "forces", "said", "قُتِلَ"]


def build(path: Path, n_spans: int) -> None:
    random.seed(1)
    paras, size = [], 0
    while size < 1_000_000:
        para = " ".join(random.choice(WORDS) for _ in range(80)) + ".\n\n"
        paras.append(para)
        size += len(para)
    text = "".join(paras)
    db = open_db(path)
    people.ensure_user(db, "alice")
    doc = add_text(db, text, title="big")
    rows, pos = [], 0
    step = len(text) // (n_spans + 1)
    for _ in range(n_spans):
        pos = text.index(" ", pos + step - 10) + 1
        end = text.index(" ", pos)
        rows.append(span_row(text, document_id=doc, start=pos, end=end,
                             label=random.choice(["Actor", "Date", "Location"]), author="alice"))
    with transaction(db):
        db["spans"].insert_all(rows)
    db.close()


def load() -> str:
    return "loadavg " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def p95(values: list[float]) -> float:
    values = sorted(values)
    return values[max(0, int(len(values) * 0.95) - 1)]


async def run(path: Path, labels: int) -> None:
    ui_times: list[float] = []  # on_action_done of each committed action
    ui_cpu: list[float] = []  # the same, CPU time of the UI thread (the machine is shared)
    arrived: list[float] = []  # _suggestions_arrived (the layer redrawn after each change)
    loaded: list[float] = []
    loaded_at: list[float] = []
    frames: list[float] = []
    side_at: list[float] = []
    done = annotate.AnnotateScreen.on_action_done
    on_loaded = annotate.AnnotateScreen._loaded
    on_arrived = annotate.AnnotateScreen._suggestions_arrived
    fill = getattr(annotate.AnnotateScreen, "_fill_side", None)
    read_for_view = getattr(annotate_load, "read_for_view", None)
    reads: list[tuple[float, float, float]] = []  # (start, end, CPU) of the worker's read

    def timed_read(*args):
        t, c = time.perf_counter(), time.thread_time()
        result = read_for_view(*args)
        reads.append((t, time.perf_counter(), time.thread_time() - c))
        return result

    def timed_done(self, message):
        t, c = time.perf_counter(), time.thread_time()
        done(self, message)
        ui_times.append(time.perf_counter() - t)
        ui_cpu.append(time.thread_time() - c)

    def timed_loaded(self, *args):
        t = time.perf_counter()
        on_loaded(self, *args)
        loaded.append(time.perf_counter() - t)
        loaded_at.append(time.perf_counter())

    def timed_arrived(self, *args):
        t = time.perf_counter()
        on_arrived(self, *args)
        arrived.append(time.perf_counter() - t)

    async def timed_fill(self):
        await fill(self)
        side_at.append(time.perf_counter())

    annotate.AnnotateScreen.on_action_done = timed_done
    annotate.AnnotateScreen._loaded = timed_loaded
    annotate.AnnotateScreen._suggestions_arrived = timed_arrived
    if fill is not None:
        annotate.AnnotateScreen._fill_side = timed_fill
    if read_for_view is not None:
        annotate_load.read_for_view = timed_read
    app = EventDeskApp(path, "alice", keymap={})
    display = app._display

    def timed_display(*args, **kwargs):
        result = display(*args, **kwargs)
        if loaded_at and not frames:
            frames.append(time.perf_counter())  # the first frame with the text in the view
        return result

    app._display = timed_display
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        print(f"before opening: {load()}")
        t = time.perf_counter()
        await pilot.press("enter")
        await settle(pilot)
        opened = time.perf_counter() - t
        await pilot.press("e")
        await settle(pilot)
        arrived.clear()
        for _ in range(labels):
            await pilot.press("w", "v", "w", "3")
            await settle(pilot)
    ms = sorted(x * 1000 for x in ui_times[1:])
    cpu = sorted(x * 1000 for x in ui_cpu[1:])
    keys_free = app.keys.holds
    print(f"open: Enter to the text in the view {(loaded_at[0] - t) * 1000:.0f} ms (of which UI "
          f"thread {loaded[0] * 1000:.0f} ms); to interactive (first frame with the text, keys "
          f"let through) {(frames[0] - t) * 1000:.0f} ms"
          + (f"; event form and claims panel in {(side_at[0] - t) * 1000:.0f} ms" if side_at else "")
          + f"; to settled (suggestions in, workers done) {opened * 1000:.0f} ms; {load()}")
    if reads:
        start, end, read_cpu = reads[0]
        print(f"open, phases: Enter to the read starting {(start - t) * 1000:.0f} ms; the read "
              f"and preparing (worker thread: DB, marks, layout) {(end - start) * 1000:.0f} ms "
              f"(CPU {read_cpu * 1000:.0f} ms); its end to the text in the view (screen composed, "
              f"mounted) {(loaded_at[0] - end) * 1000:.0f} ms; to the first frame "
              f"{(frames[0] - loaded_at[0]) * 1000:.0f} ms")
    print(f"per committed label, UI thread (on_action_done): p50 {statistics.median(ms):.1f} ms, "
          f"p95 {p95(ms):.1f} ms, max {ms[-1]:.1f} ms (n={len(ms)}); CPU time p50 "
          f"{statistics.median(cpu):.1f} ms, p95 {p95(cpu):.1f} ms; {load()}")
    if arrived:
        sa = sorted(x * 1000 for x in arrived)
        print(f"per label, UI thread, the suggestion layer redrawn after it (_suggestions_arrived): "
              f"p50 {statistics.median(sa):.1f} ms, p95 {p95(sa):.1f} ms (n={len(sa)})")
    assert not keys_free, keys_free


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spans", type=int, default=10_000)
    parser.add_argument("--labels", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        build(path, args.spans)
        asyncio.run(run(path, args.labels))


if __name__ == "__main__":
    main()
