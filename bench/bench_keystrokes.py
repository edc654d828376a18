"""How many keys it takes to code the main event of seed 000, replayed through the real app.

Two scripts are typed into the workstation (Pilot, the app's own key handling, the key
queue, the writer thread), each in one burst, and the stored event is then checked field
by field: type, trigger, date words and ISO dates, location with country and admin1,
actor 1 with its kind, target, killed with fatalities, and one claim with its content,
speaker and cue.  A field that is not as wanted is printed as such rather than counted
as done.

(a) without grounding: the article has no published date and no gazetteer is open, so
    nothing resolves dates or places; ISO dates and admin1 are typed, the country picked
    (type-to-filter).  Used: short finds (a unique beginning, from the top or from the
    cursor); Tab in the find box (the match grown to its word's end, as Enter then `i`);
    Esc in the find box, which leaves the cursor on the match with nothing selected, so
    the label key takes what its rule knows there (the count "At least 13", the actor
    phrase "women and children", the name "Idlib Province" / "Al Jazeera", the date
    words, else the word); `i` (to the word's end, then the next words) and `;` (to the
    comma or full stop); `w` near where the last span left the cursor; `9` the claim,
    `W` its speaker, `Q` its cue; the pickers, ctrl+g to a field by name, `date to`
    following `date from`.  Grounding that needs no data still fills its fields (the
    fatalities from the Killed words, the target's kind from its words) but nothing is
    accepted; the actor's kind is picked (with no event country the US troops' kind is
    not guessed home or abroad).
(b) with grounding: the seeds as `eventdesk` imports them (published 2022-02-03) and the
    gazetteer; labelling Date, Location, Killed, Actor and Target fills the dates, the
    place fields, the fatalities and both actor kinds (the location is labelled before
    the actor, so the event's country tells the US troops are abroad), and one `*`
    accepts every grounded value still to check (counted), the status bar listing them.

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
from store.records import people  # noqa: E402
from store.records import places as places_mod  # noqa: E402
from tests.support.typing_speed import run_script  # noqa: E402
from tests.support.workstation import seeded_db  # noqa: E402


def find(words: str, *extend: str) -> list[str]:
    """`/words⏎` selects the first match from the top (exactly the letters typed); the keys
    in `extend` then stretch it to the whole span: `i` to the end of the word it stops in
    (again: the next word), `;` up to the next comma or full stop."""
    return ["slash", *words, "enter", *extend]


def find_here(words: str, *extend: str) -> list[str]:
    """`\\words⏎`: the same, from the cursor on (a find leaves the cursor at its start)."""
    return ["backslash", *words, "enter", *extend]


#: The text part, shared: (keys, what they do).  Each find is the shortest beginning of the
#: span whose first match (from the top, or from the cursor for `\\`) is in the span;
#: a find, `i` and a label leave the cursor at the span's start, so the words just after
#: it are reached with `w` (next word).
TEXT = [
    (["e"], "new event"),
    (["t", *"dr", "enter"], "type from the picker: Explosions/Remote violence / Air/drone strike"),
    (["slash", *"13", "escape", "6"], "killed: '13', Esc, 6 takes the count 'At least 13'"),
    (["slash", "w", "escape", "5"], "target: 'w', Esc, 5 takes the actor phrase 'women and children'"),
    (["backslash", *"pr", "escape", "3"],
     "location from the cursor: 'pr', Esc, 3 takes the name 'Idlib Province'"),
    (["slash", *"rai", "tab", "1"], "trigger 'raid' ('rai', Tab grows it to the word's end)"),
    (["slash", *"us", "escape", "4"], "actor 1: 'us', Esc, 4 takes 'US special operations troops'"),
    (find_here("1", "semicolon", "i", "i", "i") + ["9"],
     "claim from the cursor: '13 people, including six children' ('1', ; i i i), 9"),
    (["slash", "j", "escape", "W"], "the claim's speaker: 'j', Esc, W takes the name 'Al Jazeera'"),
    (["w", "w", "w", "Q"], "the claim's cue 'said', three words on (w w w), Q takes the word"),
    (["w", "w", "2"], "date words 'Thursday', two words on (w w), 2"),
]

#: The form part, from the text: ctrl+g and a field's name where that is shorter than Tabs
#: (folded fields take no Tab): date from, date to, time prec., location, country, admin1,
#: actor 1, actor 1 kind, target, target kind, killed, fatal. best.
FORM_A = [
    (["ctrl+g", *"fr", "enter", *"2022-02-03"], "ctrl+g 'fr' -> date from, typed (date to follows it)"),
    (["ctrl+g", "c", "enter", *"sy", "enter"], "ctrl+g 'c' -> country: the picker, 'sy' -> Syria"),
    (["tab", *"Idlib"], "admin1 typed"),
    (["tab", "tab", "e", "enter"], "actor 1 kind: picker, 'e' -> External/Other forces"),
]

FORM_B = [
    (["asterisk"], "* accepts every grounded value still to check: dates, place, fatalities, both kinds"),
]

PLANS = {
    "a": ("without accepting any grounded value", TEXT + FORM_A, 90),
    "b": ("with grounding", TEXT + FORM_B, 50),
}

WANTED = {
    "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
    "trigger": "raid", "date": "Thursday", "date_start": "2022-02-03", "date_end": "2022-02-03",
    "location": "Idlib Province", "country": "Syria", "admin1": "Idlib",
    "actor1": "US special operations troops", "actor1_kind": "External/Other forces",
    "actor2": "women and children", "actor2_kind": "Civilians",
    "killed": "At least 13", "fatalities_best": 13,
}
CLAIM = {"content": "13 people, including six children", "speaker": "Al Jazeera", "cue": "said"}


def prepare(path: Path, mode: str) -> None:
    if mode == "a":
        seeded_db(path)  # no published date: nothing resolves a date
        from store.grounding.gazetteer import open_gazetteer
        # No gazetteer: nothing resolves a place (an index that does not exist opens empty).
        places_mod._PACKAGED["g"] = open_gazetteer(path.with_name("no-gazetteer.sqlite"), build=False)
    else:
        from store.grounding.gazetteer import open_gazetteer
        from store.ingest.seeds import ensure_seeded

        places_mod._PACKAGED.pop("g", None)
        if not open_gazetteer(build=True).available:  # built once, outside the project (~20 s)
            print("  (no gazetteer could be built: places will not ground)")
        db = open_db(path)
        people.ensure_user(db, "alice")
        ensure_seeded(db, "alice")  # as `eventdesk` imports them: published 2022-02-03
        db.close()


def check(path: Path) -> tuple[list[str], list[str]]:
    db = open_db(path)
    try:
        first = next(db.query("SELECT id FROM documents ORDER BY rowid"))["id"]
        events = list(db.query("SELECT * FROM events WHERE document_id = ?", [first]))
        quotes = {s["id"]: s["quote"] for s in db.query("SELECT id, quote FROM spans")}
        claims = list(db.query("SELECT * FROM claims WHERE document_id = ?", [first]))
        sources = {r["field"]: r["source"] for r in db.query(
            "SELECT field, source FROM event_values WHERE event_id = ?",
            [events[0]["id"]] if events else [""])}
    finally:
        db.close()
    if len(events) != 1:
        return [f"{len(events)} events, not 1"], []
    event = events[0]
    lines, wrong = [], []
    for field, want in WANTED.items():
        got = event[field]
        how = f" ({sources[field]})" if field in sources else ""
        ok = got == want
        lines.append(f"    {'ok ' if ok else 'NOT'} {field:16s} {got!r}{how}")
        if not ok:
            wrong.append(field)
    if len(claims) != 1:
        wrong.append("claim")
        lines.append(f"    NOT claim: {len(claims)} claims")
        return lines, wrong
    claim = claims[0]
    for part in ("content", "speaker", "cue"):
        column = claim.get(f"{part}_span_id")
        got = quotes.get(column) if column else None
        ok = got == CLAIM[part]
        lines.append(f"    {'ok ' if ok else 'NOT'} claim {part:9s} {got!r}")
        if not ok:
            wrong.append(f"claim {part}")
    lines.append(f"    ok  claim linked to the event: {claim['event_id'] == event['id']}")
    return lines, wrong


async def measure(mode: str) -> tuple[int, list[str]]:
    title, plan, target = PLANS[mode]
    keys = [k for step, _ in plan for k in step]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"bench-{mode}.db"
        prepare(path, mode)
        await run_script(path, keys, burst=True)
        lines, wrong = check(path)
    print(f"\n({mode}) {title}: {len(keys)} keys (target <= {target})")
    for step, what in plan:
        print(f"  {len(step):3d}  {what}")
    print("\n".join(lines))
    return len(keys), wrong


async def main() -> int:
    results = {mode: await measure(mode) for mode in PLANS}
    print()
    for mode, (count, wrong) in results.items():
        title, _, target = PLANS[mode]
        verdict = "target met" if count <= target else "target NOT met"
        print(f"({mode}) {title}: {count} keys, {verdict}"
              + (f"; not as wanted: {', '.join(wrong)}" if wrong else "; every field as wanted"))
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
