"""Stored suggestions: computed per document, capped, recomputed without losing rejections."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from store.records import suggestions as sugg
from store.records.spans import add_span
from tests.support.workstation import add_text

ROOT = Path(__file__).resolve().parents[3]

TEXT = ("On Wednesday night a US raid near Atme killed at least 13 people, "
        "including six children, the Pentagon said. The Syrian Observatory said "
        "\"many were civilians\".\n")


def test_computed_suggestions_are_stored_with_exact_offsets(fresh_db):
    doc = add_text(fresh_db, TEXT, published="2022-02-03")
    count = sugg.compute_and_store(fresh_db, doc)
    rows = sugg.stored(fresh_db, doc)
    assert count == len(rows) > 0
    for row in rows:
        assert TEXT[row["start"]:row["end"]] == row["quote"]
    labels = {r["label"] for r in rows}
    assert {"Date", "Killed", "Claim"} <= labels
    date = next(r for r in rows if r["label"] == "Date")
    assert date["value"]["start"] == "2022-02-02"  # Wednesday before the article's Thursday
    claim = next(r for r in rows if r["label"] == "Claim")
    assert [p["label"] for p in claim["parts"]] == ["Speaker", "Cue", "Content"]
    assert sugg.is_computed(fresh_db, doc)


def test_ids_survive_a_recompute_and_rejections_are_never_offered_again(fresh_db):
    doc = add_text(fresh_db, TEXT + "Atme was hit again on Wednesday.\n", published="2022-02-03")
    sugg.compute_and_store(fresh_db, doc)
    first = {r["id"] for r in sugg.stored(fresh_db, doc)}
    dates = [r for r in sugg.pending(fresh_db, doc) if r["label"] == "Date" and r["quote"] == "Wednesday"]
    sugg.reject(fresh_db, doc, "Date", "Wednesday", "alice")
    pending = sugg.pending(fresh_db, doc)
    assert not [r for r in pending if r["label"] == "Date" and r["quote"].casefold() == "wednesday"]
    assert dates  # there was something to reject
    sugg.compute_and_store(fresh_db, doc)
    again = sugg.pending(fresh_db, doc)
    assert not [r for r in again if r["label"] == "Date" and r["quote"] == "Wednesday"]
    assert {r["id"] for r in sugg.stored(fresh_db, doc)} == first


def test_a_span_on_the_same_words_settles_a_suggestion(fresh_db):
    doc = add_text(fresh_db, TEXT, published="2022-02-03")
    sugg.compute_and_store(fresh_db, doc)
    killed = next(r for r in sugg.pending(fresh_db, doc) if r["label"] == "Killed")
    add_span(fresh_db, doc, killed["start"], killed["end"], "Killed", "alice")
    assert killed["id"] not in {r["id"] for r in sugg.pending(fresh_db, doc)}


def test_batch_run_computes_what_is_missing_in_short_transactions(fresh_db):
    docs = [add_text(fresh_db, TEXT.replace("13", str(10 + i))) for i in range(7)]
    assert set(sugg.needing_suggestions(fresh_db)) == set(docs)
    seen = []
    assert sugg.compute_batch(fresh_db, sugg.needing_suggestions(fresh_db), batch=3,
                              progress=seen.append) == 7
    assert seen == [3, 6, 7]
    assert sugg.needing_suggestions(fresh_db) == []


def test_suggestions_stay_bounded_on_a_hostile_text(fresh_db):
    text = ("Near Aleppo, near Homs, in Idlib, killed 3 people. " * 4000) + "\x1b[31m" + "X" * 2_000_000
    doc = add_text(fresh_db, text)
    count = sugg.compute_and_store(fresh_db, doc)
    assert 0 < count <= sugg.CAP
    for row in sugg.stored(fresh_db, doc)[:50]:
        assert text[row["start"]:row["end"]] == row["quote"]


def test_places_come_from_the_gazetteer_when_it_is_there(fresh_db, suggest_gazetteer):
    doc = add_text(fresh_db, TEXT)
    sugg.compute_and_store(fresh_db, doc, gazetteer=suggest_gazetteer)
    places = [r for r in sugg.stored(fresh_db, doc) if r["label"] == "Location"]
    assert any(r["quote"] == "Atme" for r in places)
    assert sugg.needing_suggestions(fresh_db, places=True) == []


def test_a_long_text_is_read_in_pieces_with_exact_offsets(fresh_db):
    from store.records.suggestions import pieces
    text = ("Near Atme on Wednesday 3 people were killed, the Pentagon said.\n" * 600) + "word " * 9000
    assert "".join(p for _, p in pieces(text)) == text
    assert all(text[o:o + len(p)] == p for o, p in pieces(text))
    doc = add_text(fresh_db, text, published="2022-02-03")
    sugg.compute_and_store(fresh_db, doc)
    rows = sugg.stored(fresh_db, doc)
    assert len(rows) == sugg.CAP
    assert rows[-1]["start"] > sugg.PIECE_CHARS  # found past the first piece
    for row in rows:
        assert text[row["start"]:row["end"]] == row["quote"]
        for part in row["parts"]:
            assert text[part["start"]:part["end"]] == part["quote"]


def _long_text() -> str:
    return ("Near Atme on Wednesday 3 people were killed, the Pentagon said. "
            "Zzyzx Springs was quiet.\n" * 800)


def test_a_long_text_computed_in_the_helper_process_gives_the_same_suggestions(suggest_gazetteer):
    from store.records import suggest_process
    from store.suggest.learned import LearnedPatterns
    text = _long_text()
    assert len(text) >= suggest_process.ISOLATE_CHARS
    gazetteer = suggest_gazetteer.with_extra([{"name": "Zzyzx Springs", "country": "US",
                                               "latitude": 35.14, "longitude": -116.1}])
    context = sugg.Context.of(gazetteer, LearnedPatterns([{"label": "Actor", "quote": "the Pentagon",
                                                           "author": "alice"}]), ("Pentagon",))
    here = sugg.compute_here(text, published="2022-02-03", rejected=frozenset(), context=context)
    isolated = suggest_process.compute_isolated(sugg._compute_in_helper, text, "2022-02-03",
                                                frozenset(), context.spec())
    assert isolated == here
    assert {s.quote for s in here if s.label == "Location"} >= {"Atme", "Zzyzx Springs"}
    for s in isolated:
        assert text[s.start:s.end] == s.quote


def test_without_the_helper_process_a_long_text_is_computed_in_the_thread(fresh_db, monkeypatch):
    from concurrent.futures.process import BrokenProcessPool

    from store.records import suggest_process

    class Broken:
        def submit(self, *args):
            raise BrokenProcessPool("gone")

        def shutdown(self, **kwargs):
            pass

    monkeypatch.setattr(suggest_process, "_executor", lambda: Broken())
    text = _long_text()
    doc = add_text(fresh_db, text, published="2022-02-03")
    assert sugg.compute_and_store(fresh_db, doc) > 0
    context = sugg.Context(fresh_db)
    assert [r["quote"] for r in sugg.stored(fresh_db, doc)] == [
        s.quote for s in sorted(sugg.compute_here(text, published="2022-02-03", rejected=frozenset(),
                                                  context=context),
                                key=lambda s: (s.start, s.end, s.label))]


_UNDER_TEXTUAL = r'''
import sys


class PrintCapture:
    """What Textual puts in sys.stderr while an app runs: fileno() is -1."""

    def write(self, text):
        return len(text)

    def flush(self):
        pass

    def fileno(self):
        return -1


sys.stderr = PrintCapture()
from store.records import suggest_process
from store.records import suggestions as sugg
from store.suggest.learned import LearnedPatterns

text = ("Near Atme on Wednesday 3 people were killed, the Pentagon said.\n" * 1200)
context = sugg.Context.of(None, LearnedPatterns([]), ())
found = suggest_process.compute_isolated(sugg._compute_in_helper, text, "2022-02-03",
                                         frozenset(), context.spec())
sys.stdout.write("helper process: " + ("none" if found is None else str(len(found))) + "\n")
'''


def test_the_helper_process_starts_where_stderr_has_no_file_descriptor():
    """In the workstation sys.stderr is Textual's capture (fileno -1); the helper
    process for a long article must still start, in a process where nothing started
    multiprocessing's resource tracker before, and print nothing to descriptor 2
    (the terminal the screen is drawn on)."""
    # run with -c: the spawned helper does not run a `-c` main module again
    done = subprocess.run([sys.executable, "-c", _UNDER_TEXTUAL], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    count = done.stdout.strip().removeprefix("helper process: ")
    assert count.isdigit() and int(count) > 0, done.stdout
    assert done.stderr == ""


def test_suggestions_stored_a_row_each_move_into_their_document_with_the_same_ids(db_path):
    import json
    import sqlite3

    from store.db import schema
    from store.db.connection import open_db
    from store.db.later_migrations import _m013_suggestions_per_document

    conn = sqlite3.connect(db_path, isolation_level=None)
    number = schema.MIGRATIONS.index(_m013_suggestions_per_document) + 1
    for version, migration in enumerate(schema.MIGRATIONS[:number - 1], start=1):
        conn.execute("BEGIN")
        migration(conn)
        conn.execute(f"PRAGMA user_version = {version}")
        conn.execute("COMMIT")
    conn.execute("INSERT INTO documents (id, text, length, text_sha256, bytes_sha256, encoding,"
                 " imported_by, imported_at) VALUES ('d0', ?, ?, 'h', '0', 'utf-8', 'x', 'now')",
                 [TEXT, len(TEXT)])
    place = {"name": "Atme", "country": "SY", "score": 12.5}
    old = [  # as the per-row table held them, out of reading order
        ("Location", 34, 38, "Atme", json.dumps(place), "gazetteer: Atme, SY", "places", None),
        ("Date", 3, 12, "Wednesday", None, "rule weekday", "dates", None),
        ("Claim", 0, 64, TEXT[:64], None, "rule claim", "claims",
         json.dumps([{"label": "Cue", "start": 59, "end": 63, "quote": TEXT[59:63]}]))]
    for label, start, end, quote, value, why, suggester, parts in old:
        conn.execute('INSERT INTO suggestions (id, document_id, label, start, "end", quote, value,'
                     " why, suggester, parts) VALUES (?, 'd0', ?, ?, ?, ?, ?, ?, ?, ?)",
                     [sugg.suggestion_id("d0", label, start, end), label, start, end, quote,
                      value, why, suggester, parts])
    conn.execute("INSERT INTO suggestion_runs (document_id, computed_at, count) VALUES ('d0', 'now', 3)")
    conn.close()
    db = open_db(db_path)  # migrates
    rows = sugg.stored(db, "d0")
    assert [(r["label"], r["start"]) for r in rows] == [("Claim", 0), ("Date", 3), ("Location", 34)]
    assert rows[2]["value"] == place and rows[1]["value"] is None
    assert rows[0]["parts"][0]["label"] == "Cue" and rows[1]["parts"] == []
    assert sugg.get_suggestion(db, "d0", sugg.suggestion_id("d0", "Date", 3, 12))["quote"] == "Wednesday"
    assert db.execute("SELECT 1 FROM sqlite_master WHERE name = 'suggestions'").fetchone() is None
    db.close()
