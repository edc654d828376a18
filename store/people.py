"""Who is working: the OS account, its role, and the permission checks.

The user is the OS account running the process, read from the password
database, never from environment variables (which anyone can set).  Tests and
the CLI's internals pass a login explicitly instead.
"""

from __future__ import annotations

import os
import pwd

import sqlite_utils

from . import history
from .db import StoreError, transaction, utc_now


class PermissionDenied(StoreError):
    """The user's role does not allow the action."""


def os_login() -> str:
    """The login name of the OS account running this process."""
    return pwd.getpwuid(os.getuid()).pw_name


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
