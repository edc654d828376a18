"""`verify --timings`: a figure per check; a progress bar on a terminal's stderr only."""

from __future__ import annotations

import io

from store.cli.main import main
from store.formats import progress
from store.verify.checks import CHECKS
from tests.support.paths import SEEDS


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run_cli(db_path, *argv, err=None):
    out, err = io.StringIO(), err or io.StringIO()
    code = main(["--db", str(db_path), *argv], login="alice", out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_timings_print_every_check_with_seconds_and_rows(db_path):
    assert run_cli(db_path, "import", "-q", str(SEEDS))[0] == 0
    code, out, err = run_cli(db_path, "verify", "--timings")
    assert code == 0 and out.startswith("ok: 5 documents")
    lines = err.splitlines()
    assert [line.split()[1] for line in lines] == [name for name, _ in CHECKS] + ["all"]
    spans_line = next(line for line in lines if line.split()[1] == "search-index")
    assert spans_line.split()[3] == "s" and spans_line.endswith("5 documents")
    # Without --timings, stderr stays quiet when all is well.
    assert run_cli(db_path, "verify")[2] == ""


def test_a_progress_bar_is_drawn_on_a_terminal_only(db_path, monkeypatch):
    run_cli(db_path, "import", "-q", str(SEEDS))
    monkeypatch.setattr(progress, "MIN_ITEMS", 1)
    code, out, err = run_cli(db_path, "verify", err=Terminal())
    assert code == 0 and out.startswith("ok: ")
    assert "\x1b[" in err  # drawn, then removed (transient)
    code, out, err = run_cli(db_path, "verify")
    assert code == 0 and err == ""
