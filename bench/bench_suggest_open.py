"""Keys while a 1 MB article's suggestions are computed (off the UI thread).

Opens a ~1 MB article (seed sentences repeated) that has no stored
suggestions, and presses `l`/`j` at once, while the suggestions worker runs;
prints each key's time from press to processed (Pilot, wall clock) until the
suggestions have arrived, and when they arrived. Target: no key blocked
(the worst key stays in the tens of ms while the worker runs).

    .venv/bin/python bench/bench_suggest_open.py
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from store.db.connection import open_db  # noqa: E402
from store.records import people  # noqa: E402
from tests.support.workstation import add_text, settle  # noqa: E402
from tui.app import EventDeskApp  # noqa: E402


async def replay(path: Path) -> None:
    import tui.places
    tui.places.start_batch = lambda app: None  # measure the open alone, not the background batch
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(600):
            if app.gazetteer is not None:
                break
            await asyncio.sleep(0.05)
        await settle(pilot)
        opened = time.perf_counter()
        await pilot.press("enter")
        while not hasattr(app.screen, "view") or not app.screen.view.text:
            await asyncio.sleep(0.005)
        print(f"document shown {time.perf_counter() - opened:.2f} s after Enter")
        times, arrived = [], None
        for i in range(400):
            started = time.perf_counter()
            await pilot.press("l" if i % 4 else "j")
            times.append((time.perf_counter() - started) * 1000)
            if arrived is None and not any(w.group == "suggestions" and not w.is_finished
                                           for w in app.workers):
                arrived = time.perf_counter() - opened
                break
        times.sort()
        print(f"{len(times)} keys while the suggestions were computed: p50 {statistics.median(times):.1f} ms,"
              f" p95 {times[int(len(times) * 0.95) - 1]:.1f} ms, max {times[-1]:.1f} ms")
        print(f"suggestions arrived {arrived:.2f} s after opening" if arrived else "suggestions not yet there")
        await settle(pilot)
        quiet = []
        for i in range(40):
            started = time.perf_counter()
            await pilot.press("l" if i % 4 else "j")
            quiet.append((time.perf_counter() - started) * 1000)
        print(f"the same keys afterwards, nothing computing: p50 {statistics.median(quiet):.1f} ms,"
              f" max {max(quiet):.1f} ms (Pilot's own wait per key included)")
        print(f"{len(app.screen.view.suggestions)} suggestions shown (cap per document)")


def main() -> int:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    cases = {
        "1 MB of seed articles (the cap is reached early)": ("\n\n".join(texts) * 400)[:1_000_000],
        "1 MB with few suggestions (read to the end)":
            ("the quiet river runs over old stones and on into the valley below. " * 16000)[:1_000_000],
    }
    for name, big in cases.items():
        print(name)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "open.db"
            db = open_db(path)
            people.ensure_user(db, "alice")
            add_text(db, big, title="one megabyte", published="2022-02-03")
            db.close()
            asyncio.run(replay(path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
