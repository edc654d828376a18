"""One-line display of untrusted strings (titles, quotes, notes) in the app."""

import unicodedata

from tui.document.layout import placeholder
from tui.safe import text, visible

HOSTILE = "T\x1b]52;c;ZXZpbA==\x07 \x1b]8;;http://x\x1b\\link \u202eevil\u202c \x9b31m \x7f\u200b\ufeff"


def test_nothing_that_can_act_on_a_terminal_survives():
    shown = visible(HOSTILE)
    assert not [c for c in shown if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")]


def test_placeholders_are_the_document_views_one_per_code_point():
    assert visible("a\x1bb\u202ec\x9bd") == "a" + placeholder("\x1b") + "b" + placeholder("\u202e") + \
        "c" + placeholder("\x9b") + "d"
    assert visible("a\x1bb") == "a\u241bb"


def test_joiners_inside_emoji_and_line_breaks():
    family = "\U0001F468\u200d\U0001F469\u200d\U0001F467"
    assert visible(family) == family
    assert visible("one\r\ntwo\tthree") == "one  two three"


def test_markup_stays_literal_and_long_values_are_cut():
    assert text("[@click=app.quit]quit[/]").plain == "[@click=app.quit]quit[/]"
    assert visible("x" * 50, limit=10) == "x" * 9 + "…"
