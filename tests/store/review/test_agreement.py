"""Agreement: Krippendorff's alpha against published worked examples, span F1, pairing, disagreements."""

import pytest

from store.records import documents, events, people, spans
from store.review import agreement
from store.review.agreement import nominal_alpha

N = None


def test_nominal_alpha_matches_krippendorffs_worked_example_with_missing_values():
    # Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", example C:
    # four observers, twelve units, missing values; nominal alpha = 0.743.
    a = [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N]
    b = [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3]
    c = [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N]
    d = [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N]
    assert nominal_alpha(zip(a, b, c, d)) == pytest.approx(0.743, abs=5e-4)


def test_nominal_alpha_matches_the_two_coder_binary_example():
    # Same paper, example A: two observers, binary data, alpha = 0.095.
    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    assert nominal_alpha(zip(a, b)) == pytest.approx(0.095, abs=5e-4)


def test_nominal_alpha_edges():
    assert nominal_alpha([("x", "x"), ("y", "y")]) == 1.0
    assert nominal_alpha([("x", "x"), ("x", "x")]) is None  # no variation: undefined
    assert nominal_alpha([("x", None)]) is None  # nothing pairable
    assert nominal_alpha([("x", "y"), ("y", "x")]) < 0  # worse than chance


def test_span_f1_exact_and_overlap():
    a = [{"label": "Location", "start": 0, "end": 4}, {"label": "Date", "start": 10, "end": 18}]
    b = [{"label": "Location", "start": 0, "end": 4}, {"label": "Date", "start": 12, "end": 18},
         {"label": "Date", "start": 30, "end": 34}]
    by_label = {s.label: s for s in agreement.span_scores(a, b, "ann", "bea")}
    assert by_label["Location"].exact_f1 == 1.0
    assert by_label["Date"].exact_f1 == 0.0
    # A's one Date overlaps (P = 1/1); of B's two, one overlaps (R = 1/2): F1 = 2/3.
    assert by_label["Date"].overlap_f1 == pytest.approx(2 / 3)
    total = by_label[agreement.ALL_LABELS]
    assert (total.count_a, total.count_b, total.exact_a) == (2, 3, 1)
    assert total.exact_f1 == pytest.approx(2 * 0.5 * (1 / 3) / (0.5 + 1 / 3))


def test_pairing_matches_events_by_best_field_overlap():
    ann = [{"id": "a1", "location": "Atme", "event_type": "Battles"},
           {"id": "a2", "location": "Idlib", "event_type": "Protests"}]
    bea = [{"id": "b1", "location": "Idlib", "event_type": "Protests"},
           {"id": "b2", "location": "Atme", "event_type": "Riots"}]
    units = agreement.pair_events({"ann": ann, "bea": bea})
    pairs = sorted((u["ann"]["id"], u["bea"]["id"]) for u in units if len(u) == 2)
    assert pairs == [("a1", "b2"), ("a2", "b1")]


TEXT = "Airstrike on Atme kills 13 on Thursday, local sources said."


@pytest.fixture
def coded(fresh_db):
    db = fresh_db
    for login in ("ann", "bea"):
        people.ensure_user(db, login)
    doc = documents.add_document(db, text=TEXT, bytes_sha256="0", encoding="utf-8",
                                 actor="alice", title="Atme").id
    spans.add_span(db, doc, 13, 17, "Location", "ann")
    spans.add_span(db, doc, 13, 17, "Location", "bea")
    spans.add_span(db, doc, 24, 26, "Killed", "ann")
    spans.add_span(db, doc, 18, 26, "Killed", "bea")
    events.create_event(db, doc, "ann", event_type="Explosions/Remote violence",
                        sub_event_type="Air/drone strike", location="Atme", fatalities_best=13)
    events.create_event(db, doc, "bea", event_type="Explosions/Remote violence",
                        sub_event_type="Shelling/artillery/missile attack", location="atme ",
                        fatalities_best=13)
    return db, doc


def test_document_report_scores_spans_fields_and_lists_disagreements(coded):
    db, doc = coded
    report = agreement.agreement(db, doc)
    assert report.documents == [doc] and report.annotators == ["ann", "bea"]
    by_label = {s.label: s for s in report.spans}
    assert by_label["Location"].exact_f1 == 1.0
    assert by_label["Killed"].exact_f1 == 0.0 and by_label["Killed"].overlap_f1 == 1.0
    fields = {f.field: f for f in report.fields}
    assert fields["location"].value == 1.0  # case and spaces do not count as disagreement
    assert fields["fatalities_best"].value == 1.0
    assert fields["event_type"].units == 1
    whats = {d.what: d for d in report.disagreements}
    assert whats["sub_event_type"].values == {"ann": "Air/drone strike",
                                              "bea": "Shelling/artillery/missile attack"}
    assert whats["span Killed"].values == {"ann": "24..26 '13'", "bea": "18..26 'kills 13'"}
    assert "location" not in whats


def test_a_document_coded_by_one_person_has_no_report(fresh_db):
    doc = documents.add_document(fresh_db, text=TEXT, bytes_sha256="0", encoding="utf-8",
                                 actor="alice").id
    spans.add_span(fresh_db, doc, 13, 17, "Location", "alice")
    assert agreement.agreement(fresh_db).documents == []
