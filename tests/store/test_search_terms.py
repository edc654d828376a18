"""The search_terms table (store/search_terms.py) follows every write of documents, in the
same transaction, and the migration builds it for a database that has documents already."""

from __future__ import annotations

import sqlite3

from store import search_terms
from store.db import schema
from store.db.connection import open_db
from store.ingest.importer import import_paths
from store.search import search_documents
from tests.support.workstation import add_text


def table(db) -> dict[str, tuple[str, int]]:
    return {term: (folded, n) for term, folded, n in db.execute(
        "SELECT term, folded, docs FROM search_terms")}


def index(db) -> dict[str, int]:
    """What FTS5 itself says: each indexed word and how many documents have it."""
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.check_vocab USING fts5vocab(main, documents_fts, row)")
    return dict(db.execute("SELECT term, doc FROM temp.check_vocab").fetchall())


def counts(db) -> dict[str, int]:
    return {term: n for term, (_, n) in table(db).items()}


def test_add_document_counts_its_words_folded(fresh_db):
    add_text(fresh_db, "A raid on Atmeh killed 13.", title="Raid on Atmé")
    add_text(fresh_db, "Residents of Atma fled the raid.")
    rows = table(fresh_db)
    assert rows["atmeh"] == rows["atme"] == rows["atma"] == ("atm", 1)  # one fold
    assert rows["raid"] == ("raid", 2)  # in both documents (title and text of one count once)
    assert counts(fresh_db) == index(fresh_db)


def test_import_and_revision_keep_the_table_equal_to_the_index(fresh_db, tmp_path):
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text("Airstrike in Idlib kills 13\nThe Pentagon said there were no casualties.\n")
    new.write_text("Airstrike in Idleb kills 14\nUPDATE: the toll rose in Idleb.\n")
    import_paths(fresh_db, [old], "alice", fields={"url": "https://example.org/a"})
    assert counts(fresh_db) == index(fresh_db) and counts(fresh_db)["idlib"] == 1
    import_paths(fresh_db, [new], "alice", fields={"url": "https://example.org/a"})
    revisions = [r[0] for r in fresh_db.execute("SELECT revision FROM documents ORDER BY revision")]
    assert revisions == [1, 2]  # a revision: a second document, the first kept
    assert counts(fresh_db) == index(fresh_db)
    assert counts(fresh_db)["airstrike"] == 2 and counts(fresh_db)["idleb"] == 1
    import_paths(fresh_db, [new], "alice")  # the same text again: nothing stored, nothing counted
    assert counts(fresh_db) == index(fresh_db)


def test_removed_documents_are_uncounted_and_words_nobody_has_left_go(fresh_db):
    add_text(fresh_db, "Shelling in Atme.", title="one")
    two = add_text(fresh_db, "Shelling in Atma.", title="two")
    with fresh_db.conn:
        search_terms.rows_removed(fresh_db, "id = ?", [two])
        fresh_db.execute("DELETE FROM documents WHERE id = ?", [two])
    assert counts(fresh_db) == index(fresh_db)
    assert "atma" not in counts(fresh_db) and counts(fresh_db)["shelling"] == 1
    assert [h.title for h in search_documents(fresh_db, "Atmeh")] == ["one"]


def test_a_failed_write_leaves_the_table_as_it_was(fresh_db):
    add_text(fresh_db, "Shelling in Atme.", title="one")
    before = table(fresh_db)
    try:
        with fresh_db.conn:
            fresh_db.execute("BEGIN")
            search_terms.documents_added(fresh_db, [("t", "entirely novel words")])
            raise sqlite3.OperationalError("stop")
    except sqlite3.OperationalError:
        pass
    assert table(fresh_db) == before


def test_the_migration_builds_the_table_for_existing_documents(db_path):
    conn = sqlite3.connect(db_path, isolation_level=None)
    number = schema.MIGRATIONS.index(_m012()) + 1
    for version, migration in enumerate(schema.MIGRATIONS[:number - 1], start=1):
        conn.execute("BEGIN")
        migration(conn)
        conn.execute(f"PRAGMA user_version = {version}")
        conn.execute("COMMIT")
    for i, text in enumerate(["A raid on Atme killed 13.", "Residents of Atma fled.", "Deir ez-Zor"]):
        conn.execute("INSERT INTO documents (id, text, length, text_sha256, bytes_sha256, encoding,"
                     " imported_by, imported_at) VALUES (?, ?, ?, ?, '0', 'utf-8', 'x', 'now')",
                     [f"d{i}", text, len(text), f"h{i}"])
    assert conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'search_terms'").fetchone() is None
    conn.close()
    db = open_db(db_path)  # migrates
    assert counts(db) == index(db) and table(db)["atme"] == ("atm", 1)
    assert {h.document_id for h in search_documents(db, "Atmeh")} == {"d0", "d1"}


def _m012():
    from store.db.later_migrations import _m012_search_terms
    return _m012_search_terms
