"""Commands that only read open the database read-only; a schema from the future is refused."""

from __future__ import annotations

import io
import os
import sqlite3

import pytest

from store.cli.main import main
from store.db.schema import MIGRATIONS
from store.ingest.importer import import_paths
from tests.support.paths import SEEDS

READS = (
    ("verify",), ("export",), ("export", "--format", "acled"), ("search", "Atme"),
    ("document", "list"), ("review", "--list"), ("agreement",),
)


def run_cli(db_path, *argv, login="newbie"):
    out, err = io.StringIO(), io.StringIO()
    code = main(["--db", str(db_path), *argv], login=login, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _counts(path):
    conn = sqlite3.connect(path)
    try:
        return [conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("users", "history", "documents")] + [
            conn.execute("PRAGMA user_version").fetchone()[0]]
    finally:
        conn.close()


@pytest.fixture
def seeded(fresh_db, db_path):
    import_paths(fresh_db, [SEEDS], "alice")
    return db_path


@pytest.mark.parametrize("argv", READS, ids=" ".join)
def test_a_read_by_an_account_the_database_has_not_seen_writes_nothing(seeded, argv):
    before = _counts(seeded)
    code, _, err = run_cli(seeded, *argv)
    assert "Traceback" not in err
    assert _counts(seeded) == before  # no user row, no history entry


def test_event_show_and_orphans_write_nothing(seeded, fresh_db):
    doc = fresh_db.execute("SELECT id FROM documents LIMIT 1").fetchone()[0]
    before = _counts(seeded)
    run_cli(seeded, "orphans", doc)
    run_cli(seeded, "event", "show", "0000")
    assert _counts(seeded) == before


def test_the_first_write_records_the_account(seeded, fresh_db):
    doc = fresh_db.execute("SELECT id FROM documents LIMIT 1").fetchone()[0]
    code, _, err = run_cli(seeded, "document", "set", doc, "--title", "A title")
    assert code == 0, err
    users = [r[0] for r in fresh_db.execute("SELECT login FROM users")]
    assert "newbie" in users


def test_a_read_of_a_missing_database_is_one_line_and_creates_nothing(tmp_path):
    path = tmp_path / "nothing.db"
    code, _, err = run_cli(path, "verify")
    assert code == 1 and err.count("\n") == 1 and "no database at" in err
    assert not path.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_reads_work_in_a_read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "desk.db"
    code, _, err = run_cli(path, "import", str(SEEDS), login="alice")
    assert code == 0, err
    folder.chmod(0o555)
    try:
        for argv in READS:
            code, out, err = run_cli(path, *argv)
            assert "Traceback" not in err and "unable to open" not in err, (argv, err)
        code, out, _ = run_cli(path, "verify")
        assert code == 0 and out.startswith("ok:")
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize("argv", [("verify",), ("document", "list"), ("users",),
                                  ("import", str(SEEDS))], ids=" ".join)
def test_a_database_from_a_newer_schema_is_refused_naming_both_versions(seeded, argv):
    conn = sqlite3.connect(seeded)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 7}")
    conn.close()
    before = _counts(seeded)
    code, out, err = run_cli(seeded, *argv, login="alice")
    assert code == 1 and err.count("\n") == 1, err
    assert f"schema version {len(MIGRATIONS) + 7}" in err and f"(version {len(MIGRATIONS)})" in err
    assert _counts(seeded) == before
