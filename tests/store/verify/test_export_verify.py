"""Export (lossless JSON, original files byte for byte) and verify, including tampering."""

import codecs
import io
import json
import sqlite3

import pytest

from store.cli.main import main
from store.ingest.importer import import_paths
from store.records import claims, documents, events, spans
from store.verify.checks import verify
from tests.support.paths import SEEDS


def run_cli(db_path, *argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(["--db", str(db_path), *argv], login="alice", out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def coded(fresh_db):
    """The seeds, with a span, an event using it as evidence and a claim."""
    summary = import_paths(fresh_db, [SEEDS], "alice")
    doc = summary.ids[0]
    text = documents.get_text(fresh_db, doc)
    start = text.index("Atme")
    place = spans.add_span(fresh_db, doc, start, start + 4, "Location", "alice")
    event = events.create_event(fresh_db, doc, "alice")
    events.set_field_from_span(fresh_db, event["id"], 1, "location", place["id"], "alice")
    # Its words are the place itself (a claim always has content; one span keeps the counts).
    claims.create_claim(fresh_db, doc, "alice", speaker_span_id=place["id"], topic="location",
                        content_span_id=place["id"])
    return fresh_db, doc, place, event


def test_json_export_has_every_record_and_the_documented_keys(coded, db_path, tmp_path):
    db, doc, place, event = coded
    code, out, err = run_cli(db_path, "export", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert (data["format"], data["version"]) == ("eventdesk", 1)
    assert len(data["documents"]) == 5
    exported = {d["id"]: d for d in data["documents"]}[doc]
    assert exported["text"] == documents.get_text(db, doc)
    assert {"title", "outlet", "published", "source", "url", "encoding", "bom", "text_sha256",
            "bytes_sha256"} <= set(exported)
    [span] = data["spans"]
    assert span["id"] == place["id"] and exported["text"][span["start"]:span["end"]] == span["quote"] == "Atme"
    assert {"document_id", "label", "author", "prefix", "suffix", "anchor", "original_quote",
            "group_id"} <= set(span)
    [ev] = data["events"]
    assert ev["id"] == event["id"] and ev["fields"]["location"] == "Atme"
    assert ev["evidence"] == {"location": [place["id"]]}
    assert len(data["claims"]) == 1 and data["reviews"] == []
    assert len(data["history"]) == db.execute("SELECT COUNT(*) FROM history").fetchone()[0]


def test_output_file_is_written_atomically_and_a_failed_export_keeps_the_old_file(coded, db_path, tmp_path):
    db, doc, place, _ = coded
    target = tmp_path / "export.json"
    assert run_cli(db_path, "export", "--output", str(target))[0] == 0
    good = target.read_bytes()
    assert json.loads(good)["format"] == "eventdesk"
    raw = sqlite3.connect(db_path)
    raw.execute("UPDATE spans SET quote = 'Atma' WHERE id = ?", [place["id"]])
    raw.commit()
    code, out, err = run_cli(db_path, "export", "--output", str(target))
    assert code == 1 and f"span {place['id']}: quote differs" in err
    assert target.read_bytes() == good
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".export")] == []


def test_text_export_gives_back_the_original_files_byte_for_byte(fresh_db, db_path, tmp_path):
    originals = {
        "utf8.txt": "Atme \u2019raid\u2019\n".encode(),
        "bom.txt": codecs.BOM_UTF8 + "Atme\r\nbody".encode(),
        "utf16.txt": codecs.BOM_UTF16_LE + "Idlib \u0130\r\nbody".encode("utf-16-le"),
        "utf16be.txt": codecs.BOM_UTF16_BE + "Idlib\rbody".encode("utf-16-be"),
        "crlf.txt": b"Title\r\n\r\nbody\r\n",
        "ctl.txt": b"T \x1b[31m\x07 \xe2\x80\xae",
    }
    src = tmp_path / "src"
    src.mkdir()
    for name, data in originals.items():
        (src / name).write_bytes(data)
    assert run_cli(db_path, "import", str(src))[0] == 0
    assert run_cli(db_path, "import", str(SEEDS))[0] == 0
    out_dir = tmp_path / "out"
    code, _, err = run_cli(db_path, "export", "--format", "text", "--output", str(out_dir))
    assert code == 0 and "exported 11 documents" in err
    for name, data in originals.items():
        assert (out_dir / name).read_bytes() == data
    for seed in SEEDS.glob("*.txt"):
        assert (out_dir / seed.name).read_bytes() == seed.read_bytes()


def test_export_unknown_format_and_folder_without_output_are_one_line(db_path):
    code, _, err = run_cli(db_path, "export", "--format", "pdf")
    assert code == 1 and err.startswith("eventdesk: unknown export format 'pdf'")
    code, _, err = run_cli(db_path, "export", "--format", "text")
    assert code == 1 and "--output DIR" in err


def test_verify_is_ok_on_normal_work(coded, db_path):
    code, out, _ = run_cli(db_path, "verify")
    assert code == 0
    assert out.startswith("ok: 5 documents, 1 spans, 1 events, 1 claims, 0 reviews,")


def tamper(db_path, *statements, drop_history_guards=False):
    raw = sqlite3.connect(db_path)
    raw.execute("PRAGMA foreign_keys = OFF")
    if drop_history_guards:
        raw.execute("DROP TRIGGER history_no_update")
        raw.execute("DROP TRIGGER history_no_delete")
    for sql, params in statements:
        raw.execute(sql, params)
    raw.commit()
    raw.close()


def violations(db_path):
    code, out, _ = run_cli(db_path, "verify")
    assert code == 1
    return out.splitlines()


def test_verify_names_a_span_whose_quote_no_longer_matches(coded, db_path):
    _, doc, place, _ = coded
    tamper(db_path, ("UPDATE spans SET start = start + 1 WHERE id = ?", [place["id"]]))
    lines = violations(db_path)
    assert (f"spans: span {place['id']} in document {doc}: quote is not the text at "
            f"{place['start'] + 1}..{place['end']}") in lines
    # store/integrity.py's replay names the field that moved as well.
    assert [line for line in lines if not line.startswith(("spans:", "replay:"))] == []


def test_verify_names_text_edited_without_its_hash(coded, db_path):
    _, doc, _, _ = coded
    tamper(db_path, ("UPDATE documents SET text = replace(text, 'Atme', 'Atma') WHERE id = ?", [doc]))
    lines = violations(db_path)
    assert f"documents: document {doc}: text does not match its text_sha256" in lines
    assert any(line.startswith("spans: span ") for line in lines)


def test_verify_catches_text_and_hash_both_edited_behind_the_apps_back(coded, db_path):
    db, doc, _, _ = coded
    text = documents.get_text(db, doc).replace("13 people", "31 people")
    tamper(db_path, ("UPDATE documents SET text = ?, text_sha256 = ? WHERE id = ?",
                     [text, documents.sha256_text(text), doc]))
    lines = violations(db_path)
    assert f"import-history: document {doc}: text hash differs from the one recorded at import " \
           "(text changed behind the app's back)" in lines
    assert f"documents: document {doc}: text no longer gives back the original bytes (bytes_sha256)" in lines


def test_verify_names_a_broken_foreign_key(coded, db_path):
    tamper(db_path, ("UPDATE spans SET document_id = 'gone'", []))
    lines = violations(db_path)
    assert any(line.startswith("foreign-keys: spans id ") and "missing documents row" in line for line in lines)


def test_verify_names_an_edited_or_deleted_history_entry(coded, db_path):
    tamper(db_path, ("UPDATE history SET actor = 'mallory' WHERE seq = 3", []),
           ("DELETE FROM history WHERE seq = 5", []), drop_history_guards=True)
    lines = violations(db_path)
    assert any(line.startswith("history: history entry #3: content was changed") for line in lines)
    assert "history: history entry #6: entries #5..#5 are missing" in lines


def test_verify_reports_a_corrupt_file_without_a_traceback(coded, db_path):
    db = coded[0]
    db.close()
    data = bytearray(db_path.read_bytes())
    data[4096 * 3:4096 * 3 + 200] = b"\xff" * 200  # damage a page in the middle
    db_path.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    code, out, err = run_cli(db_path, "verify")
    assert code == 1 and "Traceback" not in out + err
    assert out or err.startswith("eventdesk:")


def test_verify_api_returns_named_violations(coded):
    db, doc, place, _ = coded
    db.execute("UPDATE spans SET quote = 'x' WHERE id = ?", [place["id"]])
    violation = next(v for v in verify(db).violations if v.check == "spans")
    assert place["id"] in violation.message


def test_text_export_keeps_both_files_when_two_sources_share_a_name(db_path, tmp_path):
    for folder, body in (("a", b"first text"), ("b", b"second text")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "same.txt").write_bytes(body)
    assert run_cli(db_path, "import", str(tmp_path / "a"), str(tmp_path / "b"))[0] == 0
    out_dir = tmp_path / "out"
    assert run_cli(db_path, "export", "-f", "text", "-o", str(out_dir))[0] == 0
    written = sorted(p.read_bytes() for p in out_dir.iterdir())
    assert written == [b"first text", b"second text"]
    assert (out_dir / "same.txt").read_bytes() == b"first text"


def test_json_export_escapes_terminal_active_characters_and_stays_the_same_value(db_path, tmp_path):
    text = "Title \x1b[2J \x9b31m \u202eevil\u202c \x7f end"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    assert run_cli(db_path, "import", str(tmp_path / "a.txt"))[0] == 0
    code, out, _ = run_cli(db_path, "export")
    assert code == 0
    assert not any(ch in out for ch in "\x1b\x9b\u202e\u202c\x7f")
    assert "\\u009b31m \\u202eevil" in out
    assert json.loads(out)["documents"][0]["text"] == text
