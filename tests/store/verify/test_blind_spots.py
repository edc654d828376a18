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


# --- the end of the history cut off, sqlite_sequence put back -------------------------


@pytest.fixture
def coded(fresh_db, db_path):
    """A document with a draft event whose location was changed twice, and a raw connection."""
    from store.records import documents, events

    text = "Airstrike on Atme kills 13, local sources said on Thursday."
    doc = documents.add_document(fresh_db, text=text, bytes_sha256=documents.sha256_bytes(text.encode()),
                                 encoding="utf-8", actor="alice", title="Atme").id
    event = events.create_event(fresh_db, doc, "alice", location="Idlib")
    event = events.update_event(fresh_db, event["id"], event["version"], {"location": "Atme"}, "alice")
    event = events.update_event(fresh_db, event["id"], event["version"], {"location": "Sarmada"}, "alice")
    raw = sqlite3.connect(str(db_path), isolation_level=None)
    assert found(fresh_db) == []
    yield fresh_db, raw, doc, event
    raw.close()


def _cut_last(raw, n, *, reset_sequence=True, reset_head=False):
    raw.execute("DROP TRIGGER history_no_delete")
    raw.execute("DELETE FROM history WHERE seq > (SELECT MAX(seq) FROM history) - ?", [n])
    if reset_sequence:
        raw.execute("UPDATE sqlite_sequence SET seq = (SELECT MAX(seq) FROM history) WHERE name = 'history'")
    if reset_head:
        raw.execute("UPDATE settings SET value = (SELECT seq || ' ' || hash FROM history ORDER BY seq DESC"
                    " LIMIT 1) WHERE key = 'history_head'")
    raw.execute("CREATE TRIGGER history_no_delete BEFORE DELETE ON history BEGIN\n"
                "            SELECT RAISE(ABORT, 'history is append-only');\n        END")


def test_cutting_the_last_entries_and_sqlite_sequence_is_named_by_the_recorded_head(coded):
    db, raw, _, event = coded
    last = raw.execute("SELECT MAX(seq) FROM history").fetchone()[0]
    _cut_last(raw, 2)
    lines = found(db)
    assert lines[0] == (f"history-head: the last write recorded head #{last}, the chain ends at "
                        f"#{last - 2} (entries #{last - 1}..#{last} were deleted)")
    # The event's state is not what the history that is left says.
    assert f"replay: event {event['id']}: location is 'Sarmada', the history says 'Idlib'" in lines
    assert f"replay: event {event['id']}: version is 3, the history says 1" in lines


def test_cutting_the_end_and_resetting_the_head_too_still_leaves_the_replay(coded):
    db, raw, _, event = coded
    _cut_last(raw, 1, reset_head=True)
    lines = found(db)
    assert not [line for line in lines if line.startswith(("history-head", "history-tail", "triggers"))]
    assert f"replay: event {event['id']}: location is 'Sarmada', the history says 'Atme'" in lines


def test_a_consistent_rollback_passes_verify_but_not_a_head_recorded_elsewhere(coded, db_path):
    from tests.store.verify.test_head import run_cli

    db, raw, _, event = coded
    code, out, _ = run_cli(db_path, "verify")
    recorded = out.splitlines()[-1].removeprefix("history head: ")
    _cut_last(raw, 1, reset_head=True)
    raw.execute("UPDATE events SET location = 'Atme', version = 2 WHERE id = ?", [event["id"]])
    raw.execute("UPDATE events SET updated_at = (SELECT json_extract(after, '$.updated_at') FROM history"
                " WHERE entity = 'event' ORDER BY seq DESC LIMIT 1) WHERE id = ?", [event["id"]])
    assert found(db) == []
    code, out, _ = run_cli(db_path, "verify", "--head", recorded)
    assert code == 1 and "recorded head" in out and "cut back" in out


# --- triggers -----------------------------------------------------------------------


@pytest.mark.parametrize("trigger", ["history_no_update", "history_no_delete", "history_head",
                                     "documents_fts_ai"])
def test_a_dropped_trigger_is_named(coded, trigger):
    db, raw, _, _ = coded
    raw.execute(f"DROP TRIGGER {trigger}")
    lines = [line for line in found(db) if line.startswith("triggers:")]
    assert len(lines) == 1 and lines[0].startswith(f"triggers: trigger {trigger} on ")
    assert "is missing (dropped behind the app's back)" in lines[0]
    assert ("no longer append-only" in lines[0]) == trigger.startswith("history_no_")


def test_a_trigger_replaced_by_a_harmless_looking_one_or_an_added_trigger_is_named(coded):
    db, raw, _, _ = coded
    raw.execute("DROP TRIGGER history_no_delete")
    raw.execute("CREATE TRIGGER history_no_delete BEFORE DELETE ON history BEGIN SELECT 1; END")
    raw.execute("CREATE TRIGGER quietly AFTER UPDATE ON events BEGIN"
                " UPDATE events SET actor1 = 'Rebels' WHERE id = NEW.id; END")
    lines = [line for line in found(db) if line.startswith("triggers:")]
    assert lines == [
        "triggers: trigger history_no_delete on history is not the one eventdesk created (changed "
        "behind the app's back): the history is no longer append-only",
        "triggers: trigger 'quietly' on 'events' is not eventdesk's (added behind the app's back)"]


# --- the search index ---------------------------------------------------------------


def test_a_document_planted_in_the_search_index_is_named(coded):
    from store.search import search_documents

    db, raw, doc, _ = coded
    rowid = raw.execute("SELECT rowid FROM documents WHERE id = ?", [doc]).fetchone()[0]
    raw.execute("INSERT INTO documents_fts (rowid, title, text) VALUES (?, '', 'chemical weapons')", [rowid])
    assert [hit.document_id for hit in search_documents(db, "chemical", 10)] == [doc]
    lines = found(db)
    assert lines == [f"search-index: document {doc}: its search index entries differ from its title and "
                     "text ('chemical', 'weapons'): the index was changed behind the app's back"]


def test_a_document_hidden_from_search_and_rows_that_are_no_document_are_named(coded):
    db, raw, doc, _ = coded
    rowid, title, text = raw.execute("SELECT rowid, title, text FROM documents WHERE id = ?", [doc]).fetchone()
    raw.execute("INSERT INTO documents_fts (documents_fts, rowid, title, text) VALUES ('delete', ?, ?, ?)",
                [rowid, title, text])
    raw.execute("INSERT INTO documents_fts (rowid, title, text) VALUES (999, 'x', 'ghost')")
    lines = found(db)
    assert len(lines) == 2
    assert lines[0].startswith(f"search-index: document {doc}: its search index entries differ")
    assert lines[1].startswith("search-index: the search index has entries for row 999, which is no document")


def test_the_seeds_index_is_clean(imported_seeds):
    assert [line for line in found(imported_seeds) if line.startswith("search-index")] == []


def test_history_json_edited_into_another_shape_is_named_not_a_traceback(coded):
    db, raw, _, event = coded
    raw.execute("DROP TRIGGER history_no_update")
    raw.execute("UPDATE history SET before = '{\"evidence\": [{\"nope\": 1}]}', action = 'delete'"
                " WHERE seq = (SELECT MAX(seq) FROM history)")
    lines = found(db)
    assert any(line.startswith("history: history entry #") and "content was changed" in line for line in lines)
    assert "replay: could not run: KeyError: 'event_id'" in lines
