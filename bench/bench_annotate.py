"""How long the annotate screen holds the UI thread: opening a big document, and each save.

A 1 MB article with 10,000 label spans.  Prints, for opening: the time from
Enter in the library to the text drawn, and the part spent on the UI thread;
for labelling: the UI-thread time of handling each committed action (the
database work itself runs on the writer thread and is not counted).

    python bench/bench_annotate.py [--spans 10000] [--labels 20]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from tui_support import add_text, settle  # noqa: E402

from store.db.connection import open_db, transaction  # noqa: E402
from store.records import people  # noqa: E402
from store.records.spans import span_row  # noqa: E402
from tui.app import EventDeskApp  # noqa: E402
from tui.screens import annotate  # noqa: E402

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


async def run(path: Path, labels: int) -> None:
    ui_times: list[float] = []
    loaded: list[float] = []
    loaded_at: list[float] = []
    done = annotate.AnnotateScreen.on_action_done
    on_loaded = annotate.AnnotateScreen._loaded

    def timed_done(self, message):
        t = time.perf_counter()
        done(self, message)
        ui_times.append(time.perf_counter() - t)

    def timed_loaded(self, *args):
        t = time.perf_counter()
        on_loaded(self, *args)
        loaded.append(time.perf_counter() - t)
        loaded_at.append(time.perf_counter())

    annotate.AnnotateScreen.on_action_done = timed_done
    annotate.AnnotateScreen._loaded = timed_loaded
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        t = time.perf_counter()
        await pilot.press("enter")
        await settle(pilot)
        opened = time.perf_counter() - t
        await pilot.press("e")
        await settle(pilot)
        for _ in range(labels):
            await pilot.press("w", "v", "w", "3")
            await settle(pilot)
    ms = sorted(x * 1000 for x in ui_times[1:])
    print(f"open: Enter to text loaded in the view {(loaded_at[0] - t) * 1000:.0f} ms "
          f"(of which UI thread {loaded[0] * 1000:.0f} ms); to settled {opened * 1000:.0f} ms")
    print(f"per committed label, UI thread: p50 {statistics.median(ms):.0f} ms, "
          f"p95 {ms[int(len(ms) * 0.95) - 1]:.0f} ms, max {ms[-1]:.0f} ms (n={len(ms)})")


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
