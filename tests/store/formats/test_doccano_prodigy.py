"""doccano and Prodigy JSONL: out in their formats, back in with offsets checked like brat's."""

from __future__ import annotations

import io
import json

import pytest

from store.cli.main import main
from store.db.connection import open_db
from store.records import people, spans
from store.records.documents import add_document, sha256_text
from tests.support.paths import FIXTURES

DOCCANO = FIXTURES / "doccano" / "sequence_labeling.jsonl"
PRODIGY = FIXTURES / "prodigy" / "ner_manual.jsonl"

TEXT = "Airstrike on Idlib city 😀 killed 13 civilians, local sources said."


def run_cli(db_path, *argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(["--db", str(db_path), *argv], login="alice", out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def stored_quotes(db_path) -> dict[str, list[tuple[str, str]]]:
    db = open_db(db_path)
    try:
        out: dict[str, list[tuple[str, str]]] = {}
        for row in db.query('SELECT d.text, s.quote, s.label, s.start, s."end" FROM spans s '
                            'JOIN documents d ON d.id = s.document_id ORDER BY d.rowid, s.start'):
            assert row["text"][row["start"]:row["end"]] == row["quote"]
            out.setdefault(row["text"], []).append((row["quote"], row["label"]))
        return out
    finally:
        db.close()


@pytest.fixture
def overlapping_db(db_path):
    """One document whose spans overlap: "Idlib city" (Location) contains "Idlib" (Place)."""
    db = open_db(db_path)
    people.ensure_user(db, "alice")
    doc = add_document(db, text=TEXT, bytes_sha256=sha256_text(TEXT), encoding="utf-8", actor="alice",
                       title="Idlib strike", url="https://example.org/idlib").id
    for quote, label in (("Airstrike", "Trigger"), ("Idlib city", "Location"), ("Idlib", "Place"),
                         ("13 civilians", "Killed"), ("local sources", "Speaker")):
        i = TEXT.index(quote)
        spans.add_span(db, doc, i, i + len(quote), label, "alice")
    db.close()
    return db_path


# --- doccano ----------------------------------------------------------------------------

def test_doccanos_own_example_imports_with_every_span_on_its_words(db_path):
    code, out, err = run_cli(db_path, "import", "--format", "doccano", str(DOCCANO))
    assert code == 0, err
    assert "imported 3, duplicates 0, refused 0" in out
    assert stored_quotes(db_path) == {
        "EU rejects German call to boycott British lamb.":
            [("EU", "ORG"), ("German", "MISC"), ("British", "MISC")],
        "Peter Blackburn": [("Peter Blackburn", "PERSON")],
        "President Obama": [("Obama", "PERSON")],
    }


def test_doccano_export_gives_doccanos_example_back(db_path):
    run_cli(db_path, "import", "--format", "doccano", str(DOCCANO))
    code, out, err = run_cli(db_path, "export", "--format", "doccano")
    assert code == 0, err
    theirs = lines(DOCCANO.read_text(encoding="utf-8"))
    ours = lines(out)
    assert [(r["text"], r["label"]) for r in ours] == [(r["text"], r["label"]) for r in theirs]
    assert all(r["document_id"] for r in ours)  # metadata beside text and label, as doccano keeps it


def test_doccano_export_carries_every_span_as_a_triple_and_the_metadata(overlapping_db):
    code, out, err = run_cli(overlapping_db, "export", "--format", "doccano")
    assert code == 0, err
    (record,) = lines(out)
    assert record["title"] == "Idlib strike" and record["url"] == "https://example.org/idlib"
    assert [record["text"][s:e] for s, e, _ in record["label"]] == [
        "Airstrike", "Idlib", "Idlib city", "13 civilians", "local sources"]
    code, out, _ = run_cli(overlapping_db, "export", "--format", "doccano", "--offsets", "utf16")
    (utf16,) = lines(out)
    killed = [s for s in utf16["label"] if s[2] == "Killed"][0]
    assert killed[0] == TEXT.index("13 civilians") + 1  # the emoji is two UTF-16 units


def test_doccano_import_reports_each_bad_span_with_file_and_line_and_goes_on(db_path, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join([
        json.dumps({"text": "Shelling in Atme.", "label": [[12, 16, "Location"]]}),
        json.dumps({"text": "Clashes near Sarmada.", "label": [[13, 20, "Location"], [5, 99, "Date"],
                                                                   ["x", 3, "Actor"], "positive"]}),
        "not json",
    ]) + "\n", encoding="utf-8")
    code, out, err = run_cli(db_path, "import", "--format", "doccano", str(path))
    assert code == 1
    assert "bad.jsonl:2: label 1 ('Date'): 5..99 is outside the text (0..21)" in err
    assert "bad.jsonl:2: label 2 ('Actor'): offsets must be whole numbers" in err
    assert "bad.jsonl:2: label 3 'positive' is a category of the whole text" in err
    assert "refused" in err and "bad.jsonl:3: is not valid JSON" in err
    assert "imported 2, duplicates 0, refused 1, annotation lines not stored 3" in out
    assert stored_quotes(db_path) == {"Shelling in Atme.": [("Atme", "Location")],
                                      "Clashes near Sarmada.": [("Sarmada", "Location")]}


def test_the_same_doccano_file_twice_stores_each_span_once(db_path):
    run_cli(db_path, "import", "--format", "doccano", str(DOCCANO))
    code, out, _ = run_cli(db_path, "import", "--format", "doccano", str(DOCCANO))
    assert code == 0 and "duplicates 3" in out
    assert sum(len(v) for v in stored_quotes(db_path).values()) == 5
    code, out, _ = run_cli(db_path, "verify")
    assert code == 0, out


# --- Prodigy ----------------------------------------------------------------------------

def test_prodigys_own_examples_import_and_a_rejected_task_is_skipped(db_path):
    code, out, err = run_cli(db_path, "import", "--format", "prodigy", str(PRODIGY))
    assert code == 0, err
    assert "imported 2, duplicates 0, refused 0, skipped 1" in out
    assert 'ner_manual.jsonl:3: a Prodigy task answered "reject"' in out
    assert stored_quotes(db_path) == {
        "First look at the new MacBook Pro": [("MacBook Pro", "PRODUCT")],
        "Apple updates its analytics service with new metrics": [("Apple", "ORG")],
    }


def test_prodigy_export_with_tokens_matches_prodigys_example(db_path):
    run_cli(db_path, "import", "--format", "prodigy", str(PRODIGY))
    code, out, err = run_cli(db_path, "export", "--format", "prodigy", "--tokens")
    assert code == 0, err
    theirs = lines(PRODIGY.read_text(encoding="utf-8"))[0]
    ours = [t for t in lines(out) if t["text"] == theirs["text"]][0]
    assert [(t["text"], t["start"], t["end"], t["id"]) for t in ours["tokens"]] == [
        (t["text"], t["start"], t["end"], t["id"]) for t in theirs["tokens"]]
    assert ours["spans"] == theirs["spans"]
    assert ours["answer"] == "accept" and ours["meta"]["document_id"]
    assert [t["ws"] for t in ours["tokens"]] == [True] * 6 + [False]


def test_prodigy_export_without_tokens_has_none(overlapping_db):
    code, out, _ = run_cli(overlapping_db, "export", "--format", "prodigy")
    assert code == 0
    assert all("tokens" not in t and all("token_start" not in s for s in t["spans"]) for t in lines(out))


def test_overlapping_spans_become_one_task_per_layer_said_in_a_line_and_come_back_as_one(
        overlapping_db, tmp_path):
    code, out, err = run_cli(overlapping_db, "export", "--format", "prodigy", "--tokens")
    assert code == 0
    assert "1 documents have overlapping spans" in err and "one task per layer" in err
    tasks = lines(out)
    assert [t["meta"]["layer"] for t in tasks] == [0, 1]
    for task in tasks:
        ends = [(s["start"], s["end"]) for s in task["spans"]]
        assert all(a[1] <= b[0] for a, b in zip(ends, ends[1:])), "a layer never overlaps"
        for s in task["spans"]:
            toks = task["tokens"]
            assert toks[s["token_start"]]["start"] == s["start"]
            assert toks[s["token_end"]]["end"] == s["end"]
    assert sorted(TEXT[s["start"]:s["end"]] for t in tasks for s in t["spans"]) == sorted(
        ["Airstrike", "Idlib city", "Idlib", "13 civilians", "local sources"])
    exported = tmp_path / "tasks.jsonl"
    exported.write_text(out, encoding="utf-8")
    other = tmp_path / "other.db"
    code, out, err = run_cli(other, "import", "--format", "prodigy", str(exported))
    assert code == 0, err
    assert "imported 1, duplicates 1" in out  # the second layer joins the first document
    assert sorted(stored_quotes(other)[TEXT]) == sorted([
        ("Airstrike", "Trigger"), ("Idlib city", "Location"), ("Idlib", "Place"),
        ("13 civilians", "Killed"), ("local sources", "Speaker")])


def test_prodigy_import_checks_span_text_and_tokens(db_path, tmp_path):
    text = "Shelling in Atme."
    tokens = [{"text": "Shelling", "start": 0, "end": 8, "id": 0}, {"text": "in", "start": 9, "end": 11, "id": 1},
              {"text": "Atme", "start": 12, "end": 16, "id": 2}, {"text": ".", "start": 16, "end": 17, "id": 3}]
    path = tmp_path / "tasks.jsonl"
    path.write_text(json.dumps({"text": text, "tokens": tokens, "spans": [
        {"start": 12, "end": 16, "label": "Location", "token_start": 2, "token_end": 2},
        {"start": 0, "end": 8, "label": "Trigger", "text": "Shellin"},
        {"start": 9, "end": 16, "label": "Place", "token_start": 2, "token_end": 2},
    ]}) + "\n", encoding="utf-8")
    code, out, err = run_cli(db_path, "import", "--format", "prodigy", str(path))
    assert code == 1
    assert "tasks.jsonl:1: span 1 ('Trigger'): its text 'Shellin' is not the text at 0..8" in err
    assert "tasks.jsonl:1: span 2 ('Place'): tokens 2..2 do not start and end at 9..16" in err
    assert stored_quotes(db_path) == {text: [("Atme", "Location")]}


def test_tokens_option_is_refused_for_other_formats(overlapping_db):
    code, _, err = run_cli(overlapping_db, "export", "--format", "doccano", "--tokens")
    assert code == 1 and "--tokens applies to --format prodigy" in err
