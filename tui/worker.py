"""The one place that talks to store/ from threads.

Writes go to a single long-lived writer thread that owns its own connection and
runs queued annotation actions strictly in order (labelling a span and then
filling an event field commit in that order).  Each outcome goes back to the
screen that asked, as a message: `ActionDone` once the action is committed (so
what the screen then shows as saved *is* saved), `ActionFailed` with a one-line
reason (and the other person's state on a version conflict).  Nothing is
swallowed.

Reads (the library, a document with its annotations, search) run in Textual
thread workers, each on a fresh connection of its own, via `read()`.
"""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, TypeVar

import sqlite_utils
from textual.message import Message
from textual.message_pump import MessagePump

from store.annotation import Applied, Session
from store.db import StoreError, connect, open_db
from store.events import ConflictError

T = TypeVar("T")


@dataclass
class ActionDone(Message):
    """An action was committed; `applied.state` is the document as stored now."""

    applied: Applied
    undoing: str = ""  # "undo" / "redo" when this action was one, else ""


@dataclass
class ActionFailed(Message):
    """An action was refused or failed; nothing of it was written."""

    action: dict
    error: str
    conflict: dict | None = None  # the record as the other session left it
    undoing: str = ""


@dataclass
class _Request:
    action: dict
    reply_to: MessagePump
    undoing: str = ""


_STOP = object()


class StoreWriter:
    """A thread that owns the write connection and applies actions in the order queued."""

    def __init__(self, db_path: str | Path, login: str, fallback: MessagePump | None = None):
        self.db_path = db_path
        self.login = login
        self.fallback = fallback  # gets outcomes whose screen has gone (e.g. the app)
        self._queue: queue.Queue = queue.Queue()
        self._pending = 0
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        #: For tests: a hook run in the writer thread before each action (e.g. to make it fail).
        self.before_apply: Callable[[dict], None] | None = None

    @property
    def pending(self) -> int:
        """Actions queued or running whose outcome has not been posted yet."""
        with self._lock:
            return self._pending

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="eventdesk-writer", daemon=True)
            self._thread.start()

    def submit(self, action: dict, reply_to: MessagePump, undoing: str = "") -> None:
        """Queue `action` (or, with undoing="undo"/"redo", the session's next undo/redo)."""
        with self._lock:
            self._pending += 1
        self._queue.put(_Request(action, reply_to, undoing))

    def stop(self, timeout: float = 10.0) -> None:
        """Finish every queued action, then end the thread (called when the app exits)."""
        if self._thread is not None:
            self._queue.put(_STOP)
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        db = open_db(self.db_path)
        session = Session(db, self.login)
        try:
            while True:
                request = self._queue.get()
                if request is _STOP:
                    return
                message = self._apply(session, request)
                if not request.reply_to.post_message(message) and self.fallback is not None:
                    self.fallback.post_message(message)
                with self._lock:
                    self._pending -= 1
        finally:
            db.close()

    def _apply(self, session: Session, request: _Request) -> Message:
        try:
            if self.before_apply is not None:
                self.before_apply(request.action)
            if request.undoing == "undo":
                return ActionDone(session.undo(), "undo")
            if request.undoing == "redo":
                return ActionDone(session.redo(), "redo")
            return ActionDone(session.perform(request.action), request.undoing)
        except ConflictError as exc:
            return ActionFailed(request.action, str(exc), exc.current, request.undoing)
        except StoreError as exc:
            return ActionFailed(request.action, str(exc), None, request.undoing)
        except Exception as exc:  # noqa: BLE001 - shown to the user, never swallowed
            return ActionFailed(request.action, f"could not save: {type(exc).__name__}: {exc}",
                                None, request.undoing)


def read(db_path: str | Path, fn: Callable[..., T], *args: Any) -> T:
    """Run a store read on a connection of this thread's own (call from a thread worker)."""
    db = sqlite_utils.Database(connect(db_path))
    try:
        return fn(db, *args)
    finally:
        db.close()
