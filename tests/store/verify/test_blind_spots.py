"""What verify used to miss: brat relations and attributes, the end of the history cut off
together with sqlite_sequence, dropped history triggers, a poisoned search index."""

from __future__ import annotations

import sqlite3

import pytest

from store.ingest.brat_pairs import import_pair
from store.records import spans
from store.records.documents import add_document, sha256_text
from store.revisions.revise import revise_document, revision_fields
from store.verify import checks
from tests.support.paths import FIXTURES

NEWS = FIXTURES / "brat-tutorial-news"


def found(db):
    return [str(v) for v in checks.verify(db).violations]


@pytest.fixture
def brat_db(fresh_db, db_path):
    """Two brat tutorial pairs with relations, events, an equivalence and attributes."""
    for stem in ("060-relation_annotation", "100-attribute_annotation"):
        result = import_pair(fresh_db, NEWS / f"{stem}.txt", NEWS / f"{stem}.ann", "alice")
        assert result.problems == []
    raw = sqlite3.connect(str(db_path), isolation_level=None)
    assert found(fresh_db) == []
    yield fresh_db, raw
    raw.close()


def test_a_relation_edited_behind_the_apps_back_is_named(brat_db):
    db, raw = brat_db
    rid, args = raw.execute(
        "SELECT id, arguments FROM relations WHERE kind = 'relation' ORDER BY rowid LIMIT 1").fetchone()
    raw.execute("UPDATE relations SET type = 'Employment' WHERE id = ?", [rid])
    assert f"replay: relation {rid}: type is 'Employment', the history says 'Located'" in found(db)
    raw.execute("UPDATE relations SET type = 'Located', arguments = '[]' WHERE id = ?", [rid])
    assert [line for line in found(db) if line.startswith(f"replay: relation {rid}: arguments is '[]'")]


def test_an_attribute_changed_added_or_deleted_behind_the_apps_back_is_named(brat_db):
    db, raw = brat_db
    aid, target, doc = raw.execute(
        "SELECT id, target_id, document_id FROM attributes WHERE value = 'Low'").fetchone()
    raw.execute("UPDATE attributes SET value = 'High' WHERE id = ?", [aid])
    assert found(db) == [f"replay: attribute {aid}: value is 'High', the history says 'Low'"]
    raw.execute("DELETE FROM attributes WHERE id = ?", [aid])
    assert found(db) == [f"replay: attribute {aid}: deleted behind the app's back (the history has no deletion)"]
    raw.execute("INSERT INTO attributes (id, document_id, target_id, kind, name, value, author, created_at)"
                " VALUES ('forged', ?, ?, 'attribute', 'Confidence', 'High', 'alice', 'now')", [doc, target])
    assert ("replay: attribute forged: exists but the history never recorded it (added behind the app's back)"
            in found(db))


def test_a_relation_deleted_behind_the_apps_back_is_named(brat_db):
    db, raw = brat_db
    rid = raw.execute("SELECT id FROM relations WHERE kind = 'equivalence'").fetchone()[0]
    raw.execute("DELETE FROM relations WHERE id = ?", [rid])
    assert found(db) == [f"replay: relation {rid}: deleted behind the app's back (the history has no deletion)"]


def test_deleting_and_restoring_a_span_with_attributes_stays_clean(brat_db):
    db, raw = brat_db
    target = raw.execute(
        "SELECT a.target_id FROM attributes a JOIN spans s ON s.id = a.target_id LIMIT 1").fetchone()[0]
    removed = spans.delete_span(db, target, "alice")
    assert removed["attributes"]
    assert found(db) == []
    spans.restore_span(db, removed, "alice")
    assert found(db) == []


def test_a_revision_copies_relations_and_attributes_and_stays_clean(brat_db):
    db, raw = brat_db
    old = raw.execute("SELECT document_id FROM relations ORDER BY rowid LIMIT 1").fetchone()[0]
    text = db.execute("SELECT text FROM documents WHERE id = ?", [old]).fetchone()[0]
    new_text = "Revised. " + text
    new = add_document(db, text=new_text, bytes_sha256=sha256_text(new_text), encoding="utf-8",
                       actor="alice", **revision_fields(db, old)).id
    revise_document(db, old, new, "alice")
    assert raw.execute("SELECT COUNT(*) FROM relations WHERE document_id = ?", [new]).fetchone()[0] > 0
    assert found(db) == []
