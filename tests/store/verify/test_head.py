"""`verify --head HASH`: the chain checked against a head recorded elsewhere."""

from __future__ import annotations

import io
import sqlite3

from store.cli.main import main
from tests.support.paths import SEEDS


def run_cli(db_path, *argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(["--db", str(db_path), *argv], login="alice", out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_a_recorded_head_passes_and_a_rewritten_chain_fails(db_path):
    assert run_cli(db_path, "import", "-q", str(SEEDS))[0] == 0
    code, out, _ = run_cli(db_path, "verify")
    head = out.splitlines()[-1].removeprefix("history head: ")
    assert run_cli(db_path, "verify", "--head", head)[0] == 0
    assert run_cli(db_path, "verify", "--head", head.split()[-1])[0] == 0
    # Someone rewrites the whole history consistently: every check passes but the head.
    conn = sqlite3.connect(db_path)
    conn.execute("DROP TRIGGER history_no_update")
    # (a first digit that differs: 'f' over a hash that starts with 'f' changed nothing, 1 run in 16)
    conn.execute("UPDATE history SET hash = CASE substr(hash, 1, 1) WHEN 'f' THEN 'e' ELSE 'f' END"
                 " || substr(hash, 2) WHERE seq = (SELECT MAX(seq) FROM history)")
    conn.commit()
    conn.close()
    code, out, _ = run_cli(db_path, "verify", "--head", head)
    assert code == 1 and "recorded head" in out


def test_a_malformed_head_is_one_line(db_path):
    run_cli(db_path, "import", "-q", str(SEEDS))
    code, out, _ = run_cli(db_path, "verify", "--head", "nothex")
    assert code == 1 and "not a SHA-256" in out
