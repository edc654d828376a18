"""Editors' places: what the packaged gazetteer lacks (Atme is in no file we have).

Stored in the project database with their history; `gazetteer_for(db)` is the
packaged gazetteer plus these, so once added a place matches everywhere, for
everyone who opens the project.
"""

from __future__ import annotations

import json

import sqlite_utils

from store.db.connection import new_id, transaction, utc_now
from store.errors import StoreError
from store.grounding.countries import country_code
from store.records import history, people

FEATURES = ("PPL", "ADM1", "ADM2", "ADM3", "PCLI", "AREA", "OTHER")


def list_places(db: sqlite_utils.Database) -> list[dict]:
    rows = list(db.query("SELECT * FROM editor_places ORDER BY name, id"))
    for row in rows:
        row["alternate_names"] = json.loads(row["alternate_names"] or "[]")
    return rows


def add_place(db: sqlite_utils.Database, actor: str, *, name: str, alternate_names=(),
              country: str | None = None, admin1=None, admin2=None, latitude=None, longitude=None,
              feature: str = "PPL") -> dict:
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise StoreError("a place needs a name (at most 200 characters)")
    code = None
    if country:
        code = country_code(country)
        if code is None:
            raise StoreError(f"unknown country code {country!r}")
    for label, value, bound in (("latitude", latitude, 90), ("longitude", longitude, 180)):
        if value is not None and not (-bound <= float(value) <= bound):
            raise StoreError(f"{label} must be between -{bound} and {bound}, not {value}")
    if (latitude is None) != (longitude is None):
        raise StoreError("give both latitude and longitude, or neither")
    feature = (feature or "PPL").upper()
    if feature not in FEATURES:
        raise StoreError(f"feature must be one of {', '.join(FEATURES)}, not {feature!r}")
    row = {"id": f"local:{new_id()}", "name": name,
           "alternate_names": json.dumps([a.strip() for a in alternate_names if a.strip()],
                                         ensure_ascii=False),
           "country": code, "admin1": admin1 or None, "admin2": admin2 or None,
           "latitude": None if latitude is None else float(latitude),
           "longitude": None if longitude is None else float(longitude),
           "feature": feature, "created_by": actor, "created_at": utc_now()}
    with transaction(db):
        people.require(db, actor, "review", "adding places to the gazetteer")
        db["editor_places"].insert(row)
        history.record(db, actor=actor, action="create", entity="place", entity_id=row["id"], after=row)
    return {**row, "alternate_names": json.loads(row["alternate_names"])}


def remove_place(db: sqlite_utils.Database, actor: str, place_id: str) -> dict:
    with transaction(db):
        people.require(db, actor, "review", "removing places from the gazetteer")
        rows = list(db.query("SELECT * FROM editor_places WHERE id = ? OR id = ?",
                             [place_id, f"local:{place_id}"]))
        if not rows:
            raise StoreError(f"no editor's place with id {place_id}")
        db.execute("DELETE FROM editor_places WHERE id = ?", [rows[0]["id"]])
        history.record(db, actor=actor, action="delete", entity="place", entity_id=rows[0]["id"],
                       before=rows[0])
    return rows[0]


_PACKAGED = {}


def packaged_gazetteer():
    """The packaged index, opened once per process (never built here: `eventdesk ground`
    builds it with a progress bar the first time)."""
    import sqlite3

    cached = _PACKAGED.get("g")
    if cached is not None and getattr(cached, "_db", None) is not None:
        try:
            cached._db.execute("SELECT 1")
        except sqlite3.ProgrammingError:  # closed under us (a test's clean-up): open again
            cached = None
    if cached is None:
        from store.grounding.gazetteer import open_gazetteer
        cached = _PACKAGED["g"] = open_gazetteer(build=False)
    return cached


def gazetteer_for(db: sqlite_utils.Database | None, base=None):
    """The packaged gazetteer with this project's editors' places added."""
    base = base if base is not None else packaged_gazetteer()
    if db is None:
        return base
    return base.with_extra(list_places(db))
