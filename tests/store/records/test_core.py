"""Model tests of the core store: the span invariant, versions, evidence and the history chain."""

import sqlite3

import pytest

from store.db.connection import open_db
from store.db.schema import MIGRATIONS, schema_version
from store.errors import ConflictError, StoreError
from store.records import claims, documents, events, history, people, spans

TEXT = "Raid in Atme\r\nAt least 13 killed \u202e\u0007 in Atme."


@pytest.fixture
def doc(fresh_db):
    return documents.add_document(fresh_db, text=TEXT, bytes_sha256="00", encoding="utf-8",
                                  actor="alice", title="Raid").id


def test_open_db_sets_wal_foreign_keys_busy_timeout_and_migrates(db_path):
    db = open_db(db_path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert schema_version(db) == len(MIGRATIONS)
    # Opening again is a no-op, not an error.
    assert schema_version(open_db(db_path)) == len(MIGRATIONS)


def test_first_user_is_admin_later_ones_annotators(fresh_db):
    assert people.get_role(fresh_db, "alice") == "admin"
    assert people.ensure_user(fresh_db, "bob") == "annotator"


def test_same_text_is_stored_once(fresh_db, doc):
    again = documents.add_document(fresh_db, text=TEXT, bytes_sha256="11", encoding="utf-8", actor="alice")
    assert again.created is False and again.id == doc
    assert fresh_db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 1


def test_span_quote_is_the_exact_slice_including_crlf_and_controls(fresh_db, doc):
    start = TEXT.index("\r\n")
    row = spans.add_span(fresh_db, doc, start, start + 4, "Trigger", "alice")
    assert row["quote"] == "\r\nAt" == TEXT[start:start + 4]
    ctl = TEXT.index("\u202e")
    row = spans.add_span(fresh_db, doc, ctl, ctl + 2, "Claim", "alice")
    assert spans.get_span(fresh_db, row["id"])["quote"] == "\u202e\u0007"
    assert row["prefix"] == TEXT[max(0, ctl - 32):ctl]


@pytest.mark.parametrize("start,end", [(-1, 3), (5, 5), (3, 2), (0, len(TEXT) + 1)])
def test_out_of_range_or_empty_spans_are_refused(fresh_db, doc, start, end):
    with pytest.raises(StoreError):
        spans.add_span(fresh_db, doc, start, end, "Date", "alice")
    assert spans.list_spans(fresh_db, doc) == []


def test_field_from_span_keeps_value_and_evidence_and_bumps_version(fresh_db, doc):
    place = spans.add_span(fresh_db, doc, 8, 12, "Location", "alice")
    event = events.create_event(fresh_db, doc, "alice")
    event = events.set_field_from_span(fresh_db, event["id"], 1, "location", place["id"], "alice")
    assert event["location"] == "Atme" and event["version"] == 2
    assert events.evidence_for(fresh_db, event["id"]) == {"location": [place["id"]]}


def test_stale_version_is_a_conflict_and_writes_nothing(fresh_db, doc):
    event = events.create_event(fresh_db, doc, "alice")
    events.update_event(fresh_db, event["id"], 1, {"notes": "first"}, "alice")
    with pytest.raises(ConflictError) as info:
        events.update_event(fresh_db, event["id"], 1, {"notes": "second"}, "bob")
    assert info.value.current["notes"] == "first"
    assert events.get_event(fresh_db, event["id"])["notes"] == "first"


def test_typed_numbers_are_checked(fresh_db, doc):
    event = events.create_event(fresh_db, doc, "alice")
    with pytest.raises(StoreError, match="whole number"):
        events.update_event(fresh_db, event["id"], 1, {"fatalities_best": "thirteen"}, "alice")
    assert events.update_event(fresh_db, event["id"], 1, {"fatalities_best": " 13 "}, "alice")["fatalities_best"] == 13


def test_missing_for_submission_names_what_blocks(fresh_db, doc):
    event = events.create_event(fresh_db, doc, "alice", location="Atme")
    assert events.missing_for_submission(event) == ["no event type", "no date"]


def test_delete_and_restore_span_brings_back_evidence_and_claim_roles(fresh_db, doc):
    place = spans.add_span(fresh_db, doc, 8, 12, "Location", "alice")
    event = events.create_event(fresh_db, doc, "alice")
    events.set_field_from_span(fresh_db, event["id"], 1, "location", place["id"], "alice")
    content = spans.add_span(fresh_db, doc, 0, 4, "Claim", "alice")
    claim = claims.create_claim(fresh_db, doc, "alice", speaker_span_id=place["id"],
                                content_span_id=content["id"])
    removed = spans.delete_span(fresh_db, place["id"], "alice")
    assert events.evidence_for(fresh_db, event["id"]) == {}
    assert claims.get_claim(fresh_db, claim["id"])["speaker_span_id"] is None
    spans.restore_span(fresh_db, removed, "alice")
    assert events.evidence_for(fresh_db, event["id"]) == {"location": [place["id"]]}
    assert claims.get_claim(fresh_db, claim["id"])["speaker_span_id"] == place["id"]


def test_history_chain_is_intact_after_normal_work(fresh_db, doc):
    spans.add_span(fresh_db, doc, 8, 12, "Location", "alice")
    assert history.verify_chain(fresh_db) == []
    assert fresh_db.execute("SELECT COUNT(*) FROM history").fetchone()[0] >= 3


def test_history_refuses_update_and_delete_through_sql(fresh_db, doc):
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        fresh_db.execute("UPDATE history SET actor = 'mallory'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        fresh_db.execute("DELETE FROM history")


def test_history_chain_detects_an_edit_made_behind_the_triggers(fresh_db, doc):
    spans.add_span(fresh_db, doc, 8, 12, "Location", "alice")
    conn = fresh_db.conn
    conn.execute("DROP TRIGGER history_no_update")
    conn.execute("UPDATE history SET actor = 'mallory' WHERE seq = 2")
    problems = history.verify_chain(fresh_db)
    assert [p.seq for p in problems] == [2]
    assert "changed" in str(problems[0])


def test_history_chain_detects_a_deleted_entry(fresh_db, doc):
    spans.add_span(fresh_db, doc, 8, 12, "Location", "alice")
    fresh_db.conn.execute("DROP TRIGGER history_no_delete")
    fresh_db.conn.execute("DELETE FROM history WHERE seq = 2")
    assert [p.seq for p in history.verify_chain(fresh_db)] == [3, 3]
