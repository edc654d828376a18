"""Migrations from 009 on, applied after those in schema.py, in this list's order.

They live apart only because schema.py reached the 600-line limit; `schema.MIGRATIONS`
is the one ordered list. Each is a function of one connection, run inside the
transaction `schema.migrate` opens, so it must not COMMIT.
"""

from __future__ import annotations

import sqlite3
from typing import Callable


def _m009_review_queue_index(conn: sqlite3.Connection) -> None:
    """The review queue's "when was it submitted" read from the index alone (10,000 waiting
    events, store/review/queue_pages.py)."""
    conn.execute("CREATE INDEX IF NOT EXISTS reviews_event_action ON reviews(event_id, action, at, actor)")


LATER_MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_m009_review_queue_index]
