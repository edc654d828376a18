"""Claims panel keys edit the claim shown as selected, computed from the keys before them."""

from __future__ import annotations

import pytest

from tests.support.typing_speed import records_after

pytestmark = pytest.mark.pilot


def find(words: str) -> list[str]:
    return ["slash", *words, "enter"]


async def test_a_new_claim_is_the_one_edited_and_o_o_fast_is_two_steps(tmp_path):
    script = ["e", *find("no US casualties"), "9", *find("John Kirby"), "8",
              *find("at least 13 people, including"), "9",
              "C", "o", "o", "p", "c"]
    claims = (await records_after(tmp_path / "a.db", script, burst=True))["claims"]
    by_content = {claim[1][2]: claim for claim in claims}
    second = by_content["at least 13 people, including"]
    first = by_content["no US casualties"]
    # The claim made last is the selected one; `o o` is occurrence then casualties.
    assert second[4:7] == ("casualties", "denies", "certain")
    assert first[4] is None and first[5] == "asserts"
    assert first[2][2] == "John Kirby"
