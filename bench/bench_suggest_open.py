"""Keys while a 1 MB article's suggestions are computed (off the UI thread).

Opens a ~1 MB article and, once the document is shown and its keys are let
through, presses `l`/`j` one after another while the suggestions worker runs,
timing each key from press to processed (Pilot, wall clock). Each case runs
twice: with the suggestions already stored (the worker only reads them: the
baseline) and with none stored (the worker computes them for the 1 MB text).
Prints the keys pressed while the worker ran (p50, p95, max; the baseline
presses 30 keys after the document is shown, so its first keys compare), when the
suggestions arrived, and the load average next to each figure.
Target: no key blocked (the worst key while computing stays in the tens of ms,
close to the baseline's).

    .venv/bin/python bench/bench_suggest_open.py
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from store.db.connection import open_db  # noqa: E402
from store.grounding.gazetteer import open_gazetteer  # noqa: E402
from store.records import people  # noqa: E402
from store.records import suggestions as sugg  # noqa: E402
from tests.support.workstation import add_text, settle  # noqa: E402
from tui.app import EventDeskApp  # noqa: E402


def _computing(app) -> bool:
    return any(w.group == "suggestions" and not w.is_finished for w in app.workers)


async def replay(path: Path, keys_at_least: int = 0) -> None:
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
        while not hasattr(app.screen, "view") or not app.screen.view.text or app.keys.busy:
            await asyncio.sleep(0.005)
        print(f"    document shown, keys let through {time.perf_counter() - opened:.2f} s after Enter")
        during, arrived = [], None
        for i in range(2000):
            if arrived is None and not _computing(app):
                arrived = time.perf_counter() - opened
            if arrived is not None and i >= keys_at_least:
                break
            started = time.perf_counter()
            await pilot.press("l" if i % 4 else "j")
            during.append((time.perf_counter() - started) * 1000)
        if during:
            print(f"    first keys: {', '.join(f'{t:.0f}' for t in during[:5])} ms")
            during.sort()
            print(f"    {len(during)} keys {'after the document was shown' if keys_at_least else 'while the worker ran'}: p50 {statistics.median(during):.1f} ms,"
                  f" p95 {during[max(0, int(len(during) * 0.95) - 1)]:.1f} ms, max {during[-1]:.1f} ms"
                  f" (load {os.getloadavg()[0]:.2f})")
        else:
            print("    the worker was done before the first key")
        print(f"    suggestions arrived {arrived:.2f} s after Enter" if arrived else "    suggestions not yet there")
        await settle(pilot)
        quiet = []
        for i in range(40):
            started = time.perf_counter()
            await pilot.press("l" if i % 4 else "j")
            quiet.append((time.perf_counter() - started) * 1000)
        print(f"    the same keys afterwards, nothing computing: p50 {statistics.median(quiet):.1f} ms,"
              f" max {max(quiet):.1f} ms (Pilot's own wait per key included; load {os.getloadavg()[0]:.2f})")
        print(f"    {len(app.screen.view.suggestions)} suggestions shown (cap per document)")


def main() -> int:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    cases = {
        "1 MB of seed articles (the cap is reached early)": ("\n\n".join(texts) * 400)[:1_000_000],
        "1 MB with few suggestions (read to the end)":
            ("the quiet river runs over old stones and on into the valley below. " * 16000)[:1_000_000],
    }
    gazetteer = open_gazetteer(build=False)
    for name, big in cases.items():
        for stored in (True, False):
            print(f"{name}: suggestions {'already stored (baseline)' if stored else 'computed on open'}")
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "open.db"
                db = open_db(path)
                people.ensure_user(db, "alice")
                document_id = add_text(db, big, title="one megabyte", published="2022-02-03")
                if stored:
                    sugg.compute_and_store(db, document_id, gazetteer=gazetteer)
                db.close()
                # The baseline presses as many keys after the open as a computing run does.
                asyncio.run(replay(path, keys_at_least=30 if stored else 0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
