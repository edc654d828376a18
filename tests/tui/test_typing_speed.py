"""The same keys leave the same records whether typed slowly or arriving in one burst."""

from __future__ import annotations

import pytest

from tests.support.typing_speed import records_after

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
    "C", "o", "o", "p",
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


async def test_the_forms_keys_typed_slowly_and_in_one_burst_store_the_same(tmp_path):
    slow = await records_after(tmp_path / "slow.db", FORM_SCRIPT, burst=False)
    fast = await records_after(tmp_path / "fast.db", FORM_SCRIPT, burst=True)
    (fields, _), = slow["events"]
    for want in ('"time_precision": 1', '"actor1_kind": "External/Other forces"',
                 '"actor2_kind": "Civilians"', '"grading": "fair"', '"notes": "late"',
                 '"date_start": "2022-02-02"', '"date_end": "2022-02-04"',
                 '"fatalities_best": 13'):
        assert want in fields
    assert fast == slow
