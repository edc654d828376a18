"""A revised article keeps who coded what, its metadata, and says which values lost their evidence."""

from __future__ import annotations

import json

from store.annotate import actions as act
from store.annotate.gateway import Session
from store.formats.native_json import events as exported_events
from store.records import claims, events, people, spans, stale
from store.records.documents import add_document, get_document, sha256_text
from store.records.history import verify_chain
from store.revisions.revise import orphaned_spans, revise_document
from store.verify.checks import verify

OLD = ("Raid in Atme kills 13\n"
       "At least 13 people were killed in Atme on Wednesday night, local sources said.\n")
NEW = ("Raid in Atmeh kills 13\n"
       "At least 13 people were killed overnight, local sources said.\n")


def _coded_by_bob(db):
    """bob (an annotator, not the importer) codes the old version through the gateway."""
    people.ensure_user(db, "bob")
    old = add_document(db, text=OLD, bytes_sha256=sha256_text(OLD), encoding="utf-8", actor="alice",
                       title="Raid in Atme", outlet="Local Wire", published="2022-02-03").id
    s = Session(db, "bob")
    event = s.perform(act.CreateEvent(old)).result["event"]
    for quote, label, n in (("Atme", "Location", 1), ("Wednesday night", "Date", 0)):
        start = -1
        for _ in range(n + 1):
            start = OLD.index(quote, start + 1)
        s.perform(act.LabelSpan(old, start, start + len(quote), label, event["id"], None))
    start = OLD.index("local sources")
    claim = s.perform(act.CreateClaim(old, start, start + len("local sources said"), event["id"]))
    return old, event, claim.result["claim"]


def _revise(db, old):
    new = add_document(db, text=NEW, bytes_sha256=sha256_text(NEW), encoding="utf-8",
                       actor="root").id
    report = revise_document(db, old, new, "root")
    return new, report


def test_copies_keep_their_coder_and_the_history_names_the_importer(fresh_db):
    old, event, claim = _coded_by_bob(fresh_db)
    new, _ = _revise(fresh_db, old)
    (copy,) = events.list_events(fresh_db, new)
    assert copy["created_by"] == "bob" and copy["status"] == "draft"
    (claim_copy,) = claims.list_claims(fresh_db, document_id=new)
    assert claim_copy["created_by"] == "bob"
    assert {s["author"] for s in spans.list_spans(fresh_db, new)} == {"bob"}
    revise_entry = fresh_db.execute(
        "SELECT actor FROM history WHERE entity = 'event' AND action = 'revise' AND entity_id = ?",
        [copy["id"]]).fetchone()
    assert revise_entry == ("root",)
    assert verify(fresh_db).violations == []
    assert verify_chain(fresh_db) == []


def test_the_new_version_inherits_outlet_date_and_title(fresh_db):
    old, _, _ = _coded_by_bob(fresh_db)
    new, _ = _revise(fresh_db, old)
    doc = get_document(fresh_db, new)
    assert (doc["outlet"], doc["published"], doc["title"]) == ("Local Wire", "2022-02-03", "Raid in Atme")


def test_fields_whose_evidence_was_lost_or_moved_are_stale_and_say_so(fresh_db):
    old, _, _ = _coded_by_bob(fresh_db)
    new, report = _revise(fresh_db, old)
    (copy,) = events.list_events(fresh_db, new)
    marks = stale.for_event(fresh_db, copy["id"])
    assert set(marks) == {"date", "location"}  # both sentences' words are gone
    assert "lost" in marks["date"]["reason"] and "Wednesday night" in marks["date"]["reason"]
    assert report.stale == 2 and "2 fields marked stale" in report.line()
    (exported,) = [e for e in exported_events(fresh_db) if e["id"] == copy["id"]]
    assert set(exported["stale"]) == {"date", "location"}
    json.dumps(exported)


def test_the_orphans_list_names_author_and_field(fresh_db):
    old, _, _ = _coded_by_bob(fresh_db)
    new, _ = _revise(fresh_db, old)
    listed = {(o["quote"], o["author"], tuple(o["fields"])) for o in orphaned_spans(fresh_db, new)}
    assert listed == {("Wednesday night", "bob", ("date",)), ("Atme", "bob", ("location",))}


def test_placing_an_orphan_takes_the_value_from_the_new_words_and_undo_puts_it_back(fresh_db):
    old, _, _ = _coded_by_bob(fresh_db)
    new, _ = _revise(fresh_db, old)
    (copy,) = events.list_events(fresh_db, new)
    (orphan,) = [o for o in orphaned_spans(fresh_db, new) if o["label"] == "Date"]
    s = Session(fresh_db, "bob")
    start = NEW.index("overnight")
    s.perform(act.PlaceOrphan(new, orphan["id"], start, start + len("overnight")))
    assert events.get_event(fresh_db, copy["id"])["date"] == "overnight"
    assert "date" not in stale.for_event(fresh_db, copy["id"])
    assert "location" in stale.for_event(fresh_db, copy["id"])  # not looked at yet
    s.undo()
    assert events.get_event(fresh_db, copy["id"])["date"] == "Wednesday night"
    assert "date" in stale.for_event(fresh_db, copy["id"])
    assert all(o["start"] is None for o in orphaned_spans(fresh_db, new))
    assert verify_chain(fresh_db) == []
    assert verify(fresh_db).violations == []


def test_changing_a_stale_value_takes_the_mark_off_and_undo_puts_it_back(fresh_db):
    old, _, _ = _coded_by_bob(fresh_db)
    new, _ = _revise(fresh_db, old)
    (copy,) = events.list_events(fresh_db, new)
    s = Session(fresh_db, "bob")
    s.perform(act.UpdateEvent(new, copy["id"], {"location": "Atmeh"}, copy["version"]))
    assert set(stale.for_event(fresh_db, copy["id"])) == {"date"}
    s.undo()
    assert set(stale.for_event(fresh_db, copy["id"])) == {"date", "location"}
    assert events.get_event(fresh_db, copy["id"])["location"] == "Atme"
