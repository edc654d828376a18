"""The database opened with Datasette's own Python API: search, views, canned queries."""

from __future__ import annotations

import io
import json

import pytest

from store.cli.main import main
from tests.support.paths import SEEDS

datasette_app = pytest.importorskip("datasette.app", reason="datasette is an optional test dependency")


def _seeded(path):
    out, err = io.StringIO(), io.StringIO()
    assert main(["--db", str(path), "import", str(SEEDS)], login="alice", out=out, err=err) == 0, err.getvalue()
    out = io.StringIO()
    assert main(["--db", str(path), "datasette-metadata"], login="alice", out=out, err=err) == 0
    return json.loads(out.getvalue())


def _titles_with(path, word):
    """The titles of the documents whose title or text holds `word` (what search must find)."""
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return sorted(title for title, text in conn.execute("SELECT title, text FROM documents")
                      if word.lower() in f"{title or ''} {text}".lower())
    finally:
        conn.close()


async def test_datasette_search_returns_the_documents_that_mention_idlib(tmp_path):
    path = tmp_path / "desk.db"
    meta = _seeded(path)
    expected = _titles_with(path, "Idlib")
    assert 0 < len(expected) < 5  # a search that filters, not every row
    ds = datasette_app.Datasette([str(path)], metadata=meta)
    response = await ds.client.get("/desk/documents.json?_search=Idlib&_shape=array&_col=title")
    assert response.status_code == 200, response.text
    assert sorted(row["title"] for row in response.json()) == expected
    response = await ds.client.get("/desk/documents.json?_search=nosuchwordanywhere&_shape=array")
    assert response.json() == []


async def test_datasette_shows_views_and_runs_the_canned_search_with_snippets(tmp_path):
    path = tmp_path / "desk.db"
    meta = _seeded(path)
    ds = datasette_app.Datasette([str(path)], metadata=meta)
    tables = (await ds.client.get("/desk.json")).json()
    views = {v["name"] for v in tables["views"]}
    assert {"events_with_evidence", "event_evidence_quotes", "claims_readable", "review_queue"} <= views
    response = await ds.client.get("/desk/search.json?q=Idlib&_shape=array")
    assert response.status_code == 200, response.text
    rows = response.json()
    assert rows and all("[Idlib]" in row["snippet"] for row in rows)
    for name in ("events_with_evidence", "claims", "review_queue"):
        assert (await ds.client.get(f"/desk/{name}.json")).status_code == 200
