"""Labelling a Date, Killed or Location span fills the event's grounded fields, says
where each came from, and one undo takes all of it back."""

from __future__ import annotations

import pytest

from store.annotate import actions as act
from store.annotate.gateway import Session
from store.annotate.grounding import AcceptGrounded, PickCandidate, describe
from store.errors import StoreError
from store.grounding.gazetteer import build_index, open_gazetteer
from store.records import places as places_mod
from store.records.events import get_event
from store.records.history import verify_chain
from store.records.people import ensure_user, grant
from store.records.values import values_for
from tests.support.workstation import add_text

TEXT = ("On Wednesday night a strike hit Atme near Idlib, killing at least 13 people "
        "and injuring dozens, local sources said.")


def _row(gid, name, country, lat, lon, admin1=None, feature="PPL", population=0, names=()):
    return {"id": f"geonames:{gid}", "geonameid": gid, "name": name, "names": [name, *names],
            "country": country, "admin1": admin1, "admin2": None, "latitude": lat,
            "longitude": lon, "feature": feature, "population": population}


@pytest.fixture
def gazetteer(tmp_path, monkeypatch):
    path = tmp_path / "g.sqlite"
    build_index(path, [
        _row(1, "Syria", "SY", 35.0, 38.0, feature="PCLI", population=22_000_000),
        _row(4, "Idlib", "SY", 35.93, 36.63, admin1="Idlib", population=165_000),
        _row(8, "Atma", "IN", 26.1, 83.2, admin1="Uttar Pradesh", population=25_000),
    ], version="t-1")
    g = open_gazetteer(path, build=False)
    monkeypatch.setitem(places_mod._PACKAGED, "g", g)
    yield g
    g.close()


@pytest.fixture
def doc(fresh_db):
    db = fresh_db
    doc_id = add_text(db, TEXT, title="t")
    db.execute("UPDATE documents SET published = '2022-02-03' WHERE id = ?", [doc_id])
    db.conn.commit()
    return db, doc_id


def label(s, doc_id, quote, name, event):
    start = TEXT.index(quote)
    event = get_event(s.db, event["id"])
    return s.perform(act.LabelSpan(doc_id, start, start + len(quote), name, event["id"],
                                   event["version"]))


def test_a_date_span_fills_the_interval_with_its_source_and_one_undo_takes_it_back(doc):
    db, doc_id = doc
    s = Session(db, "alice")
    event = s.perform(act.CreateEvent(doc_id)).result["event"]
    span = label(s, doc_id, "Wednesday night", "Date", event).result["span"]
    after = get_event(db, event["id"])
    assert (after["date"], after["date_start"], after["date_end"], after["time_precision"]) == (
        "Wednesday night", "2022-02-02", "2022-02-02", 1)
    source = values_for(db, event["id"])["date_start"]
    assert source["source"] == "grounded" and source["span_id"] == span["id"]
    assert source["detail"]["dct"] == "2022-02-03" and "night" in source["detail"]["flags"]
    assert describe(source) == "from 'Wednesday night', article date 2022-02-03, flagged: night"

    s.undo()
    after = get_event(db, event["id"])
    assert after["date_start"] is None and after["time_precision"] is None
    assert values_for(db, event["id"]) == {}
    s.redo()
    assert get_event(db, event["id"])["date_end"] == "2022-02-02"
    assert values_for(db, event["id"])["date_end"]["span_id"] == span["id"]
    assert verify_chain(db) == []


def test_counts_fill_low_best_high_and_leave_unknown_bounds_empty(doc):
    db, doc_id = doc
    s = Session(db, "alice")
    event = s.perform(act.CreateEvent(doc_id)).result["event"]
    label(s, doc_id, "at least 13", "Killed", event)
    label(s, doc_id, "dozens", "Injured", event)
    after = get_event(db, event["id"])
    assert (after["fatalities_low"], after["fatalities_best"], after["fatalities_high"]) == (13, 13, None)
    assert (after["injured_low"], after["injured_best"], after["injured_high"]) == (24, None, None)
    assert values_for(db, event["id"])["fatalities_low"]["rule"] == "at_least"


def test_typing_over_a_grounded_value_records_it_as_the_coders_and_undo_gives_it_back(doc):
    db, doc_id = doc
    s = Session(db, "alice")
    event = s.perform(act.CreateEvent(doc_id)).result["event"]
    label(s, doc_id, "Wednesday night", "Date", event)
    s.perform(act.UpdateEvent(doc_id, event["id"], {"date_start": "2022-02-01"},
                              get_event(db, event["id"])["version"]))
    row = values_for(db, event["id"])["date_start"]
    assert (row["source"], row["by"], row["detail"]["over"]) == ("typed", "alice", "grounded")
    assert values_for(db, event["id"])["date_end"]["source"] == "grounded"
    s.undo()
    assert get_event(db, event["id"])["date_start"] == "2022-02-02"
    assert values_for(db, event["id"])["date_start"]["source"] == "grounded"


def test_accepting_is_an_action_of_its_own_with_an_undo(doc):
    db, doc_id = doc
    ensure_user(db, "bob")
    s = Session(db, "bob")
    event = s.perform(act.CreateEvent(doc_id)).result["event"]
    label(s, doc_id, "Wednesday night", "Date", event)
    s.perform(AcceptGrounded(doc_id, event["id"], "date"))
    row = values_for(db, event["id"])["date_start"]
    assert (row["source"], row["by"], row["detail"]["words"]) == ("accepted", "bob", "Wednesday night")
    s.undo()
    assert values_for(db, event["id"])["date_start"]["source"] == "grounded"
    with pytest.raises(StoreError, match="nothing grounded"):
        s.perform(AcceptGrounded(doc_id, event["id"], "killed"))


def test_a_place_unknown_to_the_data_grounds_once_an_editor_adds_it_and_candidates_can_be_picked(
        doc, gazetteer):
    db, doc_id = doc
    s = Session(db, "alice")
    event = s.perform(act.CreateEvent(doc_id)).result["event"]
    label(s, doc_id, "Atme", "Location", event)
    # The packaged data knows only an Atma in India.
    assert get_event(db, event["id"])["country"] == "India"
    ensure_user(db, "eve")
    grant(db, "alice", "eve", "editor")
    places_mod.add_place(db, "eve", name="Atme", alternate_names=["Atmeh", "Atma"], country="SY",
                         admin1="Idlib", admin2="Harim", latitude=36.21, longitude=36.57)
    label(s, doc_id, "Atme", "Location", event)
    after = get_event(db, event["id"])
    assert (after["country"], after["admin1"], after["admin2"], after["latitude"],
            after["geo_precision"]) == ("Syria", "Idlib", "Harim", 36.21, 1)
    assert after["gazetteer_id"].startswith("local:")
    candidates = values_for(db, event["id"])["latitude"]["detail"]["candidates"]
    assert candidates[0]["name"] == "Atme"
    india = [i for i, c in enumerate(candidates) if c["country"] == "IN"]
    assert india, candidates
    s.perform(PickCandidate(doc_id, event["id"], india[0]))
    assert get_event(db, event["id"])["country"] == "India"
    assert values_for(db, event["id"])["country"]["source"] == "picked"
    s.undo()
    assert get_event(db, event["id"])["country"] == "Syria"
    with pytest.raises(StoreError, match="no candidate 99"):
        s.perform(PickCandidate(doc_id, event["id"], 98))


def test_annotators_cannot_add_places(fresh_db):
    ensure_user(fresh_db, "bob")
    with pytest.raises(StoreError):
        places_mod.add_place(fresh_db, "bob", name="Atme")
    with pytest.raises(StoreError, match="unknown country"):
        places_mod.add_place(fresh_db, "alice", name="Atme", country="QQ")


def test_an_event_taken_back_and_restored_keeps_where_its_values_came_from(doc):
    db, doc_id = doc
    s = Session(db, "alice")
    event = s.perform(act.CreateEvent(doc_id)).result["event"]
    label(s, doc_id, "Wednesday night", "Date", event)
    before = values_for(db, event["id"])
    assert before["date_start"]["source"] == "grounded"
    version = get_event(db, event["id"])["version"]
    s.perform(act.DiscardEvent(doc_id, event["id"], version))
    assert values_for(db, event["id"]) == {}
    s.undo()  # the event comes back, and with it what its values rest on
    assert get_event(db, event["id"])["date_start"] == "2022-02-02"
    assert values_for(db, event["id"]) == before
    assert verify_chain(db) == []


ACTORS = ("US special operations troops raided a house in Idlib, Syria, killing women "
          "and children.")


@pytest.fixture
def actors_doc(fresh_db):
    db = fresh_db
    return db, add_text(db, ACTORS, title="actors")


def _label_in(s, doc_id, text, quote, name, event_id):
    start = text.index(quote)
    event = get_event(s.db, event_id)
    return s.perform(act.LabelSpan(doc_id, start, start + len(quote), name, event_id,
                                   event["version"]))


def test_an_actors_kind_is_grounded_from_its_words_and_the_events_country(actors_doc):
    db, doc_id = actors_doc
    s = Session(db, "alice")
    event = s.perform(act.CreateEvent(doc_id)).result["event"]
    # No country yet: forces named by their state are not guessed home or abroad.
    _label_in(s, doc_id, ACTORS, "US special operations troops", "Actor", event["id"])
    assert get_event(db, event["id"])["actor1_kind"] is None
    assert values_for(db, event["id"])["actor1_kind"]["detail"]["unresolved"]
    s.perform(act.UpdateEvent(doc_id, event["id"], {"country": "Syria"},
                              get_event(db, event["id"])["version"]))
    _label_in(s, doc_id, ACTORS, "US special operations troops", "Actor", event["id"])
    _label_in(s, doc_id, ACTORS, "women and children", "Target", event["id"])
    after = get_event(db, event["id"])
    assert (after["actor1_kind"], after["actor2_kind"]) == ("External/Other forces", "Civilians")
    row = values_for(db, event["id"])["actor1_kind"]
    assert (row["source"], row["rule"], row["detail"]["state"]) == ("grounded", "state-forces-abroad", "US")
    assert "outside it" in describe(row)
    s.undo()  # the target label, its kind with it
    assert get_event(db, event["id"])["actor2_kind"] is None
    assert "actor2_kind" not in values_for(db, event["id"])


def test_accepting_all_takes_every_value_still_to_check_and_says_which(actors_doc):
    from store.annotate.grounding import AcceptAllGrounded, to_check

    db, doc_id = actors_doc
    s = Session(db, "alice")
    event = s.perform(act.CreateEvent(doc_id)).result["event"]
    _label_in(s, doc_id, ACTORS, "women and children", "Target", event["id"])
    _label_in(s, doc_id, ACTORS, "killing", "Killed", event["id"])  # no number: nothing to check
    _label_in(s, doc_id, ACTORS, "US special operations troops", "Actor", event["id"])  # unresolved
    stored = values_for(db, event["id"])
    assert to_check(stored, get_event(db, event["id"])) == ["actor2"]
    done = s.perform(AcceptAllGrounded(doc_id, event["id"], get_event(db, event["id"])["version"]))
    assert done.result["accepted"] == {"actor2": {"actor2_kind": "Civilians"}}
    assert values_for(db, event["id"])["actor2_kind"]["source"] == "accepted"
    with pytest.raises(StoreError, match="nothing grounded"):
        s.perform(AcceptAllGrounded(doc_id, event["id"], get_event(db, event["id"])["version"]))
    s.undo()
    assert values_for(db, event["id"])["actor2_kind"]["source"] == "grounded"
    assert verify_chain(db) == []


def test_an_actor_labelled_before_the_country_gets_its_kind_when_the_country_is_typed(actors_doc):
    db, doc_id = actors_doc
    s = Session(db, "alice")
    event = s.perform(act.CreateEvent(doc_id)).result["event"]
    _label_in(s, doc_id, ACTORS, "US special operations troops", "Actor", event["id"])
    assert get_event(db, event["id"])["actor1_kind"] is None
    s.perform(act.UpdateEvent(doc_id, event["id"], {"country": "Syria"},
                              get_event(db, event["id"])["version"]))
    assert get_event(db, event["id"])["actor1_kind"] == "External/Other forces"
    row = values_for(db, event["id"])["actor1_kind"]
    assert (row["source"], row["rule"], row["detail"]["country"]) == (
        "grounded", "state-forces-abroad", "Syria")
    s.undo()  # the country, and the kind read from it
    after = get_event(db, event["id"])
    assert (after["country"], after["actor1_kind"]) == (None, None)
    assert values_for(db, event["id"])["actor1_kind"]["detail"]["unresolved"]
    s.redo()
    assert get_event(db, event["id"])["actor1_kind"] == "External/Other forces"
    assert verify_chain(db) == []


def test_a_kind_a_person_typed_stays_when_the_country_arrives(actors_doc):
    db, doc_id = actors_doc
    s = Session(db, "alice")
    event = s.perform(act.CreateEvent(doc_id)).result["event"]
    _label_in(s, doc_id, ACTORS, "US special operations troops", "Actor", event["id"])
    s.perform(act.UpdateEvent(doc_id, event["id"], {"actor1_kind": "State forces"},
                              get_event(db, event["id"])["version"]))
    s.perform(act.UpdateEvent(doc_id, event["id"], {"country": "Syria"},
                              get_event(db, event["id"])["version"]))
    assert get_event(db, event["id"])["actor1_kind"] == "State forces"
    assert values_for(db, event["id"])["actor1_kind"]["source"] == "typed"


def test_a_location_grounded_after_the_actor_reads_its_kind_and_one_undo_takes_both(
        actors_doc, gazetteer):
    db, doc_id = actors_doc
    s = Session(db, "alice")
    event = s.perform(act.CreateEvent(doc_id)).result["event"]
    _label_in(s, doc_id, ACTORS, "US special operations troops", "Actor", event["id"])
    _label_in(s, doc_id, ACTORS, "Idlib", "Location", event["id"])
    after = get_event(db, event["id"])
    assert (after["country"], after["actor1_kind"]) == ("Syria", "External/Other forces")
    s.undo()
    after = get_event(db, event["id"])
    assert (after["country"], after["actor1_kind"]) == (None, None)
    assert values_for(db, event["id"])["actor1_kind"]["detail"]["unresolved"]
    assert verify_chain(db) == []
