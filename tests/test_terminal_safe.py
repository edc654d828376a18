from store.terminal_safe import safe, safe_line


def test_escape_sequences_and_bidi_become_visible_but_newlines_stay():
    text = "a\x1b[31mb\x07\r\nc\rd\te\u202ef\x9bg\x7f"
    assert safe(text) == "a\u241b[31mb\u2407\r\nc\u240dd\te\u27e8U+202E\u27e9f\u27e8U+009B\u27e9g\u2421"


def test_safe_line_keeps_output_on_one_line():
    assert safe_line("name\nforged line\t\r") == "name\u240aforged line\u2409\u240d"
