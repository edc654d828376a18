"""Claims by keyboard: pickers for topic, polarity, certainty; W and Q for speaker and cue;
every edit goes to the claim highlighted, each key applied to what the keys before it left."""

from __future__ import annotations

import pytest

from tests.support.typing_speed import records_after
from tests.support.workstation import open_first, settle
from tui.app import EventDeskApp
from tui.screens.value_picker import ValuePicker, filter_choices
from tui.widgets.claims_panel import ClaimsPanel

pytestmark = pytest.mark.pilot


def find(words: str) -> list[str]:
    return ["slash", *words, "enter"]


def test_the_picker_filters_by_what_is_typed():
    topics = ("occurrence", "casualties", "responsibility", "target identity", "location")
    assert filter_choices("", topics) == list(topics)
    assert filter_choices("cas", topics)[0] == "casualties"
    assert filter_choices("ide", topics) == ["target identity"]  # a word of the name
    assert filter_choices("tid", topics) == ["target identity"]  # its letters in order
    assert filter_choices("o", topics)[0] == "occurrence"
    assert filter_choices("zz", topics) == []


async def test_a_new_claim_is_the_one_edited_and_keys_in_a_burst_go_to_the_picker(tmp_path):
    # `o o` fast opened the topic picker and typed "o" in it: occurrence, not a second step.
    script = ["e", *find("no US casualties"), "9", *find("John Kirby"), "8",
              *find("at least 13 people, including"), "9",
              "C", "o", *"cas", "enter", "p", *"d", "enter", "c", *"prob", "enter",
              "o", "o", "enter"]
    claims = (await records_after(tmp_path / "a.db", script, burst=True))["claims"]
    by_content = {claim[1][2]: claim for claim in claims}
    second = by_content["at least 13 people, including"]
    first = by_content["no US casualties"]
    assert second[4:7] == ("occurrence", "denies", "probable")
    assert first[4] is None and first[5] == "asserts"
    assert first[2][2] == "John Kirby"


async def test_speaker_changed_cue_set_for_the_highlighted_claim_and_undone(seeded_file):
    path, _ = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        panel = screen.query_one(ClaimsPanel)
        for key in [*find("at least 13 people"), "9", *find("local sources"), "8",
                    *find("were killed"), "9"]:
            await pilot.press(key)
        await settle(pilot)
        assert len(panel.claims) == 2 and panel.current["id"] == panel.claims[1]["id"]
        # Back to the first claim; W changes its speaker, Q sets its cue: from the text.
        await pilot.press("C", "up", "escape", *find("Al Jazeera"), "W")
        await settle(pilot)
        await pilot.press(*find("said"), "Q")
        await settle(pilot)
        quotes = screen.quotes
        first, second = panel.claims
        assert quotes[first["speaker_span_id"]] == "Al Jazeera"
        assert quotes[first["cue_span_id"]] == "said"
        assert second["speaker_span_id"] is None and second["cue_span_id"] is None
        labels = sorted((s["label"], s["quote"]) for s in screen.state["spans"])
        assert ("Speaker", "local sources") not in labels  # the replaced speaker's mark is gone
        assert "cue “said”" in str(panel.get_option_at_index(0).prompt)
        await pilot.press("u")  # the cue
        await settle(pilot)
        await pilot.press("u")  # the speaker change: the first speaker is back
        await settle(pilot)
        first = panel.claims[0]
        assert screen.quotes[first["speaker_span_id"]] == "local sources"
        assert first["cue_span_id"] is None


async def test_the_picker_opens_on_the_present_value_and_escape_changes_nothing(seeded_file):
    path, _ = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        for key in [*find("at least 13 people"), "9"]:
            await pilot.press(key)
        await settle(pilot)
        stored = screen.query_one(ClaimsPanel).claims[0]["certainty"]
        await pilot.press("C", "c")
        await pilot.pause()
        assert isinstance(app.screen, ValuePicker)
        assert app.screen.shown[app.screen.query_one("OptionList").highlighted] == stored
        await pilot.press("escape")
        await settle(pilot)
        assert screen.query_one(ClaimsPanel).claims[0]["certainty"] == stored
        assert screen.query_one(ClaimsPanel).claims[0]["version"] == 1
