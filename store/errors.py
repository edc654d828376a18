"""The errors every layer raises and the command line and screens show as one line."""

from __future__ import annotations


class StoreError(Exception):
    """A refusal or failure to show the user as one line (never a traceback)."""


class ConflictError(StoreError):
    """Someone else changed the record since the version the caller started from."""

    def __init__(self, message: str, current: dict):
        super().__init__(message)
        self.current = current


class PermissionDenied(StoreError):
    """The user's role does not allow the action."""
