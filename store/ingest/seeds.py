"""The five bundled seed articles, imported into a new, empty database.

So that the first command a newcomer runs (`eventdesk`) shows real articles.
The seeds are package data (`store/ingest/seed_articles/*.txt`, found through
importlib.resources), so a wheel or `pip install eventdesk` has them as the
editable install does; `seeds/` at the top of the checkout links to them.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import sqlite_utils

from store.ingest.importer import Importer


def seeds_dir() -> Path:
    """The folder holding the seed articles, wherever the package is installed."""
    return Path(str(resources.files("store.ingest") / "seed_articles"))


SEEDS_DIR = seeds_dir()


def seed_files(folder: Path | None = None) -> list[Path]:
    return sorted((folder or seeds_dir()).glob("*.txt"))


def ensure_seeded(db: sqlite_utils.Database, login: str, seeds_dir: Path = SEEDS_DIR) -> int:
    """Import the seed articles if the database has no documents; return how many were imported.

    A missing seed folder (a broken install) is an error, not an empty library with no message.
    """
    if db.execute("SELECT 1 FROM documents LIMIT 1").fetchone():
        return 0
    files = sorted(Path(seeds_dir).glob("*.txt")) if Path(seeds_dir).is_dir() else []
    if not files:
        from store.errors import StoreError

        raise StoreError(f"the seed articles are missing from this install ({seeds_dir}); "
                         "reinstall eventdesk")
    return Importer(db, login).import_paths(files).imported
