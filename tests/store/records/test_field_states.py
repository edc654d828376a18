"""Every value shows its evidence or says it has none: backed, typed or stale."""

from __future__ import annotations

from store.annotate import actions as act
from store.annotate.gateway import Session
from store.formats.native_json import events as exported_events
from store.records import events, stale
from store.records.field_states import field_states
from store.review.queue import event_detail
from store.verify.checks import verify
from tests.support.workstation import add_text

TEXT = "ISIS in Raqqa claimed the attack on Thursday."


def _coded(db):
    doc = add_text(db, TEXT, title="t")
    s = Session(db, "alice")
    event = s.perform(act.CreateEvent(doc)).result["event"]
    start = TEXT.index("ISIS in")
    span = s.perform(act.LabelSpan(doc, start, start + len("ISIS in"), "Target", event["id"], None))
    s.perform(act.UpdateEvent(doc, event["id"], {"country": "Syria"}))
    return doc, s, event, span.result["span"]


def test_a_field_is_backed_by_its_span_and_a_typed_one_says_it_has_no_evidence(fresh_db):
    doc, _, event, _ = _coded(fresh_db)
    states = field_states(fresh_db, events.get_event(fresh_db, event["id"]))
    # The target's kind is grounded from its words ("ISIS": a rebel group), not typed.
    assert states == {"actor2": "backed", "actor2_kind": "grounded", "country": "typed"}
    detail = event_detail(fresh_db, event["id"], "alice")
    assert detail["unbacked"] == {"typed": ["country"], "stale": []}


def test_x_on_the_span_keeps_the_value_but_marks_it_and_undo_takes_the_mark_off(fresh_db):
    doc, s, event, span = _coded(fresh_db)
    s.perform(act.RemoveSpan(doc, span["id"]))
    after = events.get_event(fresh_db, event["id"])
    assert after["actor2"] == "ISIS in"  # the value may still be right: kept
    assert "was removed" in stale.for_event(fresh_db, event["id"])["actor2"]["reason"]
    assert field_states(fresh_db, after)["actor2"] == "stale"
    (exported,) = [e for e in exported_events(fresh_db) if e["id"] == event["id"]]
    assert exported["field_states"]["actor2"] == "stale" and "actor2" in exported["stale"]
    assert event_detail(fresh_db, event["id"], "alice")["unbacked"]["stale"] == ["actor2"]
    s.undo()
    assert field_states(fresh_db, events.get_event(fresh_db, event["id"]))["actor2"] == "backed"
    assert stale.for_event(fresh_db, event["id"]) == {}
    assert verify(fresh_db).violations == []


def test_undoing_the_label_itself_puts_the_old_value_back_and_marks_nothing(fresh_db):
    doc, s, event, span = _coded(fresh_db)
    s.undo()  # the country
    s.undo()  # the label: actor2 goes back to empty
    assert events.get_event(fresh_db, event["id"])["actor2"] is None
    assert stale.for_event(fresh_db, event["id"]) == {}


def test_a_value_grounded_from_a_span_says_so(fresh_db):
    from store.records.documents import add_document, sha256_text

    text = "Raid on Wednesday night in the town."
    doc = add_document(fresh_db, text=text, bytes_sha256=sha256_text(text), encoding="utf-8",
                       actor="alice", title="t", published="2022-02-03").id
    s = Session(fresh_db, "alice")
    event = s.perform(act.CreateEvent(doc)).result["event"]
    start = text.index("Wednesday night")
    s.perform(act.LabelSpan(doc, start, start + len("Wednesday night"), "Date", event["id"], None))
    states = field_states(fresh_db, events.get_event(fresh_db, event["id"]))
    assert states["date"] == "backed" and states["date_start"] == "grounded"
