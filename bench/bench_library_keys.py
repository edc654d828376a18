"""The library screen's keys on a large database, headless (`App.run_test`, 160x40).

    python bench/bench_library_keys.py /tmp/eventdesk-lists-100k.db

Times, from the key's action to the table showing the result: first rows after start-up, `G`
(the true last row), `g`, a filter (`f` outlet:…), `s` (sort by published), and a search
(`/` shelling); prints peak RSS and the load average (2 shared cores: noisy).  The actions are
called directly: `pilot.press` waits for the app to be idle (tui/keys.py), which here
costs more than the work measured.
"""

from __future__ import annotations

import asyncio
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textual.widgets import DataTable  # noqa: E402

from tui.app import EventDeskApp  # noqa: E402


def figure(name: str, seconds: float) -> None:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{name:<40} {seconds * 1000:8.1f} ms   peak RSS {rss:5.0f} MiB   load {os.getloadavg()[0]:.2f}",
          flush=True)


async def until(pilot, done, timeout: float = 60.0) -> float:
    t0 = time.perf_counter()
    while not done():
        await pilot.pause(0.005)
        if time.perf_counter() - t0 > timeout:
            raise SystemExit("timed out")
    return time.perf_counter() - t0


async def run(path: Path) -> None:
    app = EventDeskApp(path, "bench", keymap={})
    t0 = time.perf_counter()
    async with app.run_test(size=(160, 40)) as pilot:
        screen = app.screen
        table = screen.query_one("#documents", DataTable)
        await until(pilot, lambda: table.row_count > 0)
        figure(f"first rows ({table.row_count} of {screen.total:,})", time.perf_counter() - t0)
        last_id = screen.rows[-1]["id"] if screen.at_end else None
        t0 = time.perf_counter()
        screen.action_edge(1)
        await until(pilot, lambda: screen.at_end and table.cursor_row == table.row_count - 1
                    and screen.shown and screen.shown[-1] != last_id)
        figure("G: the true last row", time.perf_counter() - t0)
        t0 = time.perf_counter()
        screen.action_edge(0)
        await until(pilot, lambda: screen.at_start and table.cursor_row == 0)
        figure("g: the first row", time.perf_counter() - t0)
        t0 = time.perf_counter()
        screen.filter_text = 'outlet:"Le Monde"'
        screen.load()
        await until(pilot, lambda: screen.rows and all(r["outlet"] == "Le Monde" for r in screen.rows))
        figure(f"f outlet: (of {screen.total:,})", time.perf_counter() - t0)
        t0 = time.perf_counter()
        screen.action_sort()
        await until(pilot, lambda: screen.rows and isinstance(screen.rows[0]["key"][0], str))
        figure("s: sorted by published", time.perf_counter() - t0)
        t0 = time.perf_counter()
        screen.query_text = "shelling"
        screen.run_search("shelling")
        await until(pilot, lambda: screen.hit_ids and table.row_count > 0)
        figure(f"/ search: first page of {len(screen.hit_ids)} hits", time.perf_counter() - t0)


def main() -> None:
    asyncio.run(run(Path(sys.argv[1])))


if __name__ == "__main__":
    main()
