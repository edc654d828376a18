"""Sign-in for `eventdesk serve`: one-time links, browser sessions, and `--as`.

A sign-in link carries a random token; only its SHA-256 is stored, with an
expiry, and it can be used once.  Using it opens a session whose id (again
stored hashed) is the browser's cookie.  Every refusal is a StoreError with a
one-line reason the server shows as is.

`--as LOGIN` (an SSH forced command, or the app process the server starts for a
signed-in person) is honoured only when this process runs as the OS account that
owns the database file and an admin has switched `accept_as` on: whoever owns
the file can write it anyway, so `--as` gives nobody more than they had.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import secrets
from pathlib import Path

import sqlite_utils

from store.db.connection import transaction, utc_now
from store.errors import PermissionDenied, StoreError
from store.records import history, people

LINK_TTL = _dt.timedelta(minutes=15)
SESSION_TTL = _dt.timedelta(hours=12)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc)


def _at(moment: _dt.datetime) -> str:
    return moment.isoformat(timespec="microseconds")


def issue_link(db: sqlite_utils.Database, actor: str, login: str,
               ttl: _dt.timedelta = LINK_TTL) -> tuple[str, str]:
    """A new one-time sign-in token for `login` (admins only): (token, expires_at).

    An unknown login gets an annotator account, as `users grant` would.
    """
    if not people.LOGIN_PATTERN.fullmatch(login or ""):
        raise StoreError(f"{login!r} is not a login name (letters, digits, '.', '_', '-')")
    token = secrets.token_urlsafe(32)
    expires = _at(_now() + ttl)
    with transaction(db):
        people.require(db, actor, "admin", "issuing sign-in links")
        if people.get_role(db, login) is None:
            people.grant(db, actor, login, "annotator")
        db.execute("INSERT INTO sign_in_links (token_hash, login, created_by, created_at, expires_at)"
                   " VALUES (?, ?, ?, ?, ?)", [_hash(token), login, actor, utc_now(), expires])
        history.record(db, actor=actor, action="issue", entity="sign_in_link", entity_id=login,
                       after={"login": login, "expires_at": expires})
    return token, expires


def redeem_link(db: sqlite_utils.Database, token: str,
                ttl: _dt.timedelta = SESSION_TTL) -> tuple[str, str]:
    """Use a sign-in token once: (login, session id) of the new session."""
    with transaction(db):
        row = db.execute("SELECT login, expires_at, used_at FROM sign_in_links WHERE token_hash = ?",
                         [_hash(token or "")]).fetchone()
        if row is None:
            raise PermissionDenied("this sign-in link is not valid; ask an admin for a new one")
        login, expires_at, used_at = row
        if used_at is not None:
            raise PermissionDenied(f"this sign-in link was already used ({used_at[:19]} UTC); "
                                   "each link signs in once, ask an admin for a new one")
        if expires_at <= _at(_now()):
            raise PermissionDenied(f"this sign-in link expired at {expires_at[:19]} UTC; "
                                   "ask an admin for a new one")
        db.execute("UPDATE sign_in_links SET used_at = ? WHERE token_hash = ?",
                   [utc_now(), _hash(token)])
        session = open_session(db, login, ttl)
    return login, session


def open_session(db: sqlite_utils.Database, login: str, ttl: _dt.timedelta = SESSION_TTL) -> str:
    session = secrets.token_urlsafe(32)
    with transaction(db):
        db.execute("INSERT INTO web_sessions (session_hash, login, created_at, expires_at)"
                   " VALUES (?, ?, ?, ?)", [_hash(session), login, utc_now(), _at(_now() + ttl)])
    return session


def session_login(db: sqlite_utils.Database, session: str | None) -> tuple[str, str]:
    """(login, expires_at) of a live session, or PermissionDenied saying why not."""
    if not session:
        raise PermissionDenied("not signed in")
    row = db.execute("SELECT login, expires_at, ended_at FROM web_sessions WHERE session_hash = ?",
                     [_hash(session)]).fetchone()
    if row is None:
        raise PermissionDenied("not signed in (unknown session)")
    login, expires_at, ended_at = row
    if ended_at is not None:
        raise PermissionDenied("signed out; use a new sign-in link")
    if expires_at <= _at(_now()):
        raise PermissionDenied(f"your session expired at {expires_at[:19]} UTC; sign in again")
    return login, expires_at


def end_session(db: sqlite_utils.Database, session: str | None) -> None:
    with transaction(db):
        db.execute("UPDATE web_sessions SET ended_at = ? WHERE session_hash = ? AND ended_at IS NULL",
                   [utc_now(), _hash(session or "")])


# --- settings and --as ----------------------------------------------------------------


def get_setting(db: sqlite_utils.Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def set_accept_as(db: sqlite_utils.Database, actor: str, db_path: Path, on: bool,
                  uid: int | None = None) -> None:
    """Switch `--as` on or off: an admin, running as the file's owner."""
    _require_owner(db_path, uid)
    value = "on" if on else "off"
    with transaction(db):
        people.require(db, actor, "admin", "switching --as")
        before = get_setting(db, "accept_as")
        db.execute("INSERT INTO settings (key, value) VALUES ('accept_as', ?)"
                   " ON CONFLICT(key) DO UPDATE SET value = excluded.value", [value])
        history.record(db, actor=actor, action="set", entity="setting", entity_id="accept_as",
                       before={"accept_as": before}, after={"accept_as": value})


def _require_owner(db_path: Path, uid: int | None) -> None:
    uid = os.getuid() if uid is None else uid
    owner = Path(db_path).stat().st_uid
    if uid != owner:
        raise PermissionDenied(f"--as is honoured only for the account that owns {db_path} "
                               f"(uid {owner}); this process runs as uid {uid}")


def resolve_as(db: sqlite_utils.Database, db_path: Path, as_login: str,
               uid: int | None = None) -> str:
    """The login `--as LOGIN` may work as, or PermissionDenied saying why not."""
    _require_owner(db_path, uid)
    if get_setting(db, "accept_as") != "on":
        raise PermissionDenied("--as is switched off for this database "
                               "(its owner, as an admin, runs `eventdesk users accept-as on`)")
    if people.get_role(db, as_login) is None:
        raise PermissionDenied(f"{as_login} has no account in this database")
    return as_login
