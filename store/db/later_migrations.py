"""Migrations from 009 on, applied after those in schema.py, in this list's order.

They live apart only because schema.py reached the 600-line limit; `schema.MIGRATIONS`
is the one ordered list. Each is a function of one connection, run inside the
transaction `schema.migrate` opens, so it must not COMMIT.
"""

from __future__ import annotations

import sqlite3
from typing import Callable

LATER_MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = []
