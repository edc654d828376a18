"""Bad keymap entries are skipped one by one, with one line each; the rest applies."""

from __future__ import annotations

import pytest
from textual.binding import Binding

from tui.keymap import load_keymap

BAD_ENTRIES = [
    '"app.help" = "f1,"', '"app.help" = ","', '"app.help" = ""', '"app.help" = " "',
    '"app.help" = 3', '"app.help" = []', '"app.help" = [1]', '"app.help" = {a = 1}',
    '"app.help" = "f1,,q"', '"app.help" = "ctrl r"', '"app.help" = "\\u001b[31m"',
    '"" = "z"', '"app" = "z"', '"app.help\\u001b" = "z"', '"app.help" = true',
    '"app.help" = "a b"', '"app.help" = ",f1"', '"app.help" = "f1, ,q"',
    '"app.help" = 1979-05-27',
]


@pytest.mark.parametrize("entry", BAD_ENTRIES)
def test_a_bad_entry_is_skipped_with_one_line_and_the_rest_applies(tmp_path, entry):
    path = tmp_path / "keymap.toml"
    path.write_text(f'[keys]\n"annotate.label_3" = "z"\n{entry}\n', encoding="utf-8")
    keymap, error = load_keymap(path)
    assert keymap == {"annotate.label_3": "z"}
    assert error is not None and error.count("\n") == 0 and "skipped" in error
    assert "\x1b" not in error
    # What is kept is something Textual accepts.
    for keys in keymap.values():
        list(Binding.make_bindings([Binding(keys, "")]))


def test_a_file_that_is_not_toml_is_one_line(tmp_path):
    path = tmp_path / "keymap.toml"
    path.write_text("[keys\n", encoding="utf-8")
    keymap, error = load_keymap(path)
    assert keymap == {} and error.count("\n") == 0
