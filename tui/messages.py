"""Messages that cross widgets and screens: what the writer thread answers.

`ActionDone` comes once an action is committed (so what the screen then shows
as saved *is* saved); `ActionFailed` carries a one-line reason and, on a version
conflict, the other person's state. Small dataclasses, no behaviour.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from store.annotate.actions import Action
from store.annotate.gateway import Applied
from tui.document.marks import SpanMark


@dataclass
class ViewState:
    """What the annotate screen draws from a document state, prepared in a worker thread
    (building 10,000 marks on the UI thread would stall the keys that follow)."""

    marks: list[SpanMark] | None  # None: the spans did not change
    quotes: dict[str, str]
    #: The marks as a change from the writer's previous marks of the document, when it has
    #: them: a screen showing exactly `changes.base` applies them; any other redraws `marks`.
    changes: "MarkChanges | None" = None


@dataclass(frozen=True)
class MarkChanges:
    """The marks of one document from one snapshot to the next: `removed` ids out, `added` in.

    `base` and `token` name the snapshots (numbers handed out once, never reused), so the
    change is applied only to the marks it was computed from."""

    base: int
    token: int
    removed: tuple[str, ...]
    added: tuple[SpanMark, ...]


@dataclass
class ActionDone(Message):
    """An action was committed; `applied.state` is the document as stored now."""

    applied: Applied
    undoing: str = ""  # "undo" / "redo" when this action was one, else ""
    view: ViewState | None = None  # the state made ready to draw, off the UI thread


@dataclass
class ActionFailed(Message):
    """An action was refused or failed; nothing of it was written."""

    action: Action
    error: str
    conflict: dict | None = None  # the record as the other session left it
    undoing: str = ""


@dataclass
class StoreChanged(Message):
    """Sent to the app for every committed action, whichever screen sent it, so screens that
    show what others change (the review queue) read it again."""

    action: Action
    sent_by: object = None  # the screen the outcome went to (it has handled it itself)
