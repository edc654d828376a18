"""Model tests of roles, the review status machine and four eyes (no app)."""

import datetime as dt

import pytest

from store.errors import ConflictError, PermissionDenied, StoreError
from store.records import documents, events, history, people, spans
from store.review import queue
from store.review import workflow as review

TEXT = "Airstrike on Atme kills 13, local sources said on Thursday."


@pytest.fixture
def db(fresh_db):
    """alice is admin (first user); bob and carol are editors; dan is an annotator."""
    for login in ("bob", "carol", "dan"):
        people.ensure_user(fresh_db, login)
    people.grant(fresh_db, "alice", "bob", "editor")
    people.grant(fresh_db, "alice", "carol", "editor")
    return fresh_db


@pytest.fixture
def doc(db):
    return documents.add_document(db, text=TEXT, bytes_sha256="00", encoding="utf-8",
                                  actor="alice", title="Atme").id


def ready_event(db, doc, actor="dan"):
    """A complete event coded by `actor`, with the location proven by a span."""
    place = spans.add_span(db, doc, 13, 17, "Location", actor)
    event = events.create_event(db, doc, actor, event_type="Explosions/Remote violence",
                                date="2022-02-03")
    return events.set_field_from_span(db, event["id"], event["version"], "location",
                                      place["id"], actor)


# --- roles ---------------------------------------------------------------------------


def test_grant_and_revoke_change_roles_and_are_recorded(db):
    assert people.get_role(db, "bob") == "editor"
    people.revoke(db, "alice", "bob", "editor")
    assert people.get_role(db, "bob") == "annotator"
    actions = [e["action"] for e in history.entries_for(db, "user", "bob")]
    assert actions == ["create", "grant", "revoke"]


def test_only_admins_manage_users(db):
    with pytest.raises(PermissionDenied, match="bob is an editor; granting roles needs the admin role"):
        people.grant(db, "bob", "dan", "editor")
    with pytest.raises(PermissionDenied):
        people.revoke(db, "dan", "bob", "editor")
    assert people.get_role(db, "dan") == "annotator"


def test_the_last_admin_cannot_be_revoked_but_one_of_two_can(db):
    with pytest.raises(PermissionDenied, match="last admin"):
        people.revoke(db, "alice", "alice", "admin")
    people.grant(db, "alice", "carol", "admin")
    people.revoke(db, "carol", "alice", "admin")
    assert people.get_role(db, "alice") == "editor"


def test_grant_creates_an_unknown_account_and_refuses_bad_roles(db):
    people.grant(db, "alice", "erin", "editor")
    assert people.get_role(db, "erin") == "editor"
    with pytest.raises(StoreError, match="unknown role"):
        people.grant(db, "alice", "erin", "boss")
    with pytest.raises(StoreError, match="revoke"):
        people.grant(db, "alice", "bob", "annotator")
    with pytest.raises(StoreError, match="no lower role"):
        people.revoke(db, "alice", "dan", "annotator")


@pytest.mark.parametrize("login", ["", " ", "[@click=app.quit]", "bob\x1b[2J", "-rf", "a b"])
def test_grant_refuses_what_cannot_be_an_os_login(db, login):
    before = people.list_users(db)
    with pytest.raises(StoreError, match="is not a login name"):
        people.grant(db, "alice", login, "editor")
    assert people.list_users(db) == before


def test_unknown_accounts_cannot_code(db, doc):
    with pytest.raises(PermissionDenied, match="mallory has no account"):
        events.create_event(db, doc, "mallory")


# --- status machine ------------------------------------------------------------------


def test_submit_is_blocked_while_fields_are_missing(db, doc):
    event = events.create_event(db, doc, "dan", location="Atme")
    with pytest.raises(StoreError, match="cannot submit: no event type, no date"):
        review.submit(db, event["id"], "dan")
    assert events.get_event(db, event["id"])["status"] == "draft"


def test_full_cycle_records_who_when_why_and_bumps_versions(db, doc):
    event = ready_event(db, doc)
    v = event["version"]
    event = review.submit(db, event["id"], "dan", expected_version=v)
    assert (event["status"], event["version"]) == ("submitted", v + 1)
    event = review.return_for_revision(db, event["id"], "bob", "the date is the report's, not the strike's")
    assert event["status"] == "needs_revision"
    comment = queue.review_comment(db, event["id"])
    assert comment["reason"] == "the date is the report's, not the strike's"
    assert comment["actor"] == "bob"
    assert queue.open_comments(db, login="dan") == {event["id"]: comment}
    event = events.update_event(db, event["id"], event["version"], {"date": "2022-02-02"}, "dan")
    event = review.submit(db, event["id"], "dan")
    assert queue.review_comment(db, event["id"]) is None
    event = review.approve(db, event["id"], "bob")
    assert event["status"] == "approved" and event["approved_hash"]
    steps = [(r["action"], r["from_status"], r["to_status"], r["actor"])
             for r in queue.reviews_for(db, event["id"])]
    assert steps == [
        ("submit", "draft", "submitted", "dan"),
        ("return", "submitted", "needs_revision", "bob"),
        ("submit", "needs_revision", "submitted", "dan"),
        ("approve", "submitted", "approved", "bob"),
    ]
    actions = [e["action"] for e in history.entries_for(db, "event", event["id"])]
    assert actions[-1] == "approve" and actions.count("submit") == 2
    assert history.verify_chain(db) == []


def test_reject_and_return_need_words(db, doc):
    event = review.submit(db, ready_event(db, doc)["id"], "dan")
    with pytest.raises(StoreError, match="give a reason"):
        review.reject(db, event["id"], "bob", "  ")
    with pytest.raises(StoreError, match="give a comment"):
        review.return_for_revision(db, event["id"], "bob", "")
    event = review.reject(db, event["id"], "bob", "duplicate of the Reuters event")
    assert event["status"] == "rejected"
    with pytest.raises(StoreError, match="rejected and is read-only"):
        events.update_event(db, event["id"], event["version"], {"notes": "x"}, "dan")


def test_approved_is_read_only_until_an_editor_reopens_with_a_reason(db, doc):
    event = review.approve(db, review.submit(db, ready_event(db, doc)["id"], "dan")["id"], "bob")
    with pytest.raises(StoreError, match="read-only"):
        events.update_event(db, event["id"], event["version"], {"notes": "x"}, "bob")
    ev_span = events.evidence_for(db, event["id"])["location"][0]
    with pytest.raises(StoreError, match="reopen"):
        spans.delete_span(db, ev_span, "dan")
    with pytest.raises(PermissionDenied, match="dan is an annotator"):
        review.reopen(db, event["id"], "dan", "typo")
    with pytest.raises(StoreError, match="give a reason"):
        review.reopen(db, event["id"], "bob", "")
    event = review.reopen(db, event["id"], "bob", "fatalities were revised to 14")
    assert event["status"] == "needs_revision" and event["approved_hash"] is None
    assert queue.review_comment(db, event["id"])["reason"] == "fatalities were revised to 14"
    events.update_event(db, event["id"], event["version"], {"fatalities_best": 14}, "dan")


def test_annotators_cannot_review(db, doc):
    event = review.submit(db, ready_event(db, doc, "bob")["id"], "bob")
    for act in (lambda: review.approve(db, event["id"], "dan"),
                lambda: review.reject(db, event["id"], "dan", "no"),
                lambda: review.return_for_revision(db, event["id"], "dan", "no")):
        with pytest.raises(PermissionDenied, match="dan is an annotator"):
            act()
    assert events.get_event(db, event["id"])["status"] == "submitted"


def test_transitions_only_from_the_right_status(db, doc):
    event = ready_event(db, doc)
    with pytest.raises(StoreError, match="cannot approve an event that is draft"):
        review.approve(db, event["id"], "bob")
    event = review.submit(db, event["id"], "dan")
    with pytest.raises(StoreError, match="cannot submit an event that is submitted"):
        review.submit(db, event["id"], "dan")


def test_a_stale_version_is_a_conflict_and_writes_nothing(db, doc):
    event = review.submit(db, ready_event(db, doc)["id"], "dan")
    seen = event["version"]
    review.return_for_revision(db, event["id"], "carol", "check the place")
    with pytest.raises(ConflictError, match="changed by carol"):
        review.approve(db, event["id"], "bob", expected_version=seen)
    assert events.get_event(db, event["id"])["status"] == "needs_revision"


def test_only_editors_change_a_submitted_event(db, doc):
    event = review.submit(db, ready_event(db, doc)["id"], "dan")
    with pytest.raises(PermissionDenied, match="only an editor"):
        events.update_event(db, event["id"], event["version"], {"notes": "oops"}, "dan")


# --- four eyes -----------------------------------------------------------------------


def test_nobody_approves_their_own_event(db, doc):
    event = review.submit(db, ready_event(db, doc, "bob")["id"], "bob")
    with pytest.raises(review.FourEyesError, match="bob created this event"):
        review.approve(db, event["id"], "bob")
    # An editor's own events go to another editor.
    assert review.approve(db, event["id"], "carol")["status"] == "approved"


def test_an_editor_who_corrects_after_submission_cannot_approve_but_another_can(db, doc):
    event = review.submit(db, ready_event(db, doc)["id"], "dan")
    event = events.update_event(db, event["id"], event["version"], {"fatalities_best": 13}, "bob")
    assert event["updated_by"] == "bob"
    assert review.approval_problem(db, event["id"], "bob") == (
        "bob changed this event after it was submitted; another editor must approve it")
    with pytest.raises(review.FourEyesError, match="changed this event after it was submitted"):
        review.approve(db, event["id"], "bob")
    assert review.approval_problem(db, event["id"], "carol") is None
    assert review.approve(db, event["id"], "carol")["fatalities_best"] == 13


def test_changes_before_the_last_submission_do_not_count(db, doc):
    event = ready_event(db, doc)
    event = events.update_event(db, event["id"], event["version"], {"notes": "help"}, "bob")
    event = review.submit(db, event["id"], "dan")
    assert review.approve(db, event["id"], "bob")["status"] == "approved"


def test_whoever_submitted_cannot_approve(db, doc):
    event = ready_event(db, doc)
    event = review.submit(db, event["id"], "carol")
    with pytest.raises(review.FourEyesError, match="carol submitted this event"):
        review.approve(db, event["id"], "carol")


def test_admin_is_bound_by_four_eyes_too(db, doc):
    event = review.submit(db, ready_event(db, doc, "alice")["id"], "alice")
    with pytest.raises(review.FourEyesError):
        review.approve(db, event["id"], "alice")


# --- the queue -----------------------------------------------------------------------


def test_queue_is_oldest_first_and_filters(db, doc):
    other = documents.add_document(db, text="Shelling in Idlib.", bytes_sha256="01",
                                   encoding="utf-8", actor="alice").id
    first = review.submit(db, ready_event(db, doc)["id"], "dan")
    e2 = events.create_event(db, other, "bob", event_type="Battles", date="2022-01-01",
                             location="Idlib")
    second = review.submit(db, e2["id"], "bob")
    events.create_event(db, doc, "dan")  # a draft: not in the queue
    waiting = queue.review_queue(db)
    assert [e["id"] for e in waiting] == [first["id"], second["id"]]
    assert waiting[0]["submitted_by"] == "dan" and waiting[0]["document_title"] == "Atme"
    assert [e["id"] for e in queue.review_queue(db, document_id=other)] == [second["id"]]
    assert [e["id"] for e in queue.review_queue(db, annotator="dan")] == [first["id"]]
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=3)
    assert len(queue.review_queue(db, older_than=dt.timedelta(hours=2), now=later)) == 2
    assert queue.review_queue(db, older_than=dt.timedelta(hours=2)) == []


def test_parse_age():
    assert queue.parse_age("36h") == dt.timedelta(hours=36)
    with pytest.raises(StoreError, match="90m"):
        queue.parse_age("soon")


def test_filter_queue_words(db, doc):
    first = review.submit(db, ready_event(db, doc)["id"], "dan")
    e2 = events.create_event(db, doc, "bob", event_type="Battles", date="2022-01-01", location="Idlib")
    review.submit(db, e2["id"], "bob")
    rows = queue.review_queue(db)
    assert [r["id"] for r in queue.filter_queue(rows, "@dan")] == [first["id"]]
    assert [r["id"] for r in queue.filter_queue(rows, "annotator:bob idlib")] == [e2["id"]]
    assert len(queue.filter_queue(rows, "doc:atm")) == 2
    assert queue.filter_queue(rows, "older:1d") == []
    with pytest.raises(StoreError):
        queue.filter_queue(rows, "older:soon")


def test_event_detail_has_evidence_in_context_and_who_may_approve(db, doc):
    event = review.submit(db, ready_event(db, doc)["id"], "dan")
    detail = queue.event_detail(db, event["id"], "dan")
    [ev] = detail["evidence"]
    assert (ev["before"], ev["quote"], ev["after"][:6]) == ("Airstrike on ", "Atme", " kills")
    assert detail["approval_problem"].startswith("dan is an annotator")
    assert queue.event_detail(db, event["id"], "bob")["approval_problem"] is None
    review.return_for_revision(db, event["id"], "bob", "which Atme?")
    assert queue.comments_by_document(db, "dan")[doc][0]["reason"] == "which Atme?"
    assert queue.comments_by_document(db, "bob") == {}


def test_claims_of_a_decided_event_are_read_only_and_unknown_users_mark_nothing(db, doc):
    from store.records import claims

    event = ready_event(db, doc)
    from store.records import spans

    words = spans.add_span(db, doc, 0, 4, "Claim", "dan")
    claim = claims.create_claim(db, doc, "dan", event_id=event["id"], topic="casualties",
                                content_span_id=words["id"])
    event = review.approve(db, review.submit(db, event["id"], "dan")["id"], "bob")
    with pytest.raises(StoreError, match="approved and read-only"):
        claims.update_claim(db, claim["id"], claim["version"], {"polarity": "denies"}, "dan")
    with pytest.raises(StoreError, match="approved and read-only"):
        claims.delete_claim(db, claim["id"], "bob")
    with pytest.raises(StoreError, match="approved and read-only"):
        claims.create_claim(db, doc, "dan", event_id=event["id"], content_span_id=words["id"])
    with pytest.raises(PermissionDenied, match="mallory has no account"):
        spans.add_span(db, doc, 0, 9, "Trigger", "mallory")
    assert claims.get_claim(db, claim["id"])["polarity"] == "asserts"


def test_removing_an_evidence_span_after_submission_counts_as_a_change(db, doc):
    event = review.submit(db, ready_event(db, doc)["id"], "dan")
    [span_id] = events.evidence_for(db, event["id"])["location"]
    spans.delete_span(db, span_id, "bob")
    assert review.changed_since_submission(db, event["id"], "bob") == ["delete span"]
    with pytest.raises(review.FourEyesError, match="changed this event after it was submitted"):
        review.approve(db, event["id"], "bob")


def test_an_annotator_cannot_pull_evidence_from_under_a_submitted_event(db, doc):
    event = review.submit(db, ready_event(db, doc)["id"], "dan")
    [span_id] = events.evidence_for(db, event["id"])["location"]
    with pytest.raises(PermissionDenied, match="only an editor"):
        spans.delete_span(db, span_id, "dan")
    assert events.evidence_for(db, event["id"]) == {"location": [span_id]}
