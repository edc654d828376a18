"""--as LOGIN: honoured only for the database file's owner, with accept-as switched on."""

from __future__ import annotations

import io

import pytest

from store.cli.main import main
from store.errors import PermissionDenied
from store.records import people, signin
from tests.support.paths import SEEDS


def _run(*argv, login="alice"):
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), login=login, out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def test_as_is_refused_until_switched_on_then_records_the_person(fresh_db, db_path):
    people.grant(fresh_db, "alice", "bob", "annotator")
    seed = str(sorted(SEEDS.glob("*.txt"))[0])
    status, _, err = _run("--db", str(db_path), "--as", "bob", "import", seed)
    assert status == 1 and "--as is switched off" in err
    status, _, err = _run("--db", str(db_path), "users", "accept-as", "on", login="bob")
    assert status == 1 and "bob is an annotator" in err
    assert _run("--db", str(db_path), "users", "accept-as", "on")[0] == 0
    status, _, err = _run("--db", str(db_path), "--as", "bob", "import", seed)
    assert status == 0, err
    assert fresh_db.execute("SELECT imported_by FROM documents").fetchone()[0] == "bob"
    status, _, err = _run("--db", str(db_path), "--as", "mallory", "users")
    assert status == 1 and "mallory has no account" in err


def test_as_is_refused_for_an_account_that_does_not_own_the_file(fresh_db, db_path):
    signin.set_accept_as(fresh_db, "alice", db_path, True)
    with pytest.raises(PermissionDenied, match="only for the account that owns"):
        signin.resolve_as(fresh_db, db_path, "alice", uid=db_path.stat().st_uid + 4242)
