"""Location suggestions a coder accepts or rejects with one key."""

from store.suggest.places import suggest_places

ATME = {"id": "local:9a0c", "name": "Atme", "alternate_names": ["Atmeh"], "country": "SY",
        "admin1": "Idlib", "admin2": "Harim", "latitude": 36.2, "longitude": 36.69}


def test_each_place_becomes_a_location_suggestion_with_its_value(suggest_gazetteer):
    gazetteer = suggest_gazetteer.with_extra([ATME])
    text = "Airstrikes hit Atmeh in Idlib province 🇸🇾, residents said."
    suggestions = suggest_places(text, gazetteer)
    assert [s.quote for s in suggestions] == ["Atmeh", "Idlib"]
    atmeh = suggestions[0]
    assert (atmeh.label, atmeh.suggester) == ("Location", "places")
    assert atmeh.value["id"] == "local:9a0c"
    assert atmeh.why == "gazetteer: Atme, Harim, Idlib, SY"
    for s in suggestions:
        assert text[s.start:s.end] == s.quote


def test_a_place_the_gazetteer_lacks_is_offered_without_a_value(suggest_gazetteer):
    text = "Shelling was reported near Kafr Nabudah on Tuesday."
    [suggestion] = suggest_places(text, suggest_gazetteer)
    assert suggestion.quote == "Kafr Nabudah" and suggestion.value is None
    assert suggestion.why == "place context 'near Kafr Nabudah', not in the gazetteer"


def test_the_coders_country_decides_between_namesakes(suggest_gazetteer):
    gazetteer = suggest_gazetteer.with_extra([ATME])
    [suggestion] = suggest_places("Rockets fell on Atma overnight.", gazetteer, country="SY")
    assert suggestion.value["country"] == "SY"


def test_no_text_no_suggestions(suggest_gazetteer):
    assert suggest_places("", suggest_gazetteer) == []
    assert suggest_places("no capitalised words here at all.", suggest_gazetteer) == []
