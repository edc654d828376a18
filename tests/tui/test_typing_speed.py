"""The same keys leave the same records whether typed slowly or arriving in one burst."""

from __future__ import annotations

import pytest

from tests.support.typing_speed import records_after
from tui import keys as key_queue

pytestmark = pytest.mark.pilot


def find(words: str) -> list[str]:
    return ["slash", *words, "enter"]


#: Finds, labels, `e`, `t` + type, form fields with Tab, claim keys, `]`, and `] e t dr ⏎`.
SCRIPT = [
    "e", "t", *"drone", "enter",
    *find("Idlib"), "3",
    *find("at least 13"), "6",
    *find("US special operations troops"), "4",
    # Tab into the form: type, sub-type, trigger, date, date from: typed while saves are out.
    "tab", "tab", "tab", "tab", "tab", *"2022-02-03", "tab", *"2022-02-03",
    "escape",
    *find("at least 13 people, including"), "9",
    *find("Doha-based Al Jazeera"), "8",
    "C", "o", *"cas", "enter", "p", *"den", "enter",
    "escape",
    "right_square_bracket", "e", "t", *"dr", "enter",
]


async def test_a_script_typed_slowly_and_in_one_burst_stores_the_same(tmp_path):
    slow = await records_after(tmp_path / "slow.db", SCRIPT, burst=False)
    fast = await records_after(tmp_path / "fast.db", SCRIPT, burst=True)
    # The script did what it says, so the comparison is about something.
    events = [fields for fields, _ in slow["events"]]
    assert len(events) == 2
    assert '"date_start": "2022-02-03"' in events[0] and '"date_end": "2022-02-03"' in events[0]
    assert '"location": "Idlib"' in events[0] and '"Air/drone strike"' in events[0]
    assert '"sub_event_type": null' not in events[1]
    (claim,) = slow["claims"]
    assert claim[4:6] == ("casualties", "denies")
    assert "Al Jazeera" in claim[2][2]
    assert fast == slow


#: The form's own keys: ctrl+g jumps to a field by name, a closed field typed into opens
#: its picker (the letters after it are the picker's), `date to` follows `date from`,
#: ctrl+o unfolds the optional fields, a picker's Enter followed at once by Tab, a date
#: typed over the derived `date to` right after the Tab that leaves `date from`.
FORM_SCRIPT = [
    "e", "ctrl+g", *"geo", "enter", "2", "enter", "escape",  # ctrl+g before the event is back
    *find("Idlib"), "3", *find("at least 13"), "6",
    "tab", "tab", "tab", "tab", "tab", *"2022-02-03", "tab", "tab", *"d", "enter",
    "ctrl+g", *"kin", "enter", *"ext", "enter", "tab", "tab", *"civ", "enter",
    "ctrl+o", "ctrl+g", *"grad", "enter", *"f", "enter", "tab", *"late", "enter",
    "ctrl+g", *"date f", "enter", "ctrl+u", *"2022-02-02", "tab", *"2022-02-04", "enter",
    "escape",
]


FORM_SCRIPT_STORES = ('"time_precision": 1', '"actor1_kind": "External/Other forces"',
                      '"actor2_kind": "Civilians"', '"grading": "fair"', '"notes": "late"',
                      '"date_start": "2022-02-02"', '"date_end": "2022-02-04"',
                      '"fatalities_best": 13')


async def test_the_forms_keys_typed_slowly_and_in_one_burst_store_the_same(tmp_path):
    slow = await records_after(tmp_path / "slow.db", FORM_SCRIPT, burst=False)
    fast = await records_after(tmp_path / "fast.db", FORM_SCRIPT, burst=True)
    (fields, _), = slow["events"]
    for want in FORM_SCRIPT_STORES:
        assert want in fields
    assert fast == slow


async def test_keys_land_where_typed_on_a_machine_whose_loop_turns_outrun_the_work(
        tmp_path, monkeypatch):
    # Seen in CI: the key queue stopped waiting for a key to settle after a count of
    # event-loop turns, which a loaded machine spins through while a picker still mounts;
    # Enter reached the form field, the picker stayed open and swallowed every key after.
    # With 5 turns that happens here every time; settling also waits out its time now.
    monkeypatch.setattr(key_queue, "MAX_TURNS", 5)
    (fields, _), = (await records_after(tmp_path / "fast.db", FORM_SCRIPT, burst=True))["events"]
    for want in FORM_SCRIPT_STORES:
        assert want in fields


#: The one-key selections (`i` grows a found word, `;` runs to the comma, `S` to the end of
#: the sentence), claims given a speaker (W) and a cue (Q), topic, polarity and certainty
#: chosen in pickers by typing part of the name, a second claim edited, and an undo.
SELECTIONS_AND_CLAIMS = [
    "e", *find("Idlib"), "3",
    *find("We woke"), "semicolon", "semicolon", "9",
    *find("Abu"), "semicolon", "W",
    *find("told"), "Q",
    "C", "o", *"occ", "enter", "p", *"den", "enter", "c", *"prob", "enter", "escape",
    *find("There were no"), "S", "9",
    *find("John"), "i", "W",
    "C", "o", *"cas", "enter", "escape", "u",
]


async def test_new_selection_keys_and_claim_edits_typed_slowly_and_in_a_burst(tmp_path):
    slow = await records_after(tmp_path / "slow.db", SELECTIONS_AND_CLAIMS, burst=False)
    fast = await records_after(tmp_path / "fast.db", SELECTIONS_AND_CLAIMS, burst=True)
    claims = {claim[1][2]: claim for claim in slow["claims"]}
    woke = claims["We woke up at 1am to the sound of helicopters … and then at around 3am we "
                  "heard a barrage of attacks"]
    assert woke[2][2] == "Abu Fahed al-Homsi" and woke[3][2] == "told"
    assert woke[4:7] == ("occurrence", "denies", "probable")
    kirby = claims["There were no US casualties."]
    assert kirby[2][2] == "John Kirby" and kirby[4] is None  # its topic was undone
    assert fast == slow


#: The keys that take what a rule knows (Esc in the find box leaves the cursor on the
#: match, the label key takes the count, the actor phrase, the name, the date words),
#: Tab in the find box (the match grown to its word's end), W and Q with nothing
#: selected, the country picker, and `*` accepting every grounded value at once.
PHRASES = [
    "e", "slash", *"13", "escape", "6", "slash", "w", "escape", "5",
    "backslash", *"pr", "escape", "3", "slash", *"rai", "tab", "1",
    "ctrl+g", "c", "enter", *"sy", "enter", "escape",
    "slash", *"us", "escape", "4",
    "backslash", "1", "enter", "semicolon", "i", "i", "i", "9",
    "slash", "j", "escape", "W", "w", "w", "w", "Q", "asterisk",
]


async def test_label_keys_with_nothing_selected_typed_slowly_and_in_a_burst(tmp_path):
    slow = await records_after(tmp_path / "slow.db", PHRASES, burst=False)
    fast = await records_after(tmp_path / "fast.db", PHRASES, burst=True)
    (fields, _), = slow["events"]
    for want in ('"killed": "At least 13"', '"actor2": "women and children"',
                 '"location": "Idlib Province"', '"trigger": "raid"', '"country": "Syria"',
                 '"actor1": "US special operations troops"',
                 '"actor1_kind": "External/Other forces"', '"actor2_kind": "Civilians"'):
        assert want in fields
    (claim,) = slow["claims"]
    assert (claim[2][2], claim[3][2]) == ("Al Jazeera", "said")
    assert fast == slow


#: Found by running random scripts both ways: `e e` fast sent the label after them to the
#: first of the two new events, and `.` typed before the suggestions were read (on opening,
#: or after a label changed them) found none, so the `a` after it accepted nothing.
NEW_EVENTS_AND_SUGGESTIONS = [
    "full_stop", "a",
    "e", "e", *find("at least 13"), "1",
    *find("Idlib"), "3", "full_stop", "full_stop", "r", "full_stop", "a",
]


async def test_keys_after_two_new_events_and_suggestion_keys_typed_slowly_and_in_a_burst(
        tmp_path):
    slow = await records_after(tmp_path / "slow.db", NEW_EVENTS_AND_SUGGESTIONS, burst=False)
    fast = await records_after(tmp_path / "fast.db", NEW_EVENTS_AND_SUGGESTIONS, burst=True)
    first, second = (fields for fields, _ in slow["events"])
    assert '"trigger": null' in first and '"trigger": "At least 13"' in second
    assert len(slow["spans"]) >= 4  # the two labels and two accepted suggestions
    assert fast == slow
