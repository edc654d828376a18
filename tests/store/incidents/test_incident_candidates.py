"""Candidate pairs: what the incident screen would propose, and why."""

from __future__ import annotations

import itertools

import pytest

from store.incidents import candidates
from store.incidents.candidates import LIKELY_THRESHOLD, Candidate, CandidateIndex
from store.incidents.reports import Report
from tests.support.incident_seed_reports import SEEDS, place_names, seed_reports

RAID = ("US special forces in helicopters raided a house in {town}, {province}, killing {n} people "
        "including six children, local sources and the civil defence said.")
OTHER = ("Shelling by government forces hit a market in {town} in {province}; medics said {n} "
         "civilians died and dozens were wounded.")


def article(key: str, day: str | None, town: str, province: str, n: int = 13, template: str = RAID,
            outlet: str | None = None, **fields) -> Report:
    text = template.format(town=town, province=province, n=n)
    return Report(key=key, document_id=key, outlet=outlet or f"outlet of {key}", article_date=day,
                  text=text, place_names=(town, province), **fields)


def background() -> list[Report]:
    """Unrelated reports, so place names and words have a corpus to be rare in."""
    towns = [("Jarabulus", "Aleppo"), ("Maarat", "Idlib"), ("Suluk", "Raqqa"), ("Tafas", "Daraa"),
             ("Rastan", "Homs"), ("Sarmada", "Idlib"), ("Mayadin", "Deir ez-Zor"), ("Manbij", "Aleppo")]
    return [article(f"bg{i}", f"2019-0{1 + i % 8}-1{i % 9}", town, province, n=i + 2, template=OTHER)
            for i, (town, province) in enumerate(towns)]


def likely_pairs(index: CandidateIndex) -> set[frozenset[str]]:
    return {frozenset((c.a, c.b)) for c in index.all_pairs() if c.likely}


def pair(index: CandidateIndex, a: str, b: str) -> Candidate | None:
    return next((c for c in index.all_pairs() if {c.a, c.b} == {a, b}), None)


# -- the seed articles ---------------------------------------------------------


def test_the_seed_folder_holds_the_five_articles():
    assert sorted(p.name[:3] for p in SEEDS.glob("*.txt")) == ["000", "001", "002", "003", "004"]


def test_seed_reports_read_article_dates_from_their_headers():
    dates = {r.key: r.article_date for r in seed_reports()}
    assert dates == {"000": "2022-02-03", "001": None, "002": None,
                     "003": "2018-02-12", "004": "2018-02-12"}


def test_the_two_same_incident_seed_pairs_are_likely_and_no_other_pair_is():
    index = CandidateIndex(seed_reports())
    assert likely_pairs(index) == {frozenset(("000", "001")), frozenset(("003", "004"))}


def test_seed_pairs_say_why_in_a_coders_words():
    index = CandidateIndex(seed_reports())
    atme = pair(index, "000", "001")
    assert "shared places" in atme.why and "Atme" in atme.why and "no date on one side" in atme.why
    khusham = pair(index, "003", "004")
    assert "same day" in khusham.why and "Khusham" in khusham.why and "text 0." in khusham.why


def test_every_seed_pair_not_of_one_incident_scores_below_the_threshold_or_is_not_likely():
    index = CandidateIndex(seed_reports())
    by_pair = {frozenset((c.a, c.b)): c for c in index.all_pairs()}
    for a, b in itertools.combinations(["000", "001", "002", "003", "004"], 2):
        if {a, b} in ({"000", "001"}, {"003", "004"}):
            continue
        candidate = by_pair.get(frozenset((a, b)))
        assert candidate is None or not candidate.likely, candidate


def test_the_place_pass_finds_spelling_variants_in_the_seeds():
    texts = {r.key: r.place_names for r in seed_reports()}
    assert "Atme" in texts["000"] and "Atma" in texts["001"]
    assert place_names("near the town of Atma in Idlib") == ("Atma", "Idlib")


# -- the cases the scoring must hold on ----------------------------------------


def test_reports_of_one_incident_with_spelling_variants_and_a_day_shift_are_likely():
    index = CandidateIndex([*background(), article("a", "2022-02-03", "Atme", "Idlib"),
                            article("b", "2022-02-04", "Atmeh", "Idlib", n=14)])
    candidate = pair(index, "a", "b")
    assert candidate.likely and candidate.score >= LIKELY_THRESHOLD
    assert "dates 1 day apart" in candidate.why and "Atme" in candidate.why


def test_raids_in_the_same_town_years_apart_are_not_likely():
    index = CandidateIndex([*background(), article("a", "2019-02-03", "Atme", "Idlib"),
                            article("b", "2022-02-03", "Atma", "Idlib")])
    assert frozenset(("a", "b")) not in likely_pairs(index)
    assert all(c.b != "b" for c in index.candidates_for(article("a", "2019-02-03", "Atme", "Idlib")))


def test_raids_in_the_same_province_months_apart_are_not_likely():
    index = CandidateIndex([*background(), article("a", "2022-02-03", "Atme", "Idlib"),
                            article("b", "2022-06-10", "Sarmada", "Idlib")])
    assert frozenset(("a", "b")) not in likely_pairs(index)


def test_two_incidents_on_the_same_day_in_different_provinces_are_not_likely():
    index = CandidateIndex([*background(), article("a", "2022-02-03", "Atme", "Idlib"),
                            article("b", "2022-02-03", "Khusham", "Deir ez-Zor")])
    assert frozenset(("a", "b")) not in likely_pairs(index)


def test_coded_reports_in_different_divisions_are_never_likely_even_with_the_same_words():
    a = article("a", "2022-02-03", "Atme", "Idlib", admin1="Idlib")
    b = article("b", "2022-02-03", "Atme", "Idlib", admin1="Aleppo")
    candidate = pair(CandidateIndex([*background(), a, b]), "a", "b")
    assert not candidate.likely and "different divisions Idlib / Aleppo" in candidate.why


def test_grounded_dates_and_coordinates_make_coded_events_likely():
    a = article("a", "2022-02-05", "Atme", "Idlib", admin1="Idlib", date_start="2022-02-02",
                date_end="2022-02-02", latitude=36.0, longitude=36.6, event_type="Battles")
    b = article("b", None, "Atma", "Idlib", admin1="Idlib", date_start="2022-02-02",
                date_end="2022-02-03", latitude=36.01, longitude=36.61, event_type="Battles")
    candidate = pair(CandidateIndex([*background(), a, b]), "a", "b")
    assert candidate.likely
    assert candidate.why.startswith("same division Idlib") and "km apart" in candidate.why


# -- what is never proposed ----------------------------------------------------


def test_rejected_pairs_are_never_returned():
    a, b = article("a", "2022-02-03", "Atme", "Idlib"), article("b", "2022-02-03", "Atma", "Idlib")
    index = CandidateIndex([*background(), a, b], rejected={frozenset(("a", "b"))})
    assert pair(index, "a", "b") is None
    assert all(c.b != "b" for c in index.candidates_for(a))


def test_a_rejection_made_after_building_counts_at_once():
    a, b = article("a", "2022-02-03", "Atme", "Idlib"), article("b", "2022-02-03", "Atma", "Idlib")
    index = CandidateIndex([*background(), a, b])
    assert [c.b for c in index.candidates_for(a)][:1] == ["b"]
    index.reject("b", "a")
    assert all(c.b != "b" for c in index.candidates_for(a))


def test_two_events_of_the_same_document_are_not_proposed():
    a = Report(key="ev1", document_id="doc", article_date="2022-02-03", text="raid in Atme",
               place_names=("Atme",))
    b = Report(key="ev2", document_id="doc", article_date="2022-02-03", text="raid in Atme",
               place_names=("Atme",))
    assert list(CandidateIndex([a, b]).all_pairs()) == []


def test_same_outlet_same_day_is_proposed_as_one_source():
    a = article("a", "2022-02-03", "Atme", "Idlib", outlet="Al Mayadeen")
    b = article("b", "2022-02-03", "Atma", "Idlib", outlet="al-Mayadeen")
    candidate = pair(CandidateIndex([*background(), a, b]), "a", "b")
    assert candidate.likely and "same outlet, same day: one source" in candidate.why


# -- bad input and scale -------------------------------------------------------


def test_a_report_with_no_date_and_no_place_gets_a_clear_state_and_no_candidates():
    lost = Report(key="lost", text="Something happened somewhere.")
    index = CandidateIndex([*background(), lost])
    assert index.status(lost) == "no date and no place: compared with nothing; link it by hand"
    assert index.candidates_for(lost) == []
    assert all("lost" not in (c.a, c.b) for c in index.all_pairs())


def test_empty_and_odd_reports_never_raise():
    odd = [Report(key="empty"), Report(key="bad date", article_date="Thursday", text=""),
           Report(key="bad coords", latitude="north", longitude=None, place_names=("Atme",)),
           Report(key="year", date_start="2022", place_names=("Atme",)),
           Report(key="impossible", date_start="2022-02-30", article_date="2022-13-01")]
    index = CandidateIndex(odd)
    assert len(index) == 5
    for report in odd:
        index.candidates_for(report)
        assert isinstance(index.status(report), str)
    assert index.status(odd[1]) == "no date and no place: compared with nothing; link it by hand"
    assert index.status(odd[3]) == "date too vague to block on: compared by place alone"
    list(index.all_pairs())


def test_undated_and_placeless_reports_say_how_they_are_compared():
    index = CandidateIndex()
    assert index.status(Report(key="x", place_names=("Atme",))) == "no date: compared by place alone"
    assert index.status(Report(key="y", article_date="2022-02-03")) == "no place: compared by date alone"


def test_a_hundred_reports_of_one_incident_stay_within_the_limit():
    reports = [article(f"r{i}", f"2022-02-0{3 + i % 3}", ("Atme", "Atma", "Atmeh")[i % 3], "Idlib", n=13 + i % 2)
               for i in range(100)]
    index = CandidateIndex([*background(), *reports])
    found = index.candidates_for(reports[0])
    assert len(found) == 20
    assert all(c.likely and c.b.startswith("r") for c in found)
    assert len(index.candidates_for(reports[0], limit=5)) == 5
    assert sum(1 for _ in index.all_pairs()) <= 100 * 99 // 2 + 100 * len(background())


def test_blocking_compares_a_report_with_at_most_max_examined_others(monkeypatch):
    monkeypatch.setattr(candidates, "MAX_EXAMINED", 30)
    reports = [Report(key=f"r{i}", place_names=("Atme",), text="a raid") for i in range(200)]
    index = CandidateIndex(reports)
    assert len(index.candidates_for(reports[0], limit=1000)) <= 30
    assert sum(1 for _ in index.all_pairs()) <= 200 * 31


def test_a_new_report_is_scored_without_being_added():
    index = CandidateIndex([*background(), article("a", "2022-02-03", "Atme", "Idlib")])
    fresh = article("new", "2022-02-04", "Atma", "Idlib")
    found = index.candidates_for(fresh)
    assert found[0].a == "new" and found[0].b == "a" and found[0].likely
    assert "new" not in index


def test_re_adding_a_key_replaces_the_report():
    index = CandidateIndex([*background(), article("a", "2022-02-03", "Atme", "Idlib"),
                            article("b", "2022-02-03", "Atma", "Idlib")])
    index.add(article("b", "2020-01-01", "Atma", "Idlib"))
    assert len(index) == len(background()) + 2
    assert frozenset(("a", "b")) not in likely_pairs(index)


def test_candidate_json_has_the_documented_keys():
    candidate = Candidate("a", "b", 0.61, True, "same day")
    assert candidate.as_json() == {"a": "a", "b": "b", "score": 0.61, "likely": True, "why": "same day"}


@pytest.mark.parametrize("shift", [0, 1, 2])
def test_the_incident_is_likely_whichever_day_within_the_lag_the_second_report_is(shift):
    index = CandidateIndex([*background(), article("a", "2022-02-03", "Atme", "Idlib"),
                            article("b", f"2022-02-0{3 + shift}", "Atma", "Idlib")])
    assert pair(index, "a", "b").likely


def test_sharing_only_a_name_reported_every_day_is_not_enough_to_be_likely():
    days = [f"2021-{1 + d // 28:02d}-{1 + d % 28:02d}" for d in range(60)]
    corpus = [article(f"bg{d}", day, f"Town{d}", "Syria", template=OTHER) for d, day in enumerate(days)]
    atme = article("a", "2021-02-10", "Atme", "Syria")
    vague = Report(key="b", document_id="b", article_date="2021-02-10", place_names=("Syria",),
                   text=RAID.format(town="a town", province="Syria", n=13))
    index = CandidateIndex([*corpus, atme])
    found = {c.b: c for c in index.candidates_for(vague)}
    assert not found["a"].likely and "no shared specific place" in found["a"].why


def test_a_grounded_date_within_an_articles_reporting_lag_counts_as_the_same_day():
    coded = article("ev", None, "Atme", "Idlib", date_start="2022-02-02", date_end="2022-02-02")
    later = article("doc", "2022-02-04", "Atma", "Idlib")
    too_late = article("late", "2022-02-07", "Atma", "Idlib")
    index = CandidateIndex([*background(), coded, later, too_late])
    assert "date within the reporting lag" in pair(index, "ev", "doc").why
    assert "dates 3 days apart" in pair(index, "ev", "late").why


def test_a_report_naming_no_place_is_proposed_but_not_likely_on_the_date_alone():
    placed = article("a", "2022-02-03", "Atme", "Idlib")
    placeless = Report(key="p", document_id="p", article_date="2022-02-03",
                       text="Protesters gathered outside the ministry demanding higher wages.")
    copy = Report(key="c", document_id="c", article_date="2022-02-03", text=placed.text)
    index = CandidateIndex([*background(), placed, placeless, copy])
    found = {c.b: c for c in index.candidates_for(placed)}
    assert not found["p"].likely and "nothing but the date to go on" in found["p"].why
    assert found["c"].likely


def test_odd_field_types_never_raise():
    odd = [Report(key="a", text=None, actors=None, place_names=None, article_date="2022-02-03", admin1=5),
           Report(key="b", text=b"bytes", actors="US forces", place_names=["Atme", None, 3],
                  article_date="2022-02-03", latitude=float("nan"), longitude=1.0),
           Report(key="c", text="x", place_names=("Atme",), article_date=20220203,
                  date_start="2022-02-05", date_end="2022-02-01", event_type=7),
           Report(key=None, text="y")]
    index = CandidateIndex(odd)
    for report in odd:
        assert isinstance(index.status(report), str)
        assert all(isinstance(c.why, str) for c in index.candidates_for(report))
    assert not any(c.likely for c in index.all_pairs() if "a" in (c.a, c.b))


def test_an_undated_report_is_likely_only_with_the_raid_its_text_matches():
    raid_2019 = article("r2019", "2019-05-10", "Atme", "Idlib", n=4, template=OTHER)
    raid_2022 = article("r2022", "2022-02-03", "Atme", "Idlib", n=13)
    second_2022 = article("s2022", "2022-02-04", "Atma", "Idlib", n=13)
    undated = Report(key="u", document_id="u", place_names=("Atma", "Idlib"),
                     text=RAID.format(town="Atma", province="Idlib", n=13))
    index = CandidateIndex([*background(), raid_2019, raid_2022, second_2022, undated])
    assert {c.b for c in index.candidates_for(undated) if c.likely} == {"r2022", "s2022"}
    old = pair(index, "r2019", "u")
    assert not old.likely and "undated" in old.why


def test_an_undated_report_takes_the_date_of_its_best_match_against_a_like_worded_old_raid():
    raid_2019 = article("r2019", "2019-05-10", "Atme", "Idlib", n=4)
    raid_2022 = article("r2022", "2022-02-03", "Atme", "Idlib", n=13)
    undated = Report(key="u", document_id="u", place_names=("Atme", "Idlib"),
                     text=RAID.format(town="Atme", province="Idlib", n=13))
    index = CandidateIndex([*background(), raid_2019, raid_2022, undated])
    old = pair(index, "r2019", "u")
    assert not old.likely and "its closest report r2022 is" in old.why
    assert pair(index, "r2022", "u").likely
