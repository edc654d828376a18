"""A database shared between OS accounts: new files writable by the folder's group,
and one plain line (naming the file and the fix) when this account cannot write.

These run as any user.  Root may write any file, so the one test that needs the
OS to refuse is skipped for root; the wording is tested with an injected
`access` check instead.
"""

from __future__ import annotations

import io
import os
import sqlite3
import stat

import pytest

from store.cli import main as cli
from store.db import sharing
from store.db.connection import open_db
from store.errors import StoreError
from store.records import people

READONLY = sqlite3.OperationalError("attempt to write a readonly database")
NO_OPEN = sqlite3.OperationalError("unable to open database file")


def mode_of(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


# --- the mode a new database gets ------------------------------------------------

def test_group_writable_folder_gives_group_write_despite_a_strict_umask():
    assert sharing.new_db_mode(0o2775, umask=0o022) == 0o664
    assert sharing.new_db_mode(0o2770, umask=0o077) == 0o660


def test_private_folder_keeps_the_umask():
    assert sharing.new_db_mode(0o755, umask=0o022) == 0o644
    assert sharing.new_db_mode(0o700, umask=0o077) == 0o600


def test_group_is_the_folders_only_if_group_writable_and_a_member():
    assert sharing.new_db_group(1001, 0o2775, {1001, 5}) == 1001
    assert sharing.new_db_group(1001, 0o755, {1001}) is None
    assert sharing.new_db_group(1001, 0o775, {5}) is None


def test_new_database_in_a_group_folder_is_group_writable_and_so_are_wal_and_shm(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o2775)
    old = os.umask(0o022)
    try:
        db = open_db(shared / "desk.db")
        people.ensure_user(db, "alice")
        # While a connection is open SQLite keeps -wal and -shm, with the database's bits.
        for name in ("desk.db", "desk.db-wal", "desk.db-shm"):
            assert mode_of(shared / name) == 0o664, name
            assert os.stat(shared / name).st_gid == os.stat(shared).st_gid
        db.close()
    finally:
        os.umask(old)


def test_new_database_in_a_private_folder_follows_the_umask(tmp_path):
    private = tmp_path / "private"
    private.mkdir()
    private.chmod(0o755)
    old = os.umask(0o077)
    try:
        open_db(private / "desk.db").close()
    finally:
        os.umask(old)
    assert mode_of(private / "desk.db") == 0o600


def test_an_existing_database_is_left_as_it_is(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o2775)
    path = shared / "desk.db"
    open_db(path).close()
    path.chmod(0o640)
    assert sharing.create_db_file(path) is False
    open_db(path).close()
    assert mode_of(path) == 0o640


def test_umask_is_read_without_changing_it():
    old = os.umask(0o027)
    try:
        assert sharing.current_umask() == 0o027
        assert sharing.current_umask() == 0o027
    finally:
        os.umask(old)


# --- the one line a refused account sees ------------------------------------------

def denying(*denied):
    """An os.access stand-in that refuses the given paths (root is refused nothing)."""
    denied = {str(p) for p in denied}
    return lambda path, mode: str(path) not in denied


def test_unwritable_database_names_the_file_its_owner_and_the_command(tmp_path):
    path = tmp_path / "desk.db"
    open_db(path).close()
    path.chmod(0o644)
    line = sharing.explain_access_error(path, READONLY, access=denying(path))
    assert line.startswith(f"cannot write {path} (")
    assert "-rw-r--r--" in line
    assert f"chmod g+rw {path}" in line
    assert "\n" not in line


def test_database_in_another_group_is_told_to_change_group_too(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o775)
    path = folder / "desk.db"
    path.write_bytes(b"")
    folder_gid = os.stat(folder).st_gid
    if os.geteuid() == 0:
        other_gid = folder_gid + 4242  # root may give a file any group
    else:
        other_gid = next((g for g in os.getgroups() if g != folder_gid), None)
        if other_gid is None:
            pytest.skip("needs membership of a second group to give the file")
    os.chown(path, -1, other_gid)
    line = sharing.explain_access_error(path, READONLY, access=denying(path))
    assert "chgrp " in line and f"chmod g+rw {path}" in line


def test_unwritable_folder_says_sqlite_needs_it_for_wal_and_shm(tmp_path):
    path = tmp_path / "desk.db"
    open_db(path).close()
    line = sharing.explain_access_error(path, NO_OPEN, access=denying(tmp_path))
    assert line.startswith(f"cannot write in {tmp_path} (")
    assert "desk.db-wal" in line and f"chmod g+ws {tmp_path}" in line


def test_uncreatable_database_says_to_choose_another_place(tmp_path):
    path = tmp_path / "new.db"
    line = sharing.explain_access_error(path, NO_OPEN, access=denying(tmp_path))
    assert line.startswith(f"cannot create {path}: the folder {tmp_path} is not writable")


def test_missing_folder_is_named(tmp_path):
    path = tmp_path / "nowhere" / "desk.db"
    line = sharing.explain_access_error(path, NO_OPEN)
    assert line == f"cannot open {path}: the folder {tmp_path / 'nowhere'} does not exist"


def test_unwritable_shm_left_by_another_account_is_named(tmp_path):
    path = tmp_path / "desk.db"
    open_db(path).close()
    shm = tmp_path / "desk.db-shm"
    shm.write_bytes(b"")
    shm.chmod(0o644)
    line = sharing.explain_access_error(path, READONLY, access=denying(shm))
    assert line.startswith(f"cannot write {shm} (") and f"chmod g+rw {shm}" in line


def test_a_folder_given_as_the_database_is_named_as_such(tmp_path):
    line = sharing.explain_access_error(tmp_path, NO_OPEN)
    assert line == f"cannot open the database {tmp_path}: it is a folder, not a database file"


def test_other_database_errors_are_not_reworded(tmp_path):
    assert sharing.explain_access_error(tmp_path / "x.db",
                                        sqlite3.OperationalError("no such table: foo")) is None


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write a chmod 444 file anyway")
def test_real_read_only_database_refuses_writes_with_one_line(tmp_path):
    path = tmp_path / "desk.db"
    db = open_db(path)
    people.ensure_user(db, "alice")
    db.close()
    path.chmod(0o444)
    out, err = io.StringIO(), io.StringIO()
    status = cli.main(["--db", str(path), "users"], login="bob", out=out, err=err)
    assert status == 1
    lines = err.getvalue().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"eventdesk: cannot write {path} (")
    assert "chmod g+rw" in lines[0]


def test_cli_reports_a_write_refusal_as_the_plain_line(tmp_path, monkeypatch):
    """Whatever raised it, the CLI turns SQLite's read-only error into the plain line."""
    path = tmp_path / "desk.db"
    open_db(path).close()
    monkeypatch.setattr(sharing.os, "access", denying(path))

    def refuse(db, login):
        raise READONLY

    monkeypatch.setattr(cli.people, "ensure_user", refuse)
    err = io.StringIO()
    assert cli.main(["--db", str(path), "users"], login="bob", out=io.StringIO(), err=err) == 1
    assert err.getvalue().startswith(f"eventdesk: cannot write {path} (")
    assert "database error" not in err.getvalue()


def test_open_db_raises_a_store_error_for_an_unopenable_file(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        open_db(tmp_path / "missing" / "desk.db")


def test_an_account_without_a_login_name_is_refused_in_one_line(tmp_path, monkeypatch):
    """A uid missing from the password database (containers) gets a line, not a traceback."""
    def no_entry(uid):
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    monkeypatch.setattr(people.pwd, "getpwuid", no_entry)
    with pytest.raises(StoreError, match=r"has no name in the password database"):
        people.os_login()
    err = io.StringIO()
    status = cli.main(["--db", str(tmp_path / "desk.db"), "users"], out=io.StringIO(), err=err)
    assert status == 1
    assert err.getvalue().count("\n") == 1
    assert err.getvalue().startswith("eventdesk: your account (uid ")
    assert not (tmp_path / "desk.db").exists()  # nothing created for nobody
