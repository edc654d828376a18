"""Typing-speed invariance: run one key script slowly and in one burst, compare what is stored.

A script is a list of key names as `pilot.press` takes them ("e", "enter", "tab",
"/" or "slash", single characters).  `run_script(path, keys, burst=False)` opens
the workstation on the database at `path`, opens the first document of the
library and types the script, either one key at a time, each waited for (a person
at two keys a second), or all posted at once without waiting (a paste, an SSH
connection that coalesces keys).  `records(path)` is what was stored, without
ids or times, so two runs on two copies of one database compare equal exactly when
they coded the same thing.  Use it with any script:

    slow = records_after(tmp_path / "slow.db", script, burst=False)
    fast = records_after(tmp_path / "fast.db", script, burst=True)
    assert fast == slow
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from textual import events
from textual.keys import _character_to_key

from store.db.connection import open_db
from tests.support.workstation import open_first, seeded_db, settle
from tui.app import EventDeskApp

_CHARACTERS = {"enter": "\r", "tab": "\t", "space": " ", "escape": "\x1b", "slash": "/"}


def key_event(name: str) -> events.Key:
    """The Key event a terminal sends for `name` (a key name or one character)."""
    if len(name) == 1:
        key = name if name.isalnum() else _character_to_key(name)
        return events.Key(key, name)
    return events.Key(name, _CHARACTERS.get(name))


async def quiet(pilot, rounds: int = 1000) -> None:
    """Wait until no key waits in the key queue, every save is answered and reads are done."""
    app = pilot.app
    for _ in range(rounds):
        await settle(pilot)
        if not app.keys.busy and app.writer.pending == 0:
            await settle(pilot)
            if not app.keys.busy and app.writer.pending == 0:
                return
        await asyncio.sleep(0.01)


async def type_script(pilot, keys: list[str], burst: bool, pause: float = 0.05) -> None:
    app = pilot.app
    if burst:
        for name in keys:
            app.post_message(key_event(name))  # all queued before the first is handled
    else:
        for name in keys:
            app.post_message(key_event(name))
            await quiet(pilot)
            await asyncio.sleep(pause)
    await quiet(pilot)


async def run_script(path: Path, keys: list[str], burst: bool, login: str = "alice") -> None:
    app = EventDeskApp(path, login, keymap={})
    async with app.run_test(size=(160, 50)) as pilot:
        await open_first(pilot)
        await type_script(pilot, keys, burst)


def records(path: Path) -> dict:
    """What is stored, comparable across databases: spans by offsets, events' fields and
    evidence by quote, claims by their spans' quotes; no ids, versions or times."""
    db = open_db(path)
    try:
        docs = {r["id"]: r["text_sha256"] for r in db.query("SELECT id, text_sha256 FROM documents")}
        spans = {r["id"]: r for r in db.query("SELECT * FROM spans")}

        def quote(span_id):
            span = spans.get(span_id)
            return None if span is None else (span["start"], span["end"], span["quote"])

        out = {"spans": sorted((docs[s["document_id"]], s["start"] or -1, s["end"] or -1, s["label"],
                                s["quote"]) for s in spans.values())}
        evs = []
        for e in db.query("SELECT * FROM events ORDER BY created_at, rowid"):
            fields = {k: v for k, v in e.items()
                      if k not in ("id", "version", "created_at", "updated_at", "approved_hash")}
            fields["document_id"] = docs[e["document_id"]]
            evidence = sorted(
                (r["field"], quote(r["span_id"]))
                for r in db.query("SELECT * FROM event_evidence WHERE event_id = ?", [e["id"]]))
            evs.append((json.dumps(fields, sort_keys=True, default=str), evidence))
        out["events"] = evs
        event_order = [e["id"] for e in db.query("SELECT id FROM events ORDER BY created_at, rowid")]
        out["claims"] = sorted(
            (docs[c["document_id"]], quote(c["content_span_id"]), quote(c["speaker_span_id"]),
             quote(c["cue_span_id"]), c["topic"], c["polarity"], c["certainty"],
             event_order.index(c["event_id"]) if c["event_id"] in event_order else None)
            for c in db.query("SELECT * FROM claims"))
        return out
    finally:
        db.close()


async def records_after(path: Path, keys: list[str], burst: bool) -> dict:
    """A fresh seeded database at `path`, the script typed into it, what it stored."""
    seeded_db(path)
    await run_script(path, keys, burst)
    return records(path)
