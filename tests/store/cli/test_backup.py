"""eventdesk backup: the copy, opened on its own, passes verify with the same history head."""

from __future__ import annotations

import io

from store.cli.main import main


def _run(*argv, login="alice"):
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), login=login, out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def test_backup_restores_with_the_same_chain_head(imported_seeds, db_path, tmp_path):
    status, live, _ = _run("--db", str(db_path), "verify")
    assert status == 0
    copy = tmp_path / "copy.db"
    status, out, _ = _run("--db", str(db_path), "backup", str(copy))
    assert status == 0
    head = live.strip().splitlines()[-1]          # "history head: #N <hash>"
    assert head.split(": ", 1)[1] in out
    restored = tmp_path / "restored.db"
    restored.write_bytes(copy.read_bytes())        # restoring a backup is copying the file back
    status, verified, _ = _run("--db", str(restored), "verify")
    assert status == 0 and verified.strip().splitlines()[-1] == head
    assert "ok: 5 documents" in verified


def test_backup_never_overwrites_by_accident(imported_seeds, db_path, tmp_path):
    copy = tmp_path / "copy.db"
    copy.write_text("an older backup")
    status, _, err = _run("--db", str(db_path), "backup", str(copy))
    assert status == 1 and "exists; choose another FILE or add --replace" in err
    assert copy.read_text() == "an older backup"
    assert not list(tmp_path.glob(".copy.db.partial-*"))
    status, _, err = _run("--db", str(db_path), "backup", str(db_path), "--replace")
    assert status == 1 and "is the database itself" in err


def test_a_merged_database_backs_up_with_every_origins_head(two_coders, tmp_path):
    from tests.support.merging import run as run_as

    c = two_coders
    assert run_as("--db", c.a, "merge", c.b)[0] == 0
    status, live, _ = run_as("--db", c.a, "verify")
    assert status == 0 and "history head of origin " in live
    copy = tmp_path / "merged-copy.db"
    assert run_as("--db", c.a, "backup", copy)[0] == 0
    restored = tmp_path / "merged-restored.db"
    restored.write_bytes(copy.read_bytes())
    status, verified, _ = run_as("--db", restored, "verify")
    heads = [line for line in live.splitlines() if line.startswith("history head")]
    assert status == 0 and [line for line in verified.splitlines()
                            if line.startswith("history head")] == heads
