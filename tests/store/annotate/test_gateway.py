"""Annotation actions and their inverses, headless: what undo/redo in the workstation rests on."""

from __future__ import annotations

import pytest

from store.annotate import actions as act
from store.annotate.gateway import Session, VersionLineage
from store.errors import ConflictError, StoreError
from store.records.claims import get_claim
from store.records.events import evidence_for, get_event, list_events, update_event
from store.records.history import verify_chain
from store.records.people import ensure_user
from store.records.spans import list_spans
from tests.support.workstation import add_text

TEXT = "On Thursday a strike hit Atme, killing 13 people, local sources said.\r\n"


@pytest.fixture
def doc(fresh_db):
    return fresh_db, add_text(fresh_db, TEXT, title="t")


def label(session, doc_id, quote, name, event=None):
    start = TEXT.index(quote)
    ref = {"event_id": event["id"], "version": event["version"]} if event else {}
    return session.perform(act.LabelSpan(doc_id, start, start + len(quote), name, **ref))


def test_label_fills_field_and_undo_redo_round_trip(doc):
    db, doc_id = doc
    s = Session(db, "alice")
    event = s.perform(act.CreateEvent(document_id=doc_id)).result["event"]
    applied = label(s, doc_id, "Atme", "Location", event)
    span = applied.result["span"]
    assert applied.state["events"][0]["location"] == "Atme"
    assert evidence_for(db, event["id"]) == {"location": [span["id"]]}

    s.undo()
    assert list_spans(db, doc_id) == [] and get_event(db, event["id"])["location"] is None
    assert evidence_for(db, event["id"]) == {}
    s.redo()
    assert [x["id"] for x in list_spans(db, doc_id)] == [span["id"]]
    assert get_event(db, event["id"])["location"] == "Atme"
    assert evidence_for(db, event["id"]) == {"location": [span["id"]]}
    s.undo(), s.undo()
    assert list_events(db, doc_id) == [] and list_spans(db, doc_id) == []
    s.redo(), s.redo()
    assert get_event(db, event["id"])["location"] == "Atme"
    assert verify_chain(db) == []


def test_quick_edits_from_one_screen_state_chain_without_false_conflicts(doc):
    db, doc_id = doc
    s = Session(db, "alice")
    event = s.perform(act.CreateEvent(document_id=doc_id)).result["event"]
    # Three actions queued before the screen saw any result: all carry version 1.
    label(s, doc_id, "Atme", "Location", event)
    label(s, doc_id, "Thursday", "Date", event)
    s.perform(act.UpdateEvent(document_id=doc_id, event_id=event["id"], version=event["version"], changes={"fatalities_best": "13"}))
    stored = get_event(db, event["id"])
    assert (stored["location"], stored["date"], stored["fatalities_best"], stored["version"]) == (
        "Atme", "Thursday", 13, 4)


def test_someone_elses_change_is_a_conflict_and_nothing_is_written(doc):
    db, doc_id = doc
    s = Session(db, "alice")
    event = s.perform(act.CreateEvent(document_id=doc_id)).result["event"]
    ensure_user(db, "bob")  # every writer needs an account (store.records.people.require)
    update_event(db, event["id"], 1, {"location": "Sarmada"}, "bob")
    with pytest.raises(ConflictError) as caught:
        label(s, doc_id, "Atme", "Location", event)
    assert caught.value.current["location"] == "Sarmada"
    assert list_spans(db, doc_id) == []  # the span went back with the failed field
    # Overwriting explicitly, on the version the person was shown:
    again = label(s, doc_id, "Atme", "Location", dict(event, version=caught.value.current["version"]))
    assert again.result["event"]["location"] == "Atme"


def test_claim_speaker_edits_and_their_undo(doc):
    db, doc_id = doc
    s = Session(db, "alice")
    start = TEXT.index("killing 13 people")
    claim = s.perform(act.CreateClaim(document_id=doc_id, start=start, end=start + len("killing 13 people"))).result["claim"]
    sp = TEXT.index("local sources")
    s.perform(act.SetSpeaker(document_id=doc_id, claim_id=claim["id"], version=1, start=sp, end=sp + len("local sources")))
    s.perform(act.UpdateClaim(document_id=doc_id, claim_id=claim["id"], version=1, changes={"topic": "casualties"}))
    got = get_claim(db, claim["id"])
    assert got["topic"] == "casualties" and got["speaker_span_id"]
    s.undo()
    assert get_claim(db, claim["id"])["topic"] is None
    s.undo()
    assert get_claim(db, claim["id"])["speaker_span_id"] is None
    s.undo()
    with pytest.raises(StoreError):
        get_claim(db, claim["id"])
    assert list_spans(db, doc_id) == []
    s.redo()
    assert get_claim(db, claim["id"])["content_span_id"]
    with pytest.raises(StoreError, match="nothing to undo"):
        Session(db, "alice").undo()


def test_lineage_only_follows_own_versions():
    lineage = VersionLineage()
    assert lineage.resolve("e", 1) == 1
    lineage.advance("e", 1, 2)
    lineage.advance("e", 2, 3)
    assert lineage.resolve("e", 1) == 3 and lineage.resolve("e", 2) == 3
    assert lineage.resolve("e", 7) == 7  # a version shown from someone else's write


def test_a_span_that_changes_the_value_replaces_its_proof_and_undo_puts_it_back(doc):
    db, doc_id = doc
    s = Session(db, "alice")
    event = s.perform(act.CreateEvent(document_id=doc_id)).result["event"]
    first = label(s, doc_id, "Atme", "Location", event).result["span"]
    second = label(s, doc_id, "Thursday", "Location", event).result["span"]
    assert get_event(db, event["id"])["location"] == "Thursday"
    assert evidence_for(db, event["id"]) == {"location": [second["id"]]}
    s.undo()
    assert get_event(db, event["id"])["location"] == "Atme"
    assert evidence_for(db, event["id"]) == {"location": [first["id"]]}
    s.redo()
    assert get_event(db, event["id"])["location"] == "Thursday"
    assert evidence_for(db, event["id"]) == {"location": [second["id"]]}


def test_a_second_mention_of_the_same_value_is_a_second_proof(fresh_db):
    text = "Atme was hit. Later, Atme again."
    doc_id = add_text(fresh_db, text, title="t")
    s = Session(fresh_db, "alice")
    event = s.perform(act.CreateEvent(document_id=doc_id)).result["event"]
    ids = []
    for start in (0, text.rindex("Atme")):
        ids.append(s.perform(act.LabelSpan(document_id=doc_id, start=start, end=start + 4, label="Location", event_id=event["id"], version=event["version"])).result["span"]["id"])
    assert evidence_for(fresh_db, event["id"]) == {"location": ids}


def test_removing_a_claims_content_removes_the_claim_and_undo_brings_both_back(doc):
    from store.records.claims import list_claims
    from store.verify.checks import verify

    db, doc_id = doc
    s = Session(db, "alice")
    start = TEXT.index("killing 13 people")
    claim = s.perform(act.CreateClaim(doc_id, start, start + len("killing 13 people"))).result["claim"]
    s.perform(act.RemoveSpan(doc_id, claim["content_span_id"]))
    assert list_claims(db, document_id=doc_id) == []  # no empty claim left behind
    assert verify(db).violations == []
    s.undo()
    (back,) = list_claims(db, document_id=doc_id)
    assert back["id"] == claim["id"] and back["content_span_id"] == claim["content_span_id"]
    assert verify(db).violations == []


def test_an_empty_claim_cannot_be_made_and_verify_names_one_made_behind_the_apps_back(doc):
    from store.records.claims import create_claim, update_claim
    from store.verify.checks import verify

    db, doc_id = doc
    with pytest.raises(StoreError, match="needs the words"):
        create_claim(db, doc_id, "alice")
    s = Session(db, "alice")
    claim = s.perform(act.CreateClaim(doc_id, 0, 4)).result["claim"]
    with pytest.raises(StoreError, match="cannot lose its words"):
        update_claim(db, claim["id"], claim["version"], {"content_span_id": None}, "alice")
    with pytest.raises(StoreError, match="claim's content"):
        from store.records.spans import delete_span
        delete_span(db, claim["content_span_id"], "alice")
    db.execute("UPDATE claims SET content_span_id = NULL WHERE id = ?", [claim["id"]])
    assert any(claim["id"] in v.message for v in verify(db).violations)
