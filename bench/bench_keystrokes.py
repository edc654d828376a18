"""How many keys it takes to fully code the main event of seed 000, replayed through the real app.

The script below is typed into the workstation (Pilot, the app's own key handling,
the key queue, the writer thread), in one burst, then the stored event is checked
field by field and the key count printed.  What the script cannot reach yet is
printed as missing rather than counted as done.

    python bench/bench_keystrokes.py
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from store.db.connection import open_db  # noqa: E402
from tests.support.typing_speed import run_script  # noqa: E402
from tests.support.workstation import seeded_db  # noqa: E402


def find(words: str) -> list[str]:
    return ["slash", *words, "enter"]


def tabs(n: int) -> list[str]:
    return ["tab"] * n


#: The fastest script found with what the workstation has today.  Form order: type, sub-type,
#: trigger, date, date from, date to, time prec., location, country, admin1, admin2, latitude,
#: longitude, geo prec., actor 1, actor 1 kind, assoc. 1, actor 2, actor 2 kind, assoc. 2,
#: killed, fatal. low, fatal. best, ...
SCRIPT = [
    "e", "t", *"drone", "enter",                       # event, type from the picker
    *find("commando raid"), "1",                       # trigger
    *find("on Thursday"), "2",                         # date words
    *find("Idlib Province"), "3",                      # location
    *find("US special operations troops"), "4",        # actor 1
    *find("At least 13 people"), "6",                  # killed (from the top: the first one)
    *tabs(5), *"2022-02-03", "tab", *"2022-02-03",     # date from, date to
    *tabs(3), *"Syria", "tab", *"Idlib",                # country, admin1
    *tabs(6), *"External/Other forces",                # actor 1 kind
    "tab", "tab", *"Civilians",                        # actor 2 (target) by name
    *tabs(5), *"13",                                   # fatalities best
    "escape",
    *find("13 people, including six children"), "9",   # the claim's content
    *find("Al Jazeera"), "8",                          # its speaker
]

WANTED = {
    "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
    "trigger": "commando raid", "date": "on Thursday", "date_start": "2022-02-03",
    "date_end": "2022-02-03", "location": "Idlib Province", "country": "Syria", "admin1": "Idlib",
    "actor1": "US special operations troops", "actor1_kind": "External/Other forces",
    "actor2": "Civilians", "killed": "At least 13 people", "fatalities_best": 13,
}


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        seeded_db(path)
        await run_script(path, SCRIPT, burst=True)
        db = open_db(path)
        event = next(db.query("SELECT * FROM events"))
        claim = next(db.query("SELECT * FROM claims"), None)
        quotes = {s["id"]: s["quote"] for s in db.query("SELECT id, quote FROM spans")}
        db.close()
    wrong = {f: event[f] for f, v in WANTED.items() if event[f] != v}
    print(f"keys: {len(SCRIPT)} (target 90)")
    print(f"event fields as wanted: {len(WANTED) - len(wrong)}/{len(WANTED)}"
          + (f"; not: {wrong}" if wrong else ""))
    if claim is None:
        print("claim: missing")
    else:
        print(f"claim: content {quotes.get(claim['content_span_id'])!r}, speaker "
              f"{quotes.get(claim['speaker_span_id'])!r}, cue "
              f"{quotes.get(claim['cue_span_id']) if claim['cue_span_id'] else 'not settable yet'}")


if __name__ == "__main__":
    asyncio.run(main())
