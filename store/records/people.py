"""Who is working: the OS account, its role, and the permission checks.

The user is the OS account running the process, read from the password
database, never from environment variables (which anyone can set).  Tests and
the CLI's internals pass a login explicitly instead.
"""

from __future__ import annotations

import os
import pwd
import re

import sqlite_utils

from store.db.connection import transaction, utc_now
from store.errors import PermissionDenied, StoreError
from store.records import history


def os_login() -> str:
    """The login name of the OS account running this process.

    A uid with no entry in the password database (a container run with `-u 1234`)
    has no name to record work under: that is a one-line refusal, not a guess.
    """
    uid = os.getuid()
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        raise StoreError(f"your account (uid {uid}) has no name in the password database; "
                         "eventdesk records who did what by login name, so run it "
                         "as an account with one") from None


def get_role(db: sqlite_utils.Database, login: str) -> str | None:
    row = db.execute("SELECT role FROM users WHERE login = ?", [login]).fetchone()
    return row[0] if row else None


def ensure_user(db: sqlite_utils.Database, login: str) -> str:
    """Make sure `login` has an account and return its role.

    The first account of a database is its admin; later ones start as annotators.
    """
    role = get_role(db, login)
    if role is not None:
        return role
    with transaction(db):
        role = get_role(db, login)
        if role is not None:
            return role
        first = db.execute("SELECT COUNT(*) FROM users").fetchone()[0] == 0
        role = "admin" if first else "annotator"
        row = {"login": login, "role": role, "created_at": utc_now(), "created_by": login}
        db.execute(
            "INSERT INTO users (login, role, created_at, created_by) VALUES (:login, :role, :created_at, :created_by)",
            row,
        )
        history.record(db, actor=login, action="create", entity="user", entity_id=login, after=row)
    return role


ROLE_ORDER = ("annotator", "editor", "admin")


#: permission -> the lowest role that holds it, and the words for a refusal.
PERMISSIONS = {
    "annotate": ("annotator", "coding events"),
    "review": ("editor", "reviewing events"),
    "admin": ("admin", "managing users"),
}


def _level(role: str) -> int:
    return ROLE_ORDER.index(role)


def list_users(db: sqlite_utils.Database) -> list[dict]:
    """Every account with its role, in the order they joined."""
    return list(db.query("SELECT login, role, created_at, created_by FROM users ORDER BY rowid"))


def can(db: sqlite_utils.Database, login: str, permission: str) -> bool:
    """Whether `login` holds `permission` (unknown logins hold nothing)."""
    needed, _ = PERMISSIONS[permission]
    role = get_role(db, login)
    return role is not None and _level(role) >= _level(needed)


def require(db: sqlite_utils.Database, login: str, permission: str, doing: str | None = None) -> str:
    """Return `login`'s role, or raise PermissionDenied with a one-line reason.

    Every store write that needs a role calls this, so no screen or script can
    skip the check.  `doing` names the action for the message ("approve events").
    """
    if permission not in PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}")
    needed, words = PERMISSIONS[permission]
    role = get_role(db, login)
    if role is None:
        raise PermissionDenied(f"{login} has no account in this database")
    if _level(role) < _level(needed):
        raise PermissionDenied(
            f"{login} is {_article(role)} {role}; {doing or words} needs the {needed} role"
            + (" or higher" if needed != "admin" else "")
        )
    return role


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


def _set_role(db: sqlite_utils.Database, actor: str, login: str, role: str, action: str,
              before: dict | None) -> dict:
    now = utc_now()
    if before is None:
        after = {"login": login, "role": role, "created_at": now, "created_by": actor}
        db.execute(
            "INSERT INTO users (login, role, created_at, created_by)"
            " VALUES (:login, :role, :created_at, :created_by)", after)
    else:
        db.execute("UPDATE users SET role = ? WHERE login = ?", [role, login])
        after = dict(before, role=role)
    history.record(db, actor=actor, action=action, entity="user", entity_id=login,
                   before=before, after=after)
    return after


#: What an OS login name looks like (POSIX portable names, plus Samba's trailing $).
#: Only for accounts named by hand (`users grant`); the running account is taken as the OS has it.
LOGIN_PATTERN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}\$?")


def _user_row(db: sqlite_utils.Database, login: str) -> dict | None:
    rows = list(db.query("SELECT login, role, created_at, created_by FROM users WHERE login = ?",
                         [login]))
    return rows[0] if rows else None


def _admin_count(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT COUNT(*) FROM users WHERE role = 'admin'").fetchone()[0]


def grant(db: sqlite_utils.Database, actor: str, login: str, role: str) -> dict:
    """Give `login` the role `role` (admins only).

    An unknown login gets an account, so an admin can set up a colleague before
    their first run.  Granting a lower role than the one held is refused (that
    is what `revoke` is for), so a grant never silently demotes anyone.
    """
    if role not in ROLE_ORDER:
        raise StoreError(f"unknown role {role!r}; roles are {', '.join(ROLE_ORDER)}")
    if not LOGIN_PATTERN.fullmatch(login or ""):
        raise StoreError(f"{login!r} is not a login name (letters, digits, '.', '_', '-'; "
                         "as the OS account is called)")
    with transaction(db):
        require(db, actor, "admin", "granting roles")
        before = _user_row(db, login)
        if before is not None:
            if before["role"] == role:
                raise StoreError(f"{login} is already {_article(role)} {role}")
            if _level(before["role"]) > _level(role):
                raise StoreError(
                    f"{login} is {_article(before['role'])} {before['role']}; "
                    f"use revoke to take a role away")
        return _set_role(db, actor, login, role, "grant", before)


def revoke(db: sqlite_utils.Database, actor: str, login: str, role: str) -> dict:
    """Take `role` away from `login` (admins only): they drop to the role just below it.

    Revoking `editor` from an editor makes them an annotator; revoking `admin`
    makes an admin an editor.  Every account may annotate, so `annotator` cannot
    be revoked, and the last admin cannot stop being one (the database would
    have nobody able to manage it).
    """
    if role not in ROLE_ORDER:
        raise StoreError(f"unknown role {role!r}; roles are {', '.join(ROLE_ORDER)}")
    if role == "annotator":
        raise StoreError("every account may annotate; there is no lower role to revoke to")
    with transaction(db):
        require(db, actor, "admin", "revoking roles")
        before = _user_row(db, login)
        if before is None:
            raise StoreError(f"no account named {login}")
        if _level(before["role"]) < _level(role):
            raise StoreError(f"{login} is {_article(before['role'])} {before['role']}, not {_article(role)} {role}")
        if before["role"] == "admin" and _admin_count(db) <= 1:
            raise PermissionDenied(f"{login} is the last admin; grant admin to someone else first")
        lower = ROLE_ORDER[_level(role) - 1]
        return _set_role(db, actor, login, lower, "revoke", before)
