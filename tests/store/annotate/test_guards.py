"""The holes a hostile check found in who may change what, each closed in `Session.apply`."""

from __future__ import annotations

import pytest

from store.annotate import actions as act
from store.annotate.gateway import Session
from store.errors import ConflictError, PermissionDenied, StoreError
from store.records.claims import get_claim
from store.records.documents import get_document
from store.records.events import evidence_for, get_event
from store.records.people import ensure_user, grant
from store.records.spans import get_span, list_spans
from store.verify.checks import verify
from tests.support.workstation import add_text

TEXT = "On Thursday a strike hit Atme, killing 13 people, local sources said.\r\n"


@pytest.fixture
def desk(fresh_db):
    db = fresh_db
    ensure_user(db, "ann")  # annotator
    grant(db, "alice", "bob", "editor")
    grant(db, "alice", "carol", "editor")
    return db, add_text(db, TEXT, title="t")


def _span(s, doc_id, quote, label, event):
    start = TEXT.index(quote)
    return s.perform(act.LabelSpan(doc_id, start, start + len(quote), label,
                                   event["id"], None)).result["span"]


def _coded(db, doc_id):
    """ann codes an event (type, date, location, trigger) in her session."""
    ann = Session(db, "ann")
    event = ann.perform(act.CreateEvent(doc_id)).result["event"]
    ann.perform(act.UpdateEvent(doc_id, event["id"], {"event_type": "Explosions/Remote violence"}))
    _span(ann, doc_id, "Thursday", "Date", event)
    _span(ann, doc_id, "Atme", "Location", event)
    return ann, event["id"]


def _approved(db, ann, event_id, doc_id):
    ann.perform(act.Submit(doc_id, event_id))
    return Session(db, "bob").perform(act.Review(doc_id, event_id, "approve")).result["event"]


def _violations(db):
    return [str(v) for v in verify(db).violations]


def test_annotators_undo_after_approval_is_refused_and_nothing_moves(desk):
    db, doc_id = desk
    ann, event_id = _coded(db, doc_id)
    trigger = _span(ann, doc_id, "strike", "Trigger", get_event(db, event_id))
    ann.perform(act.RemoveSpan(doc_id, trigger["id"]))  # x on the trigger
    approved = _approved(db, ann, event_id, doc_id)
    before = evidence_for(db, event_id)
    with pytest.raises(StoreError, match="approved and read-only"):
        ann.undo()  # would put the removed evidence back into the approved event
    assert evidence_for(db, event_id) == before
    assert get_event(db, event_id)["version"] == approved["version"]
    assert all(s["id"] != trigger["id"] for s in list_spans(db, doc_id))


def _orphan(db, span_id):
    db.execute("UPDATE spans SET anchor = 'orphaned', start = NULL, \"end\" = NULL "
               "WHERE id = ?", [span_id])


def test_placing_an_orphan_needs_an_account_and_an_editable_event(desk):
    db, doc_id = desk
    ann, event_id = _coded(db, doc_id)
    location = evidence_for(db, event_id)["location"][0]
    _approved(db, ann, event_id, doc_id)
    _orphan(db, location)
    start = TEXT.index("Atme")
    with pytest.raises(PermissionDenied, match="no account"):
        Session(db, "mallory").apply(act.PlaceOrphan(doc_id, location, start, start + 4))
    with pytest.raises(StoreError, match="approved"):
        Session(db, "carol").apply(act.PlaceOrphan(doc_id, location, start, start + 4))
    assert get_span(db, location)["anchor"] == "orphaned"


def test_an_editor_who_moves_submitted_evidence_cannot_then_approve_it(desk):
    db, doc_id = desk
    ann, event_id = _coded(db, doc_id)
    location = evidence_for(db, event_id)["location"][0]
    ann.perform(act.Submit(doc_id, event_id))
    _orphan(db, location)
    seen = get_event(db, event_id)["version"]
    bob = Session(db, "bob")
    start = TEXT.index("hit")
    bob.apply(act.PlaceOrphan(doc_id, location, start, start + 3))
    assert get_event(db, event_id)["version"] == seen + 1  # the evidence moved: a new version
    with pytest.raises(PermissionDenied, match="changed this event after it was submitted"):
        bob.apply(act.Review(doc_id, event_id, "approve"))
    # Another editor who saw the old version is stopped too: the evidence moved since.
    with pytest.raises(ConflictError):
        Session(db, "carol").apply(act.Review(doc_id, event_id, "approve", version=seen))


def test_approve_at_a_version_is_refused_when_the_evidence_changed_since(desk):
    db, doc_id = desk
    ann, event_id = _coded(db, doc_id)
    ann.perform(act.Submit(doc_id, event_id))
    seen = get_event(db, event_id)["version"]
    date_span = evidence_for(db, event_id)["date"][0]
    Session(db, "carol").apply(act.RemoveSpan(doc_id, date_span))  # only the evidence
    with pytest.raises(ConflictError):
        Session(db, "bob").apply(act.Review(doc_id, event_id, "approve", version=seen))
    assert get_event(db, event_id)["status"] == "submitted"


def test_x_on_a_claims_speaker_of_an_approved_event_is_refused(desk):
    db, doc_id = desk
    ann, event_id = _coded(db, doc_id)
    start = TEXT.index("killing")
    claim = ann.perform(act.CreateClaim(doc_id, start, start + 16, event_id)).result["claim"]
    speaker_start = TEXT.index("local sources")
    speaker = ann.perform(act.SetSpeaker(doc_id, claim["id"], speaker_start,
                                         speaker_start + 13)).result["span"]
    _approved(db, ann, event_id, doc_id)
    for who in ("ann", "carol", "alice"):
        with pytest.raises(StoreError, match="approved"):
            Session(db, who).apply(act.RemoveSpan(doc_id, speaker["id"]))
        with pytest.raises(StoreError, match="approved"):
            Session(db, who).apply(act.RemoveSpan(doc_id, claim["content_span_id"]))
    assert get_claim(db, claim["id"])["speaker_span_id"] == speaker["id"]
    assert _violations(db) == []


def test_a_claims_span_removed_gives_the_claim_and_its_event_new_versions(desk):
    db, doc_id = desk
    ann, event_id = _coded(db, doc_id)
    start = TEXT.index("killing")
    claim = ann.perform(act.CreateClaim(doc_id, start, start + 16, event_id)).result["claim"]
    speaker_start = TEXT.index("local sources")
    speaker = ann.perform(act.SetSpeaker(doc_id, claim["id"], speaker_start,
                                         speaker_start + 13)).result["span"]
    claim_v, event_v = get_claim(db, claim["id"])["version"], get_event(db, event_id)["version"]
    ann.perform(act.RemoveSpan(doc_id, speaker["id"]))
    assert get_claim(db, claim["id"])["version"] == claim_v + 1
    assert get_event(db, event_id)["version"] == event_v + 1
    assert _violations(db) == []


def test_discard_and_restore_of_someone_elses_event_are_refused(desk):
    db, doc_id = desk
    ann, event_id = _coded(db, doc_id)
    ensure_user(db, "dan")
    with pytest.raises(StoreError, match="started by ann"):
        Session(db, "dan").apply(act.DiscardEvent(doc_id, event_id))
    removed = ann.apply(act.DiscardEvent(doc_id, event_id)).result["removed"]
    with pytest.raises(StoreError, match="started by ann"):
        Session(db, "dan").apply(act.RestoreEvent(doc_id, removed))
    with pytest.raises(PermissionDenied, match="no account"):
        Session(db, "mallory").apply(act.RestoreEvent(doc_id, removed))


def test_restoring_a_claim_into_an_approved_event_is_refused(desk):
    db, doc_id = desk
    ann, event_id = _coded(db, doc_id)
    start = TEXT.index("killing")
    claim = ann.perform(act.CreateClaim(doc_id, start, start + 16, event_id)).result["claim"]
    removed = ann.apply(act.DiscardClaim(doc_id, claim["id"])).result["removed"]
    _approved(db, ann, event_id, doc_id)
    with pytest.raises(StoreError, match="approved"):
        ann.apply(act.RestoreClaim(doc_id, removed))


def test_document_metadata_needs_an_account_and_an_editor_once_events_are_approved(desk):
    db, doc_id = desk
    with pytest.raises(PermissionDenied, match="no account"):
        Session(db, "mallory").apply(act.SetDocumentMetadata(doc_id, {"title": "x"}))
    ann, event_id = _coded(db, doc_id)
    ann.apply(act.SetDocumentMetadata(doc_id, {"title": "draft title"}))
    _approved(db, ann, event_id, doc_id)
    with pytest.raises(PermissionDenied, match="editor"):
        ann.apply(act.SetDocumentMetadata(doc_id, {"title": "=cmd"}))
    assert get_document(db, doc_id)["title"] == "draft title"
    Session(db, "carol").apply(act.SetDocumentMetadata(doc_id, {"title": "fixed"}))
    assert get_document(db, doc_id)["title"] == "fixed"


def test_putting_a_placed_orphan_back_is_refused_without_an_account_or_once_approved(desk):
    # orphan_again (the undo of placing an orphan) had no role or status check of its own.
    db, doc_id = desk
    ann, event_id = _coded(db, doc_id)
    location = evidence_for(db, event_id)["location"][0]
    _orphan(db, location)
    orphaned = get_span(db, location)
    start = TEXT.index("Atme")
    undo = ann.apply(act.PlaceOrphan(doc_id, location, start, start + 4)).inverse
    assert isinstance(undo, act.UnplaceOrphan)
    with pytest.raises(PermissionDenied, match="no account"):
        Session(db, "mallory").apply(undo)
    _approved(db, ann, event_id, doc_id)
    with pytest.raises(StoreError, match="approved and read-only"):
        ann.apply(undo)
    # Built by hand, without the field versions an undo carries: still refused.
    with pytest.raises(StoreError, match="approved and read-only"):
        Session(db, "carol").apply(act.UnplaceOrphan(doc_id, location, orphaned))
    placed = get_span(db, location)
    assert placed["anchor"] != "orphaned" and placed["start"] == start
    assert orphaned["anchor"] == "orphaned"
