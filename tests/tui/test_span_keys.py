"""`i`, `S`, `;` select a word, a sentence, up to the punctuation; every id can be remapped."""

from __future__ import annotations

import pytest

from tests.support.workstation import find, open_first, settle
from tui.app import EventDeskApp
from tui.screens.help import binding_rows

pytestmark = pytest.mark.pilot


async def test_one_key_selects_a_word_a_sentence_or_up_to_the_comma_and_labels_it(seeded_file):
    path, _ = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        text = screen.document["text"]

        def selected():
            start, end = screen.view.selection
            return text[start:end]

        await pilot.press("e")  # an event, so the label at the end fills its field
        await settle(pilot)
        await find(pilot, "Kirby")
        await pilot.press("escape", "i")
        assert selected() == "Kirby"
        await pilot.press("escape", "b", "i", "i")
        assert selected() == "John Kirby"
        await pilot.press("escape", "S")
        sentence = selected()
        assert "Kirby" in sentence and sentence[-1] in ".!?\"”" and sentence == sentence.strip()
        await find(pilot, "at least 13")
        await pilot.press("escape", "semicolon")
        assert selected() == "At least 13 people"  # the find's words, on to the comma
        await pilot.press("6")  # a number labels what one key selected
        await settle(pilot)
        assert any(s["quote"] == "At least 13 people" for s in screen.state["spans"])


async def test_every_binding_id_of_the_annotate_screen_can_be_remapped(seeded_file):
    path, _ = seeded_file
    app = EventDeskApp(path, "alice", keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        ids = sorted({binding_id for _, binding_id, _ in binding_rows(screen)})
        assert {"doc.select_word", "doc.select_sentence", "doc.extend_to_punctuation",
                "doc.word_end", "claims.topic", "annotate.claim_speaker", "annotate.claim_cue",
                "annotate.find_grow", "annotate.accept_grounded",
                "annotate.accept_all_grounded"} <= set(ids)
        for binding_id in ids:
            app.set_keymap({binding_id: "f9"})
            keys = {key for key, bid, _ in binding_rows(screen) if bid == binding_id}
            assert keys == {"f9"}, binding_id
        app.set_keymap({})


async def test_a_remapped_selection_key_works_and_unknown_ids_are_one_line(seeded_file):
    path, _ = seeded_file
    keymap = {"doc.select_word": "z", "doc.selectword": "y", "claims.tpoic": "x"}
    app = EventDeskApp(path, "alice", keymap=keymap)
    told = []
    notify = app.notify
    app.notify = lambda message, **kw: (told.append(str(message)), notify(message, **kw))
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("g", "z")
        start, end = screen.view.selection
        assert screen.document["text"][start:end] == "date"  # the first word
        # Told once, in one line (kept here: a notification times out on a slow machine).
        assert [line for line in told if "no binding" in line] == ["keymap: no binding has the id claims.tpoic, doc.selectword "
                        "(`?` lists the ids)"]
