"""Tampering behind the app's back (raw SQL, triggers dropped) and what verify says about it."""

import sqlite3

import pytest

from store.records import claims, documents, events, history, people, spans
from store.review import workflow as review
from store.verify import checks as verify
from store.verify import tamper as integrity

TEXT = "Airstrike on Atme kills 13, local sources said on Thursday."


@pytest.fixture
def world(fresh_db, db_path):
    """An approved event with evidence and a claim, a draft, and a raw sqlite3 connection."""
    db = fresh_db
    people.ensure_user(db, "dan")
    people.ensure_user(db, "bob")
    people.grant(db, "alice", "bob", "editor")
    doc = documents.add_document(db, text=TEXT, bytes_sha256=documents.sha256_bytes(TEXT.encode()), encoding="utf-8",
                                 actor="dan", title="Atme").id
    place = spans.add_span(db, doc, 13, 17, "Location", "dan")
    speaker = spans.add_span(db, doc, 28, 41, "Speaker", "dan")
    event = events.create_event(db, doc, "dan", event_type="Explosions/Remote violence",
                                date="2022-02-03", fatalities_best=13)
    event = events.set_field_from_span(db, event["id"], event["version"], "location",
                                       place["id"], "dan")
    words = spans.add_span(db, doc, 0, 12, "Claim", "dan")
    claim = claims.create_claim(db, doc, "dan", event_id=event["id"], speaker_span_id=speaker["id"],
                                topic="casualties", content_span_id=words["id"])
    review.submit(db, event["id"], "dan")
    event = review.approve(db, event["id"], "bob")
    draft = events.create_event(db, doc, "dan", notes="still working")
    raw = sqlite3.connect(str(db_path), isolation_level=None)  # what someone with the shell has
    assert verify_all(db) == []
    yield dict(db=db, raw=raw, doc=doc, place=place, speaker=speaker, event=event, claim=claim,
               draft=draft)
    raw.close()


def verify_all(db):
    """What `eventdesk verify` reports: every check, the importer's and integrity's."""
    return [str(v) for v in verify.verify(db).violations]


def test_editing_an_approved_event_is_detected_and_names_the_field(world):
    world["raw"].execute("UPDATE events SET fatalities_best = 3 WHERE id = ?", [world["event"]["id"]])
    found = verify_all(world["db"])
    eid = world["event"]["id"]
    assert f"replay: event {eid}: fatalities_best is 3, the history says 13" in found
    assert any(p.startswith(f"approved: event {eid}: its approved state changed") for p in found)


def test_forging_the_approved_hash_too_is_still_detected(world):
    from store.review.workflow import compute_approved_hash
    db, eid = world["db"], world["event"]["id"]
    world["raw"].execute("UPDATE events SET actor1 = 'Rebels' WHERE id = ?", [eid])
    forged = compute_approved_hash(db, events.get_event(db, eid))
    world["raw"].execute("UPDATE events SET approved_hash = ? WHERE id = ?", [forged, eid])
    found = integrity.check_replay(db)
    assert any("actor1 is 'Rebels', the history says None" in p for p in found)
    assert any("approved_hash is" in p for p in found)


def test_moving_an_evidence_span_is_detected(world):
    pid = world["place"]["id"]
    world["raw"].execute('UPDATE spans SET start = 12, "end" = 17, quote = \' Atme\' WHERE id = ?', [pid])
    found = verify_all(world["db"])
    assert f"replay: span {pid}: start is 12, the history says 13" in found
    assert f"replay: span {pid}: quote is ' Atme', the history says 'Atme'" in found
    # The span is the approved event's evidence, so its approved hash breaks as well.
    assert any("its approved state changed" in p for p in found)


def test_a_span_quote_that_no_longer_matches_the_text_is_named(world):
    sid = world["speaker"]["id"]
    world["raw"].execute("UPDATE spans SET quote = 'the Pentagon' WHERE id = ?", [sid])
    found = verify_all(world["db"])
    assert f"spans: span {sid} in document {world['doc']}: quote is not the text at 28..41" in found
    assert f"replay: span {sid}: quote is 'the Pentagon', the history says 'local sources'" in found


def test_changing_a_documents_text_is_detected(world):
    world["raw"].execute("UPDATE documents SET text = replace(text, '13', '31') WHERE id = ?",
                         [world["doc"]])
    found = verify_all(world["db"])
    assert f"documents: document {world['doc']}: text does not match its text_sha256" in found


def test_changing_text_and_its_hash_together_is_caught_by_the_import_record(world):
    new = TEXT.replace("13", "31")
    world["raw"].execute("UPDATE documents SET text = ?, text_sha256 = ? WHERE id = ?",
                         [new, documents.sha256_text(new), world["doc"]])
    found = verify_all(world["db"])
    assert any(p.startswith(f"replay: document {world['doc']}: text_sha256 is") for p in found)
    assert any(p.startswith(f"import-history: document {world['doc']}") for p in found)


def test_control_characters_in_tampered_values_are_shown_escaped(world):
    world["raw"].execute("UPDATE documents SET title = ? WHERE id = ?",
                         ["\x1b]52;c;aGk=\x07evil", world["doc"]])
    found = verify_all(world["db"])
    line = next(p for p in found if "title is" in p)
    assert "\x1b" not in line and "\\x1b" in line


def test_editing_a_history_entry_is_detected(world):
    raw = world["raw"]
    raw.execute("DROP TRIGGER history_no_update")
    raw.execute("UPDATE history SET actor = 'mallory' WHERE action = 'approve'")
    found = verify_all(world["db"])
    assert len(found) == 2 and "content was changed (approve event" in found[0]
    assert found[1] == ("triggers: trigger history_no_update on history is missing (dropped behind "
                        "the app's back): the history is no longer append-only")


def test_deleting_a_history_entry_in_the_middle_is_detected(world):
    raw = world["raw"]
    raw.execute("DROP TRIGGER history_no_delete")
    raw.execute("DELETE FROM history WHERE action = 'submit'")
    found = verify_all(world["db"])
    assert any("are missing" in p for p in found)
    assert any("does not follow the entry before it" in p for p in found)


def test_reordering_history_entries_is_detected(world):
    raw = world["raw"]
    raw.execute("DROP TRIGGER history_no_update")
    a, b = [r[0] for r in raw.execute("SELECT seq FROM history ORDER BY seq LIMIT 2 OFFSET 3")]
    raw.execute("UPDATE history SET seq = -1 WHERE seq = ?", [a])
    raw.execute("UPDATE history SET seq = ? WHERE seq = ?", [a, b])
    raw.execute("UPDATE history SET seq = ? WHERE seq = -1", [b])
    found = verify_all(world["db"])
    assert any(f"#{a}:" in p and "does not follow" in p for p in found)


def test_deleting_the_last_history_entries_is_detected(world):
    raw = world["raw"]
    raw.execute("DROP TRIGGER history_no_delete")
    # Hide the draft's creation: the chain itself stays intact.
    raw.execute("DELETE FROM history WHERE seq = (SELECT MAX(seq) FROM history)")
    assert history.verify_chain(world["db"]) == []
    found = verify_all(world["db"])
    assert any("were written and are gone" in p for p in found)
    # Even with sqlite_sequence put back, replay finds a record with no history.
    raw.execute("UPDATE sqlite_sequence SET seq = (SELECT MAX(seq) FROM history) WHERE name = 'history'")
    found = verify_all(world["db"])
    last = world["raw"].execute("SELECT MAX(seq) FROM history").fetchone()[0]
    assert found == [
        f"history-head: the last write recorded head #{last + 1}, the chain ends at #{last} "
        f"(entries #{last + 1}..#{last + 1} were deleted)",
        "triggers: trigger history_no_delete on history is missing (dropped behind the app's back): "
        "the history is no longer append-only",
        f"replay: event {world['draft']['id']}: exists but the history never recorded it "
        "(added behind the app's back)"]


def test_rows_added_deleted_or_relinked_behind_the_app_are_named(world):
    raw, eid = world["raw"], world["event"]["id"]
    raw.execute("DELETE FROM claims WHERE id = ?", [world["claim"]["id"]])
    raw.execute("UPDATE users SET role = 'admin' WHERE login = 'dan'")
    raw.execute("INSERT INTO event_evidence VALUES (?, 'date', ?, 'dan', 'now')",
                [eid, world["speaker"]["id"]])
    found = verify_all(world["db"])
    assert f"replay: claim {world['claim']['id']}: deleted behind the app's back (the history has no deletion)" in found
    assert "replay: user dan: role is 'admin', the history says 'annotator'" in found
    assert (f"replay: event {eid}: evidence {world['speaker']['id']} for date was linked behind the app's back"
            in found)


def test_normal_work_after_deletes_and_restores_stays_clean(world):
    db = world["db"]
    sid = world["speaker"]["id"]
    removed = spans.delete_span(db, sid, "dan")
    assert verify_all(db) == []
    spans.restore_span(db, removed, "dan")
    documents.update_metadata(db, world["doc"], {"outlet": "SANA"}, "alice")
    review.reopen(db, world["event"]["id"], "bob", "recount")
    assert verify_all(db) == []


def test_taking_back_and_restoring_a_draft_stays_clean(world):
    from store.records import events as annotation
    db, draft = world["db"], world["draft"]
    words = spans.add_span(db, world["doc"], 0, 12, "Claim", "dan")
    claim = claims.create_claim(db, world["doc"], "dan", event_id=draft["id"],
                                content_span_id=words["id"])
    removed = annotation.discard_event(db, draft["id"], draft["version"], "dan")
    assert claims.get_claim(db, claim["id"])["event_id"] is None
    assert verify_all(db) == []
    annotation.restore_event(db, removed, "dan")
    assert verify_all(db) == []
