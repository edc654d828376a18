"""The FTS table is declared the way Datasette and sqlite-utils detect it, and still searches."""

from __future__ import annotations

from store.search import search_documents


def test_sqlite_utils_detects_the_documents_fts_table(imported_seeds):
    assert imported_seeds["documents"].detect_fts() == "documents_fts"
    sql = imported_seeds.execute("SELECT sql FROM sqlite_master WHERE name = 'documents_fts'").fetchone()[0]
    assert 'content="documents"' in sql


def test_search_after_the_migration_finds_only_matching_documents(imported_seeds):
    hits = search_documents(imported_seeds, "Idlib", 20)
    assert 0 < len(hits) < 5
    text = {r[0]: r[1] for r in imported_seeds.execute("SELECT id, text FROM documents")}
    assert all("idlib" in text[h.document_id].lower() for h in hits)


def test_a_database_made_before_the_migration_keeps_its_search(db_path, monkeypatch):
    from store.db import schema
    from store.db.connection import open_db
    from store.ingest.importer import import_paths
    from store.records import people
    from tests.support.paths import SEEDS

    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])
    db = open_db(db_path)
    people.ensure_user(db, "alice")
    import_paths(db, [SEEDS], "alice")
    assert db["documents"].detect_fts() is None  # the old single-quoted declaration
    db.close()
    monkeypatch.undo()
    db = open_db(db_path)
    try:
        assert db["documents"].detect_fts() == "documents_fts"
        assert 0 < len(search_documents(db, "Idlib", 20)) < 5
    finally:
        db.close()
