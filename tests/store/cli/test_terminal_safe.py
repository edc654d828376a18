from store.cli.terminal_safe import safe, safe_line
from tests.support.paths import ROOT


def test_escape_sequences_and_bidi_become_visible_but_newlines_stay():
    text = "a\x1b[31mb\x07\r\nc\rd\te\u202ef\x9bg\x7f"
    assert safe(text) == "a\u241b[31mb\u2407\r\nc\u240dd\te\u27e8U+202E\u27e9f\u27e8U+009B\u27e9g\u2421"


def test_safe_line_keeps_output_on_one_line():
    assert safe_line("name\nforged line\t\r") == "name\u240aforged line\u2409\u240d"


def test_cli_under_an_ascii_locale_prints_escapes_not_a_traceback(tmp_path):
    """A terminal that cannot show non-ASCII still gets every line, escaped, and exit 0."""
    import os
    import subprocess
    import sys

    article = tmp_path / "Ünïcode.txt"
    article.write_text("Ünïcode — “quotes” in Idlib\n", encoding="utf-8")
    db = tmp_path / "x.db"
    env = dict(os.environ, PYTHONIOENCODING="ascii")
    root = ROOT
    for argv in (["import", str(article)], ["search", "Idlib"], ["document", "list"]):
        result = subprocess.run([sys.executable, "-m", "store.cli.main", "--db", str(db), *argv],
                                capture_output=True, text=True, env=env, cwd=root)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
    assert "\\xdcn\\xefcode" in result.stdout
