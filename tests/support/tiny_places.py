"""Handfuls of gazetteer rows written for the tests (no package data).

`TINY_ROWS` serve the grounding tests; `SUGGEST_ROWS` the suggester's (an Indian
Atma beside Syrian places, to show a document's country winning).
"""


def place(geonameid, name, country, lat, lon, *, admin1=None, admin2=None,
          feature="PPL", population=0, names=()):
    return {"id": f"geonames:{geonameid}", "geonameid": geonameid, "name": name,
            "names": [name, *names], "country": country, "admin1": admin1, "admin2": admin2,
            "latitude": lat, "longitude": lon, "feature": feature, "population": population}


TINY_ROWS = [
    place(1, "Syria", "SY", 35.0, 38.0, feature="PCLI", population=22_000_000,
          names=["Syrian Arab Republic", "Syrian"]),
    place(2, "United States", "US", 39.76, -98.5, feature="PCLI", population=310_000_000,
          names=["U.S.", "USA", "America"]),
    place(3, "Egypt", "EG", 27.0, 30.0, feature="PCLI", population=98_000_000),
    place(4, "Idlib", "SY", 35.8, 36.6, admin1="Idlib", feature="ADM1", population=1_500_000,
          names=["Idlib Governorate"]),
    place(5, "Idlib", "SY", 35.93, 36.63, admin1="Idlib", population=165_000),
    place(6, "Deir ez-Zor", "SY", 35.34, 40.14, admin1="Deir ez-Zor", population=240_000,
          names=["Dayr az Zawr", "Deir al-Zour"]),
    place(7, "Khasham", "SY", 35.33, 40.28, admin1="Deir ez-Zor", population=6_000),
    # A larger namesake elsewhere, so that an editor's Syrian Atme has to beat it.
    place(8, "Atma", "IN", 26.1, 83.2, admin1="Uttar Pradesh", population=25_000),
    place(9, "Alexandria", "EG", 31.2, 29.92, admin1="Alexandria", population=5_000_000),
    place(10, "Alexandria", "US", 31.31, -92.45, admin1="Louisiana", admin2="Rapides Parish",
          population=47_000),
    place(11, "Rapides Parish", "US", 31.2, -92.5, admin1="Louisiana", admin2="Rapides Parish",
          feature="ADM2", population=130_000),
    place(12, "Louisiana", "US", 31.0, -92.0, admin1="Louisiana", feature="ADM1",
          population=4_500_000, names=["La."]),
    place(13, "Paris", "FR", 48.85, 2.35, admin1="Île-de-France", feature="PPLC",
          population=2_100_000),
    place(14, "Paris", "US", 33.66, -95.56, admin1="Texas", population=25_000),
    place(15, "Man", "CI", 7.41, -7.55, admin1="Montagnes", population=150_000),
    place(16, "Henry", "US", 41.11, -89.36, admin1="Illinois", population=2_400),
    place(17, "Mobile", "US", 30.69, -88.04, admin1="Alabama", population=190_000),
    place(18, "March", "GB", 52.55, 0.09, admin1="England", population=22_000),
    place(19, "Aleppo", "SY", 36.2, 37.16, admin1="Aleppo", population=1_600_000,
          names=["Halab"]),
]


SUGGEST_ROWS = [
    {"id": "geonames:1", "geonameid": 1, "name": "Idlib", "names": ["Idlib", "Idlib Governorate"],
     "country": "SY", "admin1": "Idlib", "admin2": None, "latitude": 35.8, "longitude": 36.6,
     "feature": "ADM1", "population": 1_500_000},
    {"id": "geonames:2", "geonameid": 2, "name": "Aleppo", "names": ["Aleppo", "Halab"],
     "country": "SY", "admin1": "Aleppo", "admin2": None, "latitude": 36.2, "longitude": 37.16,
     "feature": "PPL", "population": 1_600_000},
    {"id": "geonames:3", "geonameid": 3, "name": "Atma", "names": ["Atma"], "country": "IN",
     "admin1": "Uttar Pradesh", "admin2": None, "latitude": 26.1, "longitude": 83.2,
     "feature": "PPL", "population": 25_000},
]
