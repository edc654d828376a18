"""Keystrokes to code the main event of seed 000 with suggestions, replayed with Pilot.

The event: the US raid on Atme on Wednesday night, at least 13 killed, by US
special operations troops; type Battles / Armed clash; submitted. Every key
below is what a coder presses (counted); waiting for saves is not a key. The
replay then checks what was stored: each field backed by a span that came
from a suggestion, and the event submitted. Target: <= 25 keys.

    .venv/bin/python bench/bench_keystrokes_suggest.py
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from store.db.connection import open_db  # noqa: E402
from store.records.events import evidence_for, list_events  # noqa: E402
from store.records.spans import list_spans  # noqa: E402
from tests.support.workstation import seeded_db, settle  # noqa: E402
from tui.app import EventDeskApp  # noqa: E402

#: (keys, what they do)
PLAN = [
    (["enter"], "open seed 000 from the library"),
    (["e"], "new event"),
    (["G", "comma", "a"], "end of text, previous suggestion 'Wednesday night', accept: date"),
    (["comma", "comma", "comma", "a"], "back to 'Atme', accept: location"),
    (["g", "full_stop", "full_stop", "a"], "top, past the dateline to 'At least 13 people', accept: killed"),
    (["full_stop", "a"], "past 'US' (a place) to 'US special operations troops', accept: actor1"),
    (["t", "a", "r", "m", "enter"], "event type: Battles / Armed clash"),
    (["s"], "submit"),
]


async def replay(path: Path) -> int:
    app = EventDeskApp(path, "alice", keymap={})
    count = 0
    async with app.run_test(size=(160, 50)) as pilot:
        for _ in range(600):  # the gazetteer opens in a thread; places need it
            if app.gazetteer is not None:
                break
            await asyncio.sleep(0.05)
        await settle(pilot)
        for keys, what in PLAN:
            for key in keys:
                await pilot.press(key)
                count += 1
                await settle(pilot)
            status = app.screen.query_one("#status").render().plain if hasattr(app.screen, "view") else ""
            print(f"  {' '.join(keys):28s} {what}\n      status: {status[:130]}")
    return count


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "keys.db"
        ids = seeded_db(path)
        keys = asyncio.run(replay(path))
        db = open_db(path)
        [event] = list_events(db, ids[0])
        evidence = evidence_for(db, event["id"])
        spans = {s["id"]: s for s in list_spans(db, ids[0])}
        print(f"\nevent: status {event['status']}, type {event['event_type']} / {event['sub_event_type']}")
        for field in ("date", "location", "killed", "actor1"):
            backing = [spans[i] for i in evidence.get(field, [])]
            print(f"  {field:9s} {event[field]!r:40s} from suggestion: "
                  f"{', '.join(str(s['suggested_by']) for s in backing) or '-'}")
        ok = (event["status"] == "submitted" and all(event[f] for f in ("date", "location", "killed", "actor1")))
        print(f"\n{keys} keys for the main event of seed 000 with suggestions (target <= 25): "
              f"{'ok' if ok and keys <= 25 else 'NOT MET'}")
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
