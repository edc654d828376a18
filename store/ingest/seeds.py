"""The five bundled seed articles, imported into a new, empty database.

So that the first command a newcomer runs (`eventdesk`) shows real articles.
The seeds sit in the project's `seeds/` folder, next to the `store` package.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from store.ingest.importer import Importer

SEEDS_DIR = Path(__file__).resolve().parents[2] / "seeds"


def ensure_seeded(db: sqlite_utils.Database, login: str, seeds_dir: Path = SEEDS_DIR) -> int:
    """Import the seed articles if the database has no documents; return how many were imported."""
    if db.execute("SELECT 1 FROM documents LIMIT 1").fetchone():
        return 0
    if not seeds_dir.is_dir():
        return 0
    return Importer(db, login).import_paths(sorted(seeds_dir.glob("*.txt"))).imported
