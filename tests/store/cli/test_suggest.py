"""`eventdesk suggest` as a script uses it: JSON lines per document, accept-all recorded like a coder's."""

import io
import json

import pytest

from store.cli import main as cli
from store.db.connection import open_db
from store.records import documents, people
from store.records.spans import list_spans

TEXT = ("On Wednesday a raid near Atme killed at least 13 people, the Pentagon said.\x1b[31m"
        " On Tuesday 4 were wounded \u202e.\n")


def run(db_path, *argv):
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["--db", str(db_path), *argv], login="alice", out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def docs(db_path, monkeypatch, tmp_path):
    monkeypatch.setenv("EVENTDESK_GAZETTEER", str(tmp_path / "no-gazetteer.sqlite"))
    db = open_db(db_path)
    people.ensure_user(db, "alice")
    ids = [documents.add_document(db, text=t, bytes_sha256=documents.sha256_bytes(t.encode()),
                                  encoding="utf-8", actor="alice", published="2022-02-03").id
           for t in (TEXT, "Nothing happened here.\n")]
    db.close()
    return ids


def test_json_lines_one_per_document(db_path, docs):
    code, out, err = run(db_path, "suggest", "--json")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 2
    assert "\x1b" not in out and "\u202e" not in out  # inert on a terminal, same JSON value
    first = json.loads(lines[0])
    assert first["document_id"] == docs[0]
    assert json.loads(lines[1]) == {"document_id": docs[1], "suggestions": []}
    for s in first["suggestions"]:
        assert TEXT[s["start"]:s["end"]] == s["quote"]
        assert {"label", "start", "end", "quote", "value", "why"} <= set(s)
    assert {"Date", "Killed", "Injured", "Claim"} <= {s["label"] for s in first["suggestions"]}
    assert "place suggestions off" in err and err.count("\n") == 1
    code, out, _ = run(db_path, "suggest", docs[1][:8], "--json")
    assert out.count("\n") == 1


def test_accept_all_is_recorded_like_a_coder(db_path, docs):
    code, out, _ = run(db_path, "suggest", "--accept-all", "Date", docs[0])
    assert code == 0 and out.startswith("accepted 2 Date suggestions")
    db = open_db(db_path)
    spans = list_spans(db, docs[0])
    assert {(s["quote"], s["author"], s["suggested_by"]) for s in spans} == {
        ("Wednesday", "alice", "dates"), ("Tuesday", "alice", "dates")}
    history = db.execute("SELECT count(*) FROM history WHERE entity = 'span' AND actor = 'alice'").fetchone()[0]
    assert history == 2
    db.close()
    _, out, _ = run(db_path, "suggest", docs[0], "--json")
    assert "Date" not in {s["label"] for s in json.loads(out)["suggestions"]}
    code, _, err = run(db_path, "suggest", "--accept-all", "Date", docs[0])
    assert code == 1 and "no Date suggestions" in err and "Traceback" not in err


def test_batch_run(db_path, docs):
    code, out, _ = run(db_path, "suggest", "--all")
    assert code == 0 and "computed for 2 documents" in out
    code, out, _ = run(db_path, "suggest", "--all")
    assert "computed for 0 documents" in out
