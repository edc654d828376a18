"""Two coders' databases coded apart, and the command line run on them (for merge tests)."""

from __future__ import annotations

import io
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from store import api
from store.cli.main import main


def run(*argv, login="alice") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main([str(a) for a in argv], login=login, out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def history_count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT COUNT(*) FROM history").fetchone()[0]
    finally:
        conn.close()


def rows(path: Path, sql: str, params=()) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


@dataclass
class TwoCoders:
    """alice's database (a.db) and bob's (b.db): each imported the seeds on its own machine
    and coded an event on the Idlib article; `event_a`/`event_b` are their ids."""

    a: Path
    b: Path
    event_a: str
    event_b: str

    def desk(self, who: str):
        return api.open(self.a if who == "alice" else self.b, login=who)

    def edit(self, who: str, event_id: str, **changes) -> None:
        with self.desk(who) as desk:
            desk.update_event(event_id, **changes)


def code_one_event(path: Path, login: str, date: str) -> str:
    with api.open(path, login=login) as desk:
        desk.import_seeds()
        hit = desk.search("Idlib")[0]
        event = desk.new_event(hit["document_id"])
        desk.label(hit["document_id"], hit["match_start"], hit["match_end"], "Location",
                   event_id=event["id"])
        desk.update_event(event["id"], date_start=date)
        return event["id"]


def two_coders(folder: Path) -> TwoCoders:
    a, b = folder / "a.db", folder / "b.db"
    return TwoCoders(a, b, code_one_event(a, "alice", "2018-02-12"),
                     code_one_event(b, "bob", "2018-02-11"))
