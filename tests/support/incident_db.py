"""The seed articles in a database, for incident tests: each by its file number, and the CLI."""

from __future__ import annotations

import io

from store.cli.main import main
from store.records.documents import list_documents

#: How each seed file's text begins (its file number is not stored).
SEED_STARTS = {"000": " date 2022-02-03", "001": "Exclusive: American", "002": "Targeting ISIS",
               "003": "Syria conflict:", "004": "Published: Mon"}


def by_prefix(db) -> dict[str, str]:
    """Seed document ids by file number, from their first words."""
    texts = {d["id"]: db.execute("SELECT text FROM documents WHERE id = ?", [d["id"]]).fetchone()[0]
             for d in list_documents(db)}
    return {k: next(i for i, t in texts.items() if t.startswith(v)) for k, v in SEED_STARTS.items()}


def run_cli(db_path, *argv, login="alice"):
    """`eventdesk --db DB ARGV...` as `login`: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    status = main(["--db", str(db_path), *argv], login=login, out=out, err=err)
    return status, out.getvalue(), err.getvalue()
