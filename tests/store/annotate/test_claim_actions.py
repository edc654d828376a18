"""A claim's speaker changed and its cue set from selected words, undone and redone."""

from __future__ import annotations

import pytest

from store.annotate import actions as act
from store.annotate.claim_actions import SetClaimSpan
from store.annotate.gateway import Session
from store.errors import ConflictError, StoreError
from store.records.claims import get_claim
from store.records.history import verify_chain
from store.records.people import ensure_user
from store.records.spans import list_spans
from tests.support.workstation import add_text

TEXT = "On Thursday a strike hit Atme, killing 13 people, local sources said, and a monitor added.\n"


@pytest.fixture
def claim(fresh_db):
    db = fresh_db
    doc_id = add_text(db, TEXT, title="t")
    s = Session(db, "alice")
    start = TEXT.index("killing 13 people")
    made = s.perform(act.CreateClaim(doc_id, start, start + len("killing 13 people"))).result["claim"]
    return db, doc_id, s, made


def words(db, claim_id, role):
    span_id = get_claim(db, claim_id)[role]
    spans = {s["id"]: s for s in list_spans(db, get_claim(db, claim_id)["document_id"])}
    return spans[span_id]["quote"] if span_id else None


def at(quote):
    start = TEXT.index(quote)
    return start, start + len(quote)


def labels(db, doc_id):
    return sorted((s["label"], s["quote"]) for s in list_spans(db, doc_id))


def test_the_speaker_is_changed_the_old_words_go_and_undo_redo_walk_it_back(claim):
    db, doc_id, s, made = claim
    s.perform(SetClaimSpan(doc_id, made["id"], "speaker_span_id", *at("local sources"), 1))
    assert words(db, made["id"], "speaker_span_id") == "local sources"
    version = get_claim(db, made["id"])["version"]
    s.perform(SetClaimSpan(doc_id, made["id"], "speaker_span_id", *at("a monitor"), version))
    assert words(db, made["id"], "speaker_span_id") == "a monitor"
    # The replaced speaker's words are not left behind as a stray Speaker span.
    assert labels(db, doc_id) == [("Claim", "killing 13 people"), ("Speaker", "a monitor")]
    s.undo()
    assert words(db, made["id"], "speaker_span_id") == "local sources"
    assert labels(db, doc_id) == [("Claim", "killing 13 people"), ("Speaker", "local sources")]
    s.redo()
    assert words(db, made["id"], "speaker_span_id") == "a monitor"
    assert labels(db, doc_id) == [("Claim", "killing 13 people"), ("Speaker", "a monitor")]
    s.undo()
    s.undo()
    assert get_claim(db, made["id"])["speaker_span_id"] is None
    assert labels(db, doc_id) == [("Claim", "killing 13 people")]
    assert verify_chain(db) == []


def test_the_cue_is_set_and_changed_like_the_speaker(claim):
    db, doc_id, s, made = claim
    s.perform(SetClaimSpan(doc_id, made["id"], "cue_span_id", *at("said"), 1))
    assert words(db, made["id"], "cue_span_id") == "said"
    version = get_claim(db, made["id"])["version"]
    s.perform(SetClaimSpan(doc_id, made["id"], "cue_span_id", *at("added"), version))
    assert words(db, made["id"], "cue_span_id") == "added"
    assert ("Cue", "said") not in labels(db, doc_id)
    s.undo()
    assert words(db, made["id"], "cue_span_id") == "said"


def test_a_stale_version_is_a_conflict_and_writes_nothing(claim):
    db, doc_id, s, made = claim
    ensure_user(db, "bob")
    Session(db, "bob").apply(act.UpdateClaim(doc_id, made["id"], {"topic": "casualties"}, 1))
    with pytest.raises(ConflictError):
        s.perform(SetClaimSpan(doc_id, made["id"], "speaker_span_id", *at("local sources"), 1))
    assert get_claim(db, made["id"])["speaker_span_id"] is None
    assert labels(db, doc_id) == [("Claim", "killing 13 people")]


def test_only_speaker_and_cue_are_roles_set_from_words(claim):
    db, doc_id, s, made = claim
    with pytest.raises(StoreError, match="speaker or cue"):
        s.perform(SetClaimSpan(doc_id, made["id"], "content_span_id", *at("Atme"), 1))
    assert labels(db, doc_id) == [("Claim", "killing 13 people")]


def test_a_claim_sent_while_its_event_was_still_being_created_joins_that_event(fresh_db):
    # A fast `e … 9`: the screen has no event id yet and sends the placeholder; the claim,
    # which has no version of its own, must land on the event made just before it.
    db = fresh_db
    doc_id = add_text(db, TEXT, title="t")
    s = Session(db, "alice")
    event = s.perform(act.CreateEvent(doc_id)).result["event"]
    start, end = at("killing 13 people")
    made = s.perform(act.CreateClaim(doc_id, start, end, act.NEW_EVENT)).result["claim"]
    assert get_claim(db, made["id"])["event_id"] == event["id"]
