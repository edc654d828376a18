"""One database shared by several OS accounts: file modes and permission failures.

Two people on one machine share a desk by pointing eventdesk at a database in
a folder their group may write (say /srv/eventdesk, `chmod 2775`, group
`eventdesk`).  Two things must then hold, and both are handled here:

* A database eventdesk creates is writable by the folder's group, whatever the
  creator's umask.  SQLite gives its `-wal` and `-shm` files the permission
  bits of the database file, so setting the database's mode is enough; the
  group is the folder's, as a setgid folder would give it anyway.
* When the file, its folder or a `-wal`/`-shm` file is not writable by this
  account, the user gets one line naming the file and the command its owner
  should run, not SQLite's "attempt to write a readonly database".

This module knows nothing of the schema and imports nothing from store/db.py
(which calls it), so it can be tested alone.
"""

from __future__ import annotations

import grp
import os
import pwd
import stat
from pathlib import Path
from typing import Callable

#: SQLite's own files that live next to a WAL database and must be writable too.
SIDE_SUFFIXES = ("-wal", "-shm")

#: Fragments of sqlite3 error messages that mean "this account may not write here".
_ACCESS_ERRORS = (
    "attempt to write a readonly database",
    "unable to open database file",
    "readonly database",
)


def new_db_mode(folder_mode: int, umask: int) -> int:
    """The permission bits for a new database file in a folder with `folder_mode`.

    What the umask allows, plus group read and write when the folder is group
    writable: a folder set up for a group is a promise that its group works in it.
    """
    mode = 0o666 & ~umask
    if folder_mode & stat.S_IWGRP:
        mode |= stat.S_IRGRP | stat.S_IWGRP
    return mode


def new_db_group(folder_gid: int, folder_mode: int, my_groups: set[int]) -> int | None:
    """The group to give a new database file, or None to leave the default.

    The folder's group when the folder is group writable and this account
    belongs to it (so it works without setgid on the folder as well).
    """
    if folder_mode & stat.S_IWGRP and folder_gid in my_groups:
        return folder_gid
    return None


def current_umask() -> int:
    """This process's umask, read without changing it where the OS allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # the portable way is to set it and put it back
    os.umask(mask)
    return mask


def create_db_file(path: str | os.PathLike) -> bool:
    """Create an empty database file at `path` with shared-folder permissions.

    Returns False (and does nothing) if the file exists or cannot be created;
    SQLite then opens or fails on its own and `explain_access_error` words the
    failure.  An empty file is a valid new database to SQLite.
    """
    path = Path(path)
    if str(path) in ("", ":memory:") or str(path).startswith("file:") or path.exists():
        return False
    try:
        folder = os.stat(path.parent if str(path.parent) else ".")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:
        return False
    try:
        # fchmod, not the mode of open(): the umask would take group write away again.
        os.fchmod(fd, new_db_mode(folder.st_mode, current_umask()))
        gid = new_db_group(folder.st_gid, folder.st_mode, set(os.getgroups()) | {os.getegid()})
        if gid is not None and gid != os.fstat(fd).st_gid:
            try:
                os.fchown(fd, -1, gid)
            except OSError:
                pass  # not fatal: the mode still says what was meant
    finally:
        os.close(fd)
    return True


def is_access_error(exc: BaseException) -> bool:
    """Whether a sqlite3 error means a file could not be opened or written."""
    text = str(exc).lower()
    return any(fragment in text for fragment in _ACCESS_ERRORS)


def _owner(st: os.stat_result) -> str:
    try:
        return pwd.getpwuid(st.st_uid).pw_name
    except KeyError:
        return str(st.st_uid)


def _group(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


def _describe(path: Path, st: os.stat_result) -> str:
    return f"owner {_owner(st)}, group {_group(st.st_gid)}, {stat.filemode(st.st_mode)}"


def _fix_file(path: Path, st: os.stat_result, folder_st: os.stat_result) -> str:
    """The command the file's owner should run so the folder's group may write it."""
    steps = []
    if st.st_gid != folder_st.st_gid and folder_st.st_mode & stat.S_IWGRP:
        steps.append(f"chgrp {_group(folder_st.st_gid)} {path}")
    steps.append(f"chmod g+rw {path}")
    return " && ".join(steps)


def explain_access_error(path: str | os.PathLike, exc: BaseException,
                         access: Callable[[str, int], bool] | None = None) -> str | None:
    """One line saying which file this account cannot write and what to do, or None.

    None when `exc` is not a permission failure.  `access` is `os.access`;
    tests pass their own, because root (as in CI) may write anything.
    """
    if not is_access_error(exc):
        return None
    access = access or os.access
    path = Path(os.path.abspath(path))
    folder = path.parent
    rw = os.R_OK | os.W_OK
    if not folder.is_dir():
        return f"cannot open {path}: the folder {folder} does not exist"
    if path.is_dir():
        return f"cannot open the database {path}: it is a folder, not a database file"
    folder_st = folder.stat()
    if not path.exists():
        if not access(str(folder), os.W_OK | os.X_OK):
            return (f"cannot create {path}: the folder {folder} is not writable by you "
                    f"({_describe(folder, folder_st)}); choose another --db, or ask "
                    f"{_owner(folder_st)} to make it writable by your group (chmod g+ws {folder})")
        return f"cannot create {path}: {exc}"
    st = path.stat()
    if not access(str(path), rw):
        return (f"cannot write {path} ({_describe(path, st)}): ask {_owner(st)} to run "
                f"`{_fix_file(path, st, folder_st)}`")
    if not access(str(folder), os.W_OK | os.X_OK):
        return (f"cannot write in {folder} ({_describe(folder, folder_st)}), where SQLite keeps "
                f"{path.name}-wal and {path.name}-shm: ask {_owner(folder_st)} to run "
                f"`chmod g+ws {folder}`")
    for suffix in SIDE_SUFFIXES:
        side = path.with_name(path.name + suffix)
        if side.exists() and not access(str(side), rw):
            side_st = side.stat()
            return (f"cannot write {side} ({_describe(side, side_st)}): ask {_owner(side_st)} "
                    f"to run `{_fix_file(side, side_st, folder_st)}`")
    return f"cannot open the database {path}: {exc}"
