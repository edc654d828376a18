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

import itertools
import queue
import sqlite3
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, TypeVar

import sqlite_utils
from textual.message import Message
from textual.message_pump import MessagePump

from store.annotate.actions import Action, Redo, Undo
from store.annotate.gateway import Session
from store.db.connection import connect, open_db
from store.db.sharing import explain_access_error
from store.errors import ConflictError, StoreError
from store.records import people
from tui.document.marks import SpanMark
from tui.messages import ActionDone, ActionFailed, MarkChanges, StoreChanged, ViewState

T = TypeVar("T")


def view_state(state: dict, spans_changed: bool = True) -> ViewState:
    marks = None
    if spans_changed:
        marks = [SpanMark(s["id"], s["start"], s["end"], s["label"])
                 for s in state["spans"] if s["start"] is not None]
    return ViewState(marks, {s["id"]: s["quote"] for s in state["spans"]})


#: How many documents' last marks the writer keeps, to send changes instead of whole sets.
MARK_SNAPSHOTS = 4
_tokens = itertools.count(1)


class MarkSnapshots:
    """The last marks a screen was given per document, so an outcome can carry the change.

    A label's outcome then holds one mark in, not 10,000 marks for the UI thread to
    compare.  Shared by the writer thread and the thread that reads a document (under
    a lock); each snapshot gets a token handed out once, and a change names the token
    it was computed from, so a screen applies it only to exactly those marks.
    """

    def __init__(self, keep: int = MARK_SNAPSHOTS):
        self.keep = keep
        self._lock = threading.Lock()
        self._last: OrderedDict[str, tuple[int, dict[str, SpanMark]]] = OrderedDict()

    def _put(self, document_id: str, by_id: dict[str, SpanMark]) -> tuple[int, tuple | None]:
        token = next(_tokens)
        with self._lock:
            previous = self._last.pop(document_id, None)
            self._last[document_id] = (token, by_id)
            while len(self._last) > self.keep:
                self._last.popitem(last=False)
        return token, previous

    def remember(self, document_id: str, marks: list[SpanMark]) -> int:
        """`marks` are what a screen now shows of the document; their token."""
        return self._put(document_id, {m.id: m for m in marks})[0]

    def change(self, document_id: str, marks: list[SpanMark]) -> MarkChanges:
        """`marks` as a change from the last snapshot of the document (base 0: none known)."""
        new = {m.id: m for m in marks}
        token, previous = self._put(document_id, new)
        if previous is None:
            return MarkChanges(0, token, (), ())
        base, old = previous
        removed = tuple(i for i, m in old.items() if new.get(i) != m)
        added = tuple(m for i, m in new.items() if old.get(i) != m)
        return MarkChanges(base, token, removed, added)


@dataclass
class _Request:
    action: Action
    reply_to: MessagePump

    @property
    def undoing(self) -> str:
        return "undo" if isinstance(self.action, Undo) else "redo" if isinstance(self.action, Redo) else ""


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
        #: The marks last sent per document (outcomes carry what changed since).
        self.marks = MarkSnapshots()
        #: For tests: a hook run in the writer thread before each action (e.g. to make it fail).
        self.before_apply: Callable[[Action], None] | None = None

    @property
    def pending(self) -> int:
        """Actions queued or running whose outcome has not been posted yet."""
        with self._lock:
            return self._pending

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="eventdesk-writer", daemon=True)
            self._thread.start()

    def submit(self, action: Action, reply_to: MessagePump) -> None:
        """Queue `action` (an `Undo` or `Redo` applies the session's next undo or redo)."""
        with self._lock:
            self._pending += 1
        self._queue.put(_Request(action, reply_to))

    def stop(self, timeout: float = 10.0) -> None:
        """Finish every queued action, then end the thread (called when the app exits)."""
        if self._thread is not None:
            self._queue.put(_STOP)
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        try:
            db = open_db(self.db_path)
            people.ensure_user(db, self.login)  # every change is recorded under an account
        except StoreError as exc:  # already one line naming the file (e.g. not writable)
            self._refuse_all(str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - every later action is answered with this
            reason = (explain_access_error(self.db_path, exc)
                      if isinstance(exc, sqlite3.Error) else None)
            self._refuse_all(reason or f"cannot open the database {self.db_path}: {exc}")
            return
        session = Session(db, self.login)
        try:
            while True:
                request = self._queue.get()
                if request is _STOP:
                    return
                self._deliver(request, self._apply(session, request))
        finally:
            db.close()

    def _refuse_all(self, reason: str) -> None:
        while (request := self._queue.get()) is not _STOP:
            self._deliver(request, ActionFailed(request.action, reason, None, request.undoing))

    def _deliver(self, request: _Request, message: Message) -> None:
        if not request.reply_to.post_message(message) and self.fallback is not None:
            self.fallback.post_message(message)
        if isinstance(message, ActionDone) and self.fallback is not None:
            self.fallback.post_message(StoreChanged(message.applied.action,
                                                   request.reply_to))
        with self._lock:
            self._pending -= 1

    def _apply(self, session: Session, request: _Request) -> Message:
        try:
            if self.before_apply is not None:
                self.before_apply(request.action)
            applied = session.perform(request.action)
            prepared = None
            if applied.state is not None:
                prepared = view_state(applied.state, applied.action.changes_spans)
                if prepared.marks is not None:
                    prepared.changes = self.marks.change(applied.state["document_id"],
                                                         prepared.marks)
            return ActionDone(applied, request.undoing, prepared)
        except ConflictError as exc:
            return ActionFailed(request.action, str(exc), exc.current, request.undoing)
        except StoreError as exc:
            return ActionFailed(request.action, str(exc), None, request.undoing)
        except sqlite3.OperationalError as exc:
            # e.g. the file was made read-only for this account after it was opened
            reason = explain_access_error(self.db_path, exc) or f"could not save: {exc}"
            return ActionFailed(request.action, reason, None, request.undoing)
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
