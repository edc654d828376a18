"""Reconciling an incident from its events: what the editor sees side by side."""

from __future__ import annotations

from store.incidents.reconcile import reconcile


def claim(claim_id, speaker, content, topic="casualties", polarity="asserts"):
    return {"id": claim_id, "topic": topic, "speaker": speaker, "polarity": polarity,
            "certainty": "certain", "content": content}


def atme_events() -> list[dict]:
    """The Atme raid as two outlets coded it."""
    return [
        {"id": "ev-it", "document_id": "000", "outlet": "Islam Times", "date_start": "2022-02-02",
         "date_end": "2022-02-03", "country": "Syria", "admin1": "Idlib", "location": "Atme",
         "event_type": "Violence against civilians", "actor1": "US special forces", "actor2": "Civilians",
         "fatalities_low": 13, "fatalities_best": 13, "fatalities_high": None,
         "claims": [claim("c1", "local sources", "at least 13 people ... were killed")]},
        {"id": "ev-am", "document_id": "001", "outlet": "Al Mayadeen", "date_start": "2022-02-03",
         "date_end": "2022-02-03", "country": "Syria", "admin1": "Idlib", "location": "Atma",
         "event_type": "Violence against civilians", "actor1": "US special forces", "actor2": "Civilians",
         "fatalities_low": 0, "fatalities_best": 0, "fatalities_high": 0,
         "claims": [claim("c2", "Pentagon", "no American casualties", polarity="denies"),
                    claim("c3", "Al Mayadeen", "landing near the town of Atma", topic="location")]},
    ]


def test_fatalities_low_ignores_a_denial_and_best_waits_for_the_editor():
    fatalities = reconcile(atme_events())["fatalities"]
    assert fatalities["low"] == 13 and fatalities["low_from"] == ["ev-it"]
    assert fatalities["best"] is None and fatalities["suggested_best"] == 13
    assert fatalities["suggested_because"] == "the only credible source's figure"
    assert fatalities["high"] == 13 and fatalities["open_ended"] is True


def test_the_fatality_dispute_is_listed_with_its_sources_and_speakers():
    conflicts = reconcile(atme_events())["conflicts"]
    assert "fatalities: at least 13 (000, claim by local sources) vs 0 (001, claim by Pentagon, a denial)" \
        in conflicts


def test_low_high_and_suggested_best_span_the_sources():
    events = [
        {"id": "a", "document_id": "003", "fatalities_best": 100},             # "about 100"
        {"id": "b", "document_id": "004", "fatalities_low": 101},              # "more than 100"
        {"id": "c", "document_id": "x", "fatalities_low": 20, "fatalities_best": 25, "fatalities_high": 30},
    ]
    fatalities = reconcile(events)["fatalities"]
    assert (fatalities["low"], fatalities["high"]) == (20, 101)
    assert fatalities["low_from"] == ["c"] and fatalities["high_from"] == ["b"]
    assert fatalities["suggested_best"] == 100 and fatalities["best"] is None
    assert fatalities["suggested_because"] == "the median of 3 sources' best figures"
    assert fatalities["open_ended"] is True


def test_when_every_source_denies_the_denial_is_the_figure():
    events = [{"id": "a", "document_id": "d", "fatalities_low": 0, "fatalities_best": 0, "fatalities_high": 0,
               "claims": [claim("c", "Pentagon", "no casualties", polarity="denies")]}]
    assert reconcile(events)["fatalities"]["low"] == 0


def test_dates_give_union_overlap_and_who_gives_which():
    date = reconcile(atme_events())["date"]
    assert (date["start"], date["end"]) == ("2022-02-02", "2022-02-03")
    assert date["overlap"] == ["2022-02-03", "2022-02-03"] and date["agree"]
    assert date["by_event"] == {"ev-it": ["2022-02-02", "2022-02-03"], "ev-am": ["2022-02-03", "2022-02-03"]}


def test_dates_that_do_not_overlap_are_a_conflict():
    events = [{"id": "a", "document_id": "A", "date_start": "2022-02-02"},
              {"id": "b", "document_id": "B", "date_start": "2022-02-06", "date_end": "2022-02-07"},
              {"id": "c", "document_id": "C"}]
    result = reconcile(events)
    assert result["date"]["overlap"] is None and not result["date"]["agree"]
    assert result["date"]["missing"] == ["c"]
    assert "date: 2022-02-02 (A) vs 2022-02-06..2022-02-07 (B) do not overlap" in result["conflicts"]


def test_spelling_variants_of_one_place_agree():
    place = reconcile(atme_events())["place"]
    assert place["agree"] and place["value"]["admin1"] == "Idlib" and place["value"]["location"] == "Atme"
    assert place["claims"] == ["c3"]


def test_different_provinces_are_a_conflict_naming_both():
    events = atme_events()
    events[1] = {**events[1], "admin1": "Aleppo", "location": "Jarabulus"}
    result = reconcile(events)
    assert not result["place"]["agree"]
    assert "admin1: Idlib (000) vs Aleppo (001)" in result["conflicts"]


def test_type_and_actor_disagreements_are_listed():
    events = atme_events()
    events[1] = {**events[1], "event_type": "Battles", "actor1": "Coalition forces"}
    result = reconcile(events)
    assert result["event_type"]["agree"] is False
    assert [v["value"] for v in result["event_type"]["values"]] == ["Violence against civilians", "Battles"]
    assert "actor1: US special forces (000) vs Coalition forces (001)" in result["conflicts"]
    assert result["actor2"]["agree"] and result["actor2"]["value"] == "Civilians"


def test_sources_count_outlets_not_events():
    events = [*atme_events(), {"id": "ev-am2", "document_id": "001b", "outlet": "al-Mayadeen"},
              {"id": "ev-anon", "document_id": "leaflet"}]
    result = reconcile(events)
    assert result["number_of_sources"] == 3
    assert {s["outlet"] for s in result["sources"]} == {"Islam Times", "Al Mayadeen", None}


def test_each_field_says_what_it_rests_on():
    rests = reconcile(atme_events())["rests_on"]
    assert rests["fatalities"] == {"events": ["ev-it", "ev-am"], "claims": ["c1", "c2"]}
    assert rests["place"]["events"] == ["ev-it", "ev-am"]


def test_bad_input_gives_an_empty_but_complete_result():
    for events in ([], None, [None, "x", {}], [{"fatalities_low": "many", "date_start": "Thursday",
                                                "latitude": "north", "claims": "none"}]):
        result = reconcile(events)
        assert result["fatalities"]["low"] is None and result["date"]["start"] is None
        assert result["conflicts"] == []


def test_figures_given_as_text_are_read():
    events = [{"id": "a", "document_id": "A", "fatalities_low": "13", "fatalities_high": " 20 "}]
    assert (reconcile(events)["fatalities"]["low"], reconcile(events)["fatalities"]["high"]) == (13, 20)


def test_a_town_named_without_province_or_country_is_still_the_place():
    result = reconcile([{"id": "a", "location": "Khusham"}, {"id": "b", "location": "Khusham"}])
    assert result["place"]["value"]["location"] == "Khusham" and result["place"]["agree"]
    split = reconcile([{"id": "a", "location": "Khusham"}, {"id": "b", "location": "Tabiyeh"}])
    assert split["place"]["value"]["location"] is None and not split["place"]["agree"]
    assert any(c.startswith("location: Khusham") for c in split["conflicts"])


def test_outlets_meet_across_case_and_accents_but_numbered_channels_stay_apart():
    events = [{"id": "a", "outlet": "Al Jazeera", "document_id": "1"},
              {"id": "b", "outlet": "al-jazeera", "document_id": "2"},
              {"id": "c", "outlet": "Channel 1", "document_id": "3"},
              {"id": "d", "outlet": "Channel 11", "document_id": "4"},
              {"id": "e", "outlet": "Télé Liban", "document_id": "5"},
              {"id": "f", "outlet": "Tele Liban", "document_id": "6"}]
    assert reconcile(events)["number_of_sources"] == 4
