"""The footer stays whole after a resize: no letter of a hidden key in the last cell, no key
cut in half under the palette key."""

from __future__ import annotations

import pytest

from tests.support.workstation import open_first, settle
from tui.app import EventDeskApp
from tui.widgets.footer import Footer

pytestmark = pytest.mark.pilot


def footer_line(app) -> str:
    return app.screen._compositor.render_strips()[-1].text


def shown_keys(app) -> list[tuple[int, str]]:
    footer = app.screen.query_one(Footer)
    return [(key.region.x, key.render().plain) for key in footer.query("FooterKey")
            if key.styles.visibility != "hidden" and not key.has_class("-command-palette")]


def assert_whole(app, width: int) -> None:
    line = footer_line(app)
    assert len(line) == width
    assert line.endswith("▏^p palette ")  # its own last cell: not a letter from beneath
    left = line[: line.index("▏^p palette")]
    keys = shown_keys(app)
    assert keys, "no key shown at all"
    for x, words in keys:
        assert left[x:x + len(words)] == words  # every key shown is shown whole
    last_x, last_words = max(keys)
    assert left[last_x + len(last_words):].strip() == ""  # nothing cut after the last


@pytest.mark.parametrize("sizes", [[(80, 24), (140, 45), (100, 30), (80, 24)]])
async def test_the_footer_redraws_whole_after_each_resize(seeded_file, sizes):
    path, _ = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(140, 45)) as pilot:
        await open_first(pilot)
        await settle(pilot)  # the footer comes after the text (tui.screens.annotate_load)
        assert_whole(app, 140)
        for width, height in sizes:
            await pilot.resize_terminal(width, height)
            await settle(pilot)
            assert_whole(app, width)
        # Focus moving changes the keys shown: still whole.
        await pilot.press("C")
        await settle(pilot)
        assert_whole(app, sizes[-1][0])
        await pilot.press("escape", "R")
        await settle(pilot)
        assert_whole(app, sizes[-1][0])
