"""Inputs that used to end in a traceback: ages, a reader that goes away, argparse echoes."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from store.cli.main import main
from store.errors import StoreError
from store.review.queue import filter_queue, parse_age
from tests.support.paths import ROOT, SEEDS


def run_cli(db_path, *argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(["--db", str(db_path), *argv], login="alice", out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("age", ["9999999d", "\u00b2d", "99999999999w", "1e3d", "-2d", "2"])
def test_a_bad_or_huge_age_is_one_line(fresh_db, db_path, age):
    code, _, err = run_cli(db_path, "review", f"--older-than={age}")
    assert code == 1 and err.count("\n") == 1 and err.startswith("eventdesk: age")
    with pytest.raises(StoreError):
        parse_age(age)


@pytest.mark.parametrize("spec", ["older:9999999d", "older:\u00b2d", "older:99999999999w"])
def test_the_review_filter_refuses_a_bad_age_with_a_message(spec):
    with pytest.raises(StoreError, match="age"):
        filter_queue([{"submitted_at": "2026-01-01T00:00:00+00:00"}], spec)


def test_a_sane_age_still_filters():
    rows = [{"submitted_at": "2000-01-01T00:00:00+00:00"}]
    assert filter_queue(rows, "older:52w") == rows


def _pipe(db_path, *argv):
    """`eventdesk ARGS | head -c 1` in a shell: the exit status of eventdesk, its stderr."""
    command = [sys.executable, "-m", "store.cli.main", "--db", str(db_path), *argv]
    producer = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    producer.stdout.read(1)
    producer.stdout.close()  # the reader goes away
    code = producer.wait(timeout=120)
    return code, producer.stderr.read().decode()


@pytest.mark.parametrize("argv", [("verify",), ("export",), ("document", "list")], ids=" ".join)
def test_a_reader_that_goes_away_is_not_an_error(db_path, argv):
    assert run_cli(db_path, "import", "-q", str(SEEDS))[0] == 0
    code, err = _pipe(db_path, *argv)
    assert code == 0 and "Broken pipe" not in err and "Traceback" not in err, err


def test_argparse_never_echoes_escape_sequences_raw(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["document", "list", "\x1b]52;c;aGk=\x07", "\x1b[2J"], login="alice")
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    assert "unrecognized arguments" in err and "\u241b" in err
