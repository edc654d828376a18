"""Resolving one name and finding an article's places, as a coder sees them."""

import time

from store.grounding.places import find_places, resolve_place

EDITOR_ATME = {"id": "local:5b1f", "name": "Atme", "alternate_names": ["Atmah"],
               "country": "SY", "admin1": "Idlib", "admin2": "Harim",
               "latitude": 36.2, "longitude": 36.69, "feature": "PPL"}


def test_spelling_variants_resolve_to_one_place(tiny_gazetteer):
    for spelling in ("Deir ez-Zor", "Deir al-Zour", "Deir Ezzor", "Dayr az Zawr"):
        assert resolve_place(spelling, tiny_gazetteer)["chosen"]["geonameid"] == 6


def test_an_editors_place_wins_in_a_syrian_article(tiny_gazetteer):
    gazetteer = tiny_gazetteer.with_extra([EDITOR_ATME])
    for spelling in ("Atmeh", "Atma", "Atme"):
        result = resolve_place(spelling, gazetteer, country="SY")
        assert result["chosen"]["id"] == "local:5b1f", spelling
        result = resolve_place(spelling, gazetteer, context="Idlib; Aleppo")
        assert result["chosen"]["id"] == "local:5b1f", spelling
    # The gazetteer underneath is unchanged.
    assert resolve_place("Atma", tiny_gazetteer)["chosen"]["country"] == "IN"


def test_the_documents_country_is_preferred(tiny_gazetteer):
    assert resolve_place("Alexandria", tiny_gazetteer)["chosen"]["country"] == "EG"
    us = resolve_place("Alexandria", tiny_gazetteer, country="US")["chosen"]
    assert (us["country"], us["admin1"]) == ("US", "Louisiana")
    assert resolve_place("Paris", tiny_gazetteer, country="usa")["chosen"]["admin1"] == "Texas"


def test_the_documents_other_places_pull_a_name_their_way(tiny_gazetteer):
    result = resolve_place("Alexandria", tiny_gazetteer, context="Rapides Parish")
    assert result["chosen"]["admin1"] == "Louisiana"
    assert "Rapides" not in result["why"] or "Louisiana" in result["why"]
    near = resolve_place("Paris", tiny_gazetteer, near=[(33.6, -95.5)])
    assert near["chosen"]["country"] == "US"


def test_loose_matches_are_offered_never_chosen(tiny_gazetteer):
    result = resolve_place("Khusham", tiny_gazetteer, country="SY")
    assert result["chosen"] is None and result["candidates"] == []
    assert [c["name"] for c in result["did_you_mean"]] == ["Khasham"]
    assert result["did_you_mean"][0]["loose"] is True
    assert "did you mean" in result["why"]


def test_a_loose_editor_place_is_only_a_suggestion(tiny_gazetteer):
    gazetteer = tiny_gazetteer.with_extra([EDITOR_ATME])
    result = resolve_place("Atimeh", gazetteer)
    assert result.get("chosen") is None
    assert any(c["id"] == "local:5b1f" for c in result.get("did_you_mean", []))


def test_unknown_country_code_is_unresolved_with_why(tiny_gazetteer):
    result = resolve_place("Idlib", tiny_gazetteer, country="XQ")
    assert result == {"unresolved": True, "why": "unknown country code 'XQ'"}


def test_a_place_in_no_gazetteer_is_unresolved_not_invented(tiny_gazetteer):
    result = resolve_place("Qwxyzzy", tiny_gazetteer)
    assert result["unresolved"] is True and "not in the gazetteer" in result["why"]


def test_empty_and_huge_input_give_clear_results(tiny_gazetteer):
    assert resolve_place("", tiny_gazetteer)["unresolved"] is True
    assert resolve_place("   ", tiny_gazetteer)["unresolved"] is True
    assert resolve_place("Idlib " * 10_000, tiny_gazetteer)["unresolved"] is True
    assert resolve_place(None, tiny_gazetteer)["unresolved"] is True
    assert resolve_place("Idlib", None)["unresolved"] is True
    assert find_places("", tiny_gazetteer) == []
    assert tiny_gazetteer.candidates("") == []


def test_bad_near_points_are_ignored(tiny_gazetteer):
    result = resolve_place("Paris", tiny_gazetteer, near=[(999, 999), ("a", None), (1,)])
    assert result["chosen"]["country"] == "FR"


def test_found_places_keep_exact_offsets_around_emoji_and_combining_marks(tiny_gazetteer):
    text = "🔥🔥 Clashes hit De\u0301ir ez-Zor 💥 and the town of Khasham; Idlib calm."
    mentions = find_places(text, tiny_gazetteer)
    for mention in mentions:
        assert text[mention.start:mention.end] == mention.quote
    quotes = [m.quote for m in mentions]
    assert "Khasham" in quotes and "Idlib" in quotes
    assert "De\u0301ir ez-Zor" in quotes


def test_an_article_pulls_its_places_together(tiny_gazetteer):
    text = "A fire in Alexandria was investigated by the Rapides Parish fire district."
    [alexandria] = [m for m in find_places(text, tiny_gazetteer) if m.quote == "Alexandria"]
    assert alexandria.chosen["admin1"] == "Louisiana"


def test_classic_false_positives_are_not_places(tiny_gazetteer):
    text = ("Man charged after crash. Henry said he drove from Mobile in March. "
            "The March meeting was held on Monday by Mr. Paris.")
    quotes = [m.quote for m in find_places(text, tiny_gazetteer)]
    assert quotes == []


def test_an_unknown_name_in_a_place_context_is_offered_without_a_value(tiny_gazetteer):
    text = "Shelling hit the village of Kafr Nabudah near Zzyzxville on Tuesday."
    by_quote = {m.quote: m for m in find_places(text, tiny_gazetteer)}
    assert by_quote["Kafr Nabudah"].chosen is None
    assert "the village of" in by_quote["Kafr Nabudah"].why
    assert by_quote["Zzyzxville"].chosen is None


def test_a_huge_article_is_bounded_and_fast(tiny_gazetteer):
    text = "Fighting in Idlib and Aleppo. " * 20_000
    started = time.process_time()
    mentions = find_places(text, tiny_gazetteer)
    assert time.process_time() - started < 20
    assert 0 < len(mentions) <= 2 * 2000


def test_a_stated_country_is_never_overruled_by_a_namesake_abroad(tiny_gazetteer):
    result = resolve_place("Atma", tiny_gazetteer, country="SY")
    assert result["chosen"] is None
    assert result["candidates"][0]["country"] == "IN"
    assert "not in the gazetteer for SY" in result["why"]


def test_a_division_word_the_index_lacks_still_finds_the_division(tiny_gazetteer):
    chosen = resolve_place("Idlib Province", tiny_gazetteer)["chosen"]
    assert (chosen["name"], chosen["feature"]) == ("Idlib", "ADM1")


def test_an_acronym_names_a_place_letter_for_letter_not_by_its_folded_spelling(tmp_path):
    # Seen in a real terminal: "US" folds like "Osh" (o->u, final h dropped), and a
    # Location suggestion for "US" soldiers filled Kyrgyzstan's Osh Region.
    from store.grounding.gazetteer import build_index, open_gazetteer

    def row(gid, name, country, feature, population, names=()):
        return {"id": f"geonames:{gid}", "geonameid": gid, "name": name, "names": [name, *names],
                "country": country, "admin1": None, "admin2": None, "latitude": 40.0,
                "longitude": 72.0 if country == "KG" else -98.0, "feature": feature,
                "population": population}

    path = tmp_path / "g.sqlite"
    build_index(path, [row(1, "Osh", "KG", "ADM1", 1_322_164),
                       row(2, "United States", "US", "PCLI", 327_000_000, ("US", "USA"))],
                version="t-1")
    g = open_gazetteer(path, build=False)
    try:
        text = "A number of US soldiers were hurt in a raid in the US on Monday."
        found = find_places(text, g)
        assert {m.quote for m in found} == {"US"}
        assert {m.chosen["name"] for m in found} == {"United States"}
        assert all(c["name"] != "Osh" for m in found for c in m.candidates)
    finally:
        g.close()


def test_a_name_remembered_from_one_article_ranks_the_same_in_the_next_whatever_came_first(tmp_path):
    # The gazetteer remembers each name's first ranking across articles (a batch); "Osh" and
    # the acronym "US" fold alike but name different rows, so neither may stand in for the other.
    from store.grounding.gazetteer import build_index, open_gazetteer

    def row(gid, name, country, feature, population, lat, lon, names=()):
        return {"id": f"geonames:{gid}", "geonameid": gid, "name": name, "names": [name, *names],
                "country": country, "admin1": None, "admin2": None, "latitude": lat,
                "longitude": lon, "feature": feature, "population": population}

    path = tmp_path / "g.sqlite"
    # Osh outweighs the United States here, so that "Osh" alone picks Osh.
    build_index(path, [row(1, "Osh", "KG", "ADM1", 900_000_000, 40.5, 72.8),
                       row(2, "United States", "US", "PCLI", 327_000_000, 39.8, -98.5, ("US", "USA")),
                       row(3, "Bishkek", "KG", "PPLC", 1_000_000, 42.9, 74.6),
                       row(4, "Texas", "US", "ADM1", 29_000_000, 31.0, -100.0)],
                version="t-2")
    first = "Fighting near Osh and Bishkek went on."
    second = "US soldiers in Texas and troops from Bishkek trained together."

    def places(text, g):
        return [(m.quote, m.chosen["name"] if m.chosen else None,
                 tuple((c["name"], round(c["score"], 9)) for c in m.candidates))
                for m in find_places(text, g)]

    alone, after = open_gazetteer(path, build=False), open_gazetteer(path, build=False)
    try:
        assert places(first, after)[0][:2] == ("Osh", "Osh")  # remembered in `after` only
        assert places(second, after) == places(second, alone)
    finally:
        alone.close()
        after.close()
