"""eventdesk merge: two coders' databases become one, twice over, with verify on every result."""

from __future__ import annotations

import sqlite3

from tests.support.merging import history_count, rows, run


def _verified(path, login="alice") -> list[str]:
    status, out, err = run("--db", path, "verify", login=login)
    assert status == 0, out + err
    return out.splitlines()


def test_the_same_article_is_one_document_with_both_sides_work(two_coders):
    c = two_coders
    status, out, err = run("--db", c.a, "merge", c.b)
    assert status == 0, err
    assert "came in 1 events, 1 spans, 1 users" in out
    assert "5 document(s) were already here (same text) and are one document now" in out
    assert rows(c.a, "SELECT COUNT(*) FROM documents") == [(5,)]
    # Both events point at the one Idlib document; every span's quote is still its text.
    docs = rows(c.a, "SELECT DISTINCT document_id FROM events")
    assert len(docs) == 1
    for quote, start, end, text in rows(c.a, "SELECT s.quote, s.start, s.\"end\", d.text FROM spans s"
                                              " JOIN documents d ON d.id = s.document_id"):
        assert text[start:end] == quote
    lines = _verified(c.a)
    assert lines[0].startswith("ok: 5 documents, 2 spans, 2 events")
    assert any(line.startswith("history head of origin ") for line in lines)


def test_merging_again_changes_nothing_and_merging_back_agrees(two_coders):
    c = two_coders
    assert run("--db", c.a, "merge", c.b)[0] == 0
    before = history_count(c.a)
    status, out, _ = run("--db", c.a, "merge", c.b)
    assert status == 0 and "came in nothing new" in out and "history:" not in out
    assert history_count(c.a) == before
    assert run("--db", c.b, "merge", c.a, login="bob")[0] == 0
    _verified(c.b, "bob")
    # Both sides now hold the same documents under the same ids, and the same records.
    for table in ("documents", "spans", "events"):
        assert rows(c.a, f"SELECT id FROM {table} ORDER BY id") == \
            rows(c.b, f"SELECT id FROM {table} ORDER BY id")
    # Back and forth once more, and then nothing moves any more.
    assert run("--db", c.a, "merge", c.b)[0] == 0
    assert run("--db", c.b, "merge", c.a, login="bob")[0] == 0
    a_count, b_count = history_count(c.a), history_count(c.b)
    assert run("--db", c.a, "merge", c.b)[0] == 0
    assert run("--db", c.b, "merge", c.a, login="bob")[0] == 0
    assert (history_count(c.a), history_count(c.b)) == (a_count, b_count)
    _verified(c.a)
    _verified(c.b, "bob")


def test_a_record_changed_on_both_sides_is_a_conflict_never_overwritten(two_coders):
    c = two_coders
    run("--db", c.a, "merge", c.b)
    run("--db", c.b, "merge", c.a, login="bob")
    c.edit("alice", c.event_a, date_start="2018-02-13")
    c.edit("bob", c.event_a, date_start="2018-02-14")
    status, out, _ = run("--db", c.a, "merge", c.b)
    assert status == 0 and "conflicts: 1 new, 0 already known" in out
    assert rows(c.a, "SELECT date_start FROM events WHERE id = ?", [c.event_a]) == [("2018-02-13",)]
    _verified(c.a)
    status, out, _ = run("--db", c.a, "merge", c.b)      # nothing new there: nothing to report
    assert status == 0 and "conflicts" not in out
    status, listed, _ = run("--db", c.a, "conflicts", "list")
    assert "changed on both sides" in listed
    assert "date_start: here '2018-02-13', there '2018-02-14'" in listed
    conflict = listed.split()[0]
    status, _, err = run("--db", c.a, "conflicts", "resolve", conflict, "--keep", "other",
                         login="bob")
    assert status == 1 and "bob is an annotator" in err      # bob came in as an annotator
    status, out, _ = run("--db", c.a, "conflicts", "resolve", conflict, "--keep", "other")
    assert status == 0 and "other kept" in out
    assert rows(c.a, "SELECT date_start FROM events WHERE id = ?", [c.event_a]) == [("2018-02-14",)]
    assert run("--db", c.a, "conflicts", "list")[1].strip() == "no open conflicts"
    _verified(c.a)
    status, _, err = run("--db", c.a, "conflicts", "resolve", conflict, "--keep", "local")
    assert status == 1 and "already resolved" in err
    # Merged again both ways: no new conflict, both sides verify.
    assert "conflicts" not in run("--db", c.a, "merge", c.b)[1]
    assert run("--db", c.b, "merge", c.a, login="bob")[0] == 0
    assert rows(c.b, "SELECT date_start FROM events WHERE id = ?", [c.event_a]) == [("2018-02-14",)]
    _verified(c.b, "bob")


def _unchanged(path):
    return history_count(path), rows(path, "SELECT COUNT(*) FROM spans")


def test_bad_inputs_are_one_line_and_nothing_is_merged(two_coders, tmp_path):
    c = two_coders
    before = _unchanged(c.a)
    corrupt = tmp_path / "corrupt.db"
    data = bytearray(c.b.read_bytes())
    data[4096:8192] = b"\xff" * 4096
    corrupt.write_bytes(bytes(data))
    newer = tmp_path / "newer.db"
    newer.write_bytes(c.b.read_bytes())
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    copy = tmp_path / "copy.db"
    assert run("--db", c.a, "backup", copy)[0] == 0
    text = tmp_path / "notes.txt"
    text.write_text("not a database")
    for other, says in ((corrupt, "corrupt"),
                        (newer, "is at schema version 99, newer than this eventdesk knows"),
                        (c.a, "is this database itself"),
                        (copy, "has this database's own id"),
                        (text, "not an SQLite file"),
                        (tmp_path / "missing.db", "no database at")):
        status, out, err = run("--db", c.a, "merge", other)
        assert status == 1 and says in err, (other, err)
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
        assert _unchanged(c.a) == before
    _verified(c.a)


def test_a_text_one_byte_apart_is_another_document(two_coders, tmp_path):
    c = two_coders
    idlib = rows(c.a, "SELECT text, title FROM documents WHERE id ="
                      " (SELECT document_id FROM events LIMIT 1)")[0]
    changed = tmp_path / "changed.txt"
    changed.write_text(idlib[0].replace("Idlib", "Idlip", 1), encoding="utf-8")
    assert run("--db", c.b, "import", "--title", idlib[1], changed, login="bob")[0] == 0
    status, out, _ = run("--db", c.a, "merge", c.b)
    assert status == 0 and "came in 1 documents" in out
    assert "but not its exact text: kept as two documents" in out
    assert rows(c.a, "SELECT COUNT(*) FROM documents") == [(6,)]
    _verified(c.a)


def test_an_annotator_cannot_merge(two_coders):
    c = two_coders
    run("--db", c.a, "merge", c.b)
    status, _, err = run("--db", c.a, "merge", c.b, login="bob")
    assert status == 1 and "merging another database" in err


def test_a_database_whose_rows_disagree_with_its_history_is_refused(two_coders):
    c = two_coders
    conn = sqlite3.connect(c.b)
    conn.execute("UPDATE events SET location = 'Sarmada' WHERE id = ?", [c.event_b])
    conn.commit()
    conn.close()
    before = _unchanged(c.a)
    status, _, err = run("--db", c.a, "merge", c.b)
    assert status == 1 and f"event {c.event_b} does not match its own history" in err
    assert _unchanged(c.a) == before


def test_verify_names_the_origin_of_a_break_in_a_merged_chain(two_coders):
    c = two_coders
    run("--db", c.a, "merge", c.b)
    origin = rows(c.b, "SELECT value FROM settings WHERE key = 'database_id'")[0][0]
    conn = sqlite3.connect(c.a)
    conn.execute("DROP TRIGGER history_no_update")
    conn.execute("DROP TRIGGER history_no_delete")
    conn.execute("UPDATE history SET actor = 'mallory' WHERE origin = ? AND origin_seq = 3", [origin])
    conn.execute("DELETE FROM history WHERE origin = ? AND origin_seq = ("
                 "SELECT MAX(origin_seq) FROM history WHERE origin = ?)", [origin, origin])
    conn.commit()
    conn.close()
    status, out, _ = run("--db", c.a, "verify")
    assert status == 1
    assert "origins: history entry #" in out and f"(origin {origin[:12]}, its #3): content was changed" in out
    assert f"origins: origin {origin[:12]}: the merge of" in out and "entries cut off or rewritten" in out
    # A database that fails verify merges nothing in.
    status, _, err = run("--db", c.a, "merge", c.b)
    assert status == 1 and "this database fails verify" in err


def test_the_other_sides_broken_chain_is_refused(two_coders):
    c = two_coders
    conn = sqlite3.connect(c.b)
    conn.execute("DROP TRIGGER history_no_update")
    conn.execute("UPDATE history SET actor = 'mallory' WHERE seq = 2")
    conn.commit()
    conn.close()
    before = _unchanged(c.a)
    status, _, err = run("--db", c.a, "merge", c.b)
    assert status == 1 and "nothing was merged" in err and len(err.strip().splitlines()) == 1
    assert _unchanged(c.a) == before


def test_a_database_of_an_older_schema_is_merged_from_a_migrated_snapshot(tmp_path, monkeypatch):
    from store.db import schema
    from tests.support.merging import code_one_event

    a = tmp_path / "a.db"
    code_one_event(a, "alice", "2018-02-12")
    old = tmp_path / "old.db"
    with monkeypatch.context() as m:
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:8])
        code_one_event(old, "bob", "2018-02-11")
    assert rows(old, "PRAGMA user_version") == [(8,)]
    status, out, err = run("--db", a, "merge", old)
    assert status == 0 and "came in 1 events, 1 spans, 1 users" in out, err
    assert rows(old, "PRAGMA user_version") == [(8,)]          # the other file is never written
    _verified(a)
