"""Importing files, folders and JSONL: every hostile input stored exactly or refused, named."""

import codecs
import io
import json
import os

import pytest

from store.cli.main import main
from store.ingest.importer import Importer, import_paths
from store.ingest.seeds import ensure_seeded
from store.records import documents, history
from tests.support.paths import SEEDS


class Collect:
    """A reporter that keeps every line of what happened."""

    def __init__(self):
        self.lines = []

    def imported(self, label, document_id, row): self.lines.append(("imported", label, document_id))
    def duplicate(self, label, existing_id): self.lines.append(("duplicate", label, existing_id))
    def refused(self, label, reason): self.lines.append(("refused", label, reason))
    def skipped(self, label, reason): self.lines.append(("skipped", label, reason))
    def warning(self, label, message): self.lines.append(("warning", label, message))
    def not_stored(self, where, message): self.lines.append(("not stored", where, message))
    def start(self, files, total_bytes): pass
    def advance(self, nbytes): pass


def snapshot(db):
    """Everything import may touch: the documents, the FTS index size and the history."""
    docs = list(db.execute("SELECT * FROM documents ORDER BY rowid"))
    fts = db.execute("SELECT COUNT(*) FROM documents_fts").fetchone()[0]
    hist = list(db.execute("SELECT hash FROM history ORDER BY seq"))
    return docs, fts, hist


def stored_text(db, document_id):
    return documents.get_text(db, document_id)


STORED_EXACTLY = {
    "utf8 bom.txt": codecs.BOM_UTF8 + "Raid in Atme\r\n13 killed".encode(),
    "utf16 le.txt": codecs.BOM_UTF16_LE + "Raid in \u0130dlib\r\nAtme \u2019".encode("utf-16-le"),
    "utf16 be.txt": codecs.BOM_UTF16_BE + "Raid in Idlib\nAtme".encode("utf-16-be"),
    "crlf.txt": b"Title line\r\n\r\nBody with CRLF\r\n",
    "cr only.txt": b"Old Mac title\rsecond line\rthird\r",
    "controls.txt": "Title \x1b[2J\x1b[31m\r\nBody \x07\x08\x0b\x0c\x1b]52;c;ZXZpbA==\x07 "
                    "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ \u202egnp.exe\u202c \x85\x9b e\u0301\u0308 \x7f".encode(),
    "caf\u00e9 r\u00e9sum\u00e9 \u0627\u0644\u062d\u0644\u0628.txt": "Aleppo article \u0627\u0644\u062d\u0644\u0628".encode(),
    "page.html.txt": b"<!DOCTYPE html><html><body><p>At least 13 killed</p></body></html>",
}


@pytest.mark.parametrize("name", sorted(STORED_EXACTLY))
def test_hostile_but_valid_files_are_stored_exactly_with_exact_offsets(fresh_db, tmp_path, name):
    data = STORED_EXACTLY[name]
    path = tmp_path / name
    path.write_bytes(data)
    summary = import_paths(fresh_db, [path], "alice")
    assert (summary.imported, summary.refused) == (1, 0)
    doc = documents.get_document(fresh_db, summary.ids[0])
    if data.startswith(codecs.BOM_UTF16_LE):
        expected = data[2:].decode("utf-16-le")
    elif data.startswith(codecs.BOM_UTF16_BE):
        expected = data[2:].decode("utf-16-be")
    else:
        expected = data.removeprefix(codecs.BOM_UTF8).decode("utf-8")
    assert doc["text"] == expected and doc["length"] == len(expected)
    assert doc["bytes_sha256"] == documents.sha256_bytes(data)
    assert doc["source"] == str(path.resolve())
    # Offsets are code points into the exact text: the last character is where Python says.
    assert fresh_db.execute("SELECT substr(text, length(text), 1) FROM documents WHERE id = ?",
                            [doc["id"]]).fetchone()[0] == expected[-1]


REFUSED = {
    "latin1.txt": ("Caf\u00e9 in M\u00fcnchen".encode("latin-1"), "is not valid UTF-8"),
    "nul.txt": (b"Title\nbody\x00more", "contains NUL bytes"),
    "binary.txt": (bytes(range(256)) * 4, "contains NUL bytes"),
    "png.txt": (b"\x89PNG\r\n\x1a\n" + os.urandom(200), "is binary (a PNG image)"),
    "empty.txt": (b"", "is empty"),
    "blank.txt": (" \n\t\r\n \u3000 ".encode(), "has only whitespace"),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_bad_files_are_refused_named_and_nothing_stored_changes(imported_seeds, tmp_path, name):
    data, reason = REFUSED[name]
    path = tmp_path / name
    path.write_bytes(data)
    before = snapshot(imported_seeds)
    report = Collect()
    summary = Importer(imported_seeds, "alice", reporter=report).import_paths([path])
    assert (summary.imported, summary.refused) == (0, 1)
    [(kind, label, message)] = report.lines
    assert kind == "refused" and label == str(path) and reason in message
    assert snapshot(imported_seeds) == before


def test_one_bad_file_does_not_stop_the_batch_and_the_folder_order_is_sorted(fresh_db, tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "b").mkdir(parents=True)
    (corpus / "b" / "2.txt").write_bytes(b"second article")
    (corpus / "b" / "1.txt").write_bytes(b"caf\xe9 broken")
    (corpus / "a.txt").write_bytes(b"first article")
    (corpus / "c.TXT").write_bytes(b"first article")  # same text again
    (corpus / "notes.ann").write_bytes(b"T1\tLocation 0 4\tAtme")
    (corpus / ".hidden.txt").write_bytes(b"hidden")
    report = Collect()
    summary = Importer(fresh_db, "alice", reporter=report).import_paths([corpus])
    kinds = [(kind, os.path.relpath(label, corpus)) for kind, label, _ in report.lines]
    # Refusals and skips are told as they happen; stored documents when their batch commits.
    assert kinds == [
        ("refused", "b/1.txt"),
        ("skipped", "notes.ann"),
        ("imported", "a.txt"),
        ("imported", "b/2.txt"),
        ("duplicate", "c.TXT"),
    ]
    assert (summary.imported, summary.duplicates, summary.refused, summary.skipped) == (2, 1, 1, 1)
    assert [d["source"] for d in documents.list_documents(fresh_db)] == [
        str((corpus / "a.txt").resolve()), str((corpus / "b" / "2.txt").resolve())]


def test_same_text_twice_is_reported_with_the_existing_id_and_stored_once(imported_seeds, tmp_path):
    copy = tmp_path / "copy of seed.txt"
    copy.write_bytes((SEEDS / "003_a044712c1133c969.txt").read_bytes())
    existing = fresh_id = imported_seeds.execute(
        "SELECT id FROM documents WHERE source LIKE '%003_a044712c1133c969.txt'").fetchone()[0]
    report = Collect()
    summary = Importer(imported_seeds, "alice", reporter=report).import_paths([copy, copy])
    assert report.lines == [("duplicate", str(copy), existing)] * 2
    assert summary.duplicates == 2 and fresh_id == existing
    assert imported_seeds.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 5


def test_batches_commit_every_history_entry_and_keep_the_chain(fresh_db, tmp_path):
    for n in range(25):
        (tmp_path / f"{n:02}.txt").write_text(f"Article {n}\nbody {n} \u00e9", encoding="utf-8")
    summary = Importer(fresh_db, "alice", batch_rows=7).import_paths([tmp_path])
    assert summary.imported == 25
    for document_id in summary.ids:
        [entry] = history.entries_for(fresh_db, "document", document_id)
        assert entry["action"] == "import" and entry["actor"] == "alice"
        assert entry["after"]["text_sha256"] == documents.get_document(fresh_db, document_id)["text_sha256"]
    assert history.verify_chain(fresh_db) == []


def test_a_20_mib_article_and_a_2_mb_line_are_stored_exactly(fresh_db, tmp_path):
    big = tmp_path / "big.txt"
    paragraph = "Aleppo \u2014 at least 13 killed, caf\u00e9 \u0627\u0644\u062d\u0644\u0628.\r\n"
    big.write_text(paragraph * (20 * 2**20 // len(paragraph.encode()) + 1), encoding="utf-8", newline="")
    line = tmp_path / "one line.txt"
    line.write_text("x\u00e9 " * (2_000_000 // 4), encoding="utf-8")
    summary = import_paths(fresh_db, [big, line], "alice")
    assert summary.imported == 2
    big_id, line_id = summary.ids
    assert stored_text(fresh_db, big_id) == big.read_bytes().decode("utf-8")
    assert big.stat().st_size >= 20 * 2**20
    text = stored_text(fresh_db, line_id)
    assert text == line.read_bytes().decode("utf-8") and "\n" not in text
    assert len(documents.get_document(fresh_db, line_id)["title"]) <= 200


def test_encoding_option_imports_a_legacy_file_on_purpose(fresh_db, tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes("Caf\u00e9 \u2013 Alep".encode("cp1252"))
    summary = import_paths(fresh_db, [path], "alice", encoding="cp1252")
    doc = documents.get_document(fresh_db, summary.ids[0])
    assert doc["text"] == "Caf\u00e9 \u2013 Alep" and doc["encoding"] == "cp1252"


def test_jsonl_lines_are_imported_and_each_bad_line_is_named(imported_seeds, tmp_path):
    path = tmp_path / "articles.jsonl"
    good = {"text": "Strike near Khusham\nbody", "title": "Khusham strike", "url": "https://x/1",
            "published": "February 12, 2018", "outlet": "Example News"}
    lines = [
        json.dumps(good),
        "",
        "{not json",
        json.dumps([1, 2]),
        json.dumps({"title": "no text"}),
        json.dumps({"text": "   "}),
        json.dumps({"text": "ok", "published": "last tuesday"}),
        json.dumps({"text": "nul \u0000 inside"}),
        '{"text": "lone \\ud800 surrogate"}',
        json.dumps({"text": "Second article\n", "title": 5}),
        json.dumps({"text": "Third article, no title given\nmore"}),
        json.dumps({"text": good["text"]}),  # a duplicate of line 1
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = snapshot(imported_seeds)
    report = Collect()
    summary = Importer(imported_seeds, "alice", reporter=report).import_paths([path])
    refused = {label.rsplit(":", 1)[1]: reason for kind, label, reason in report.lines if kind == "refused"}
    assert set(refused) == {"3", "4", "5", "6", "7", "8", "9", "10"}
    assert "not valid JSON" in refused["3"] and 'no "text"' in refused["5"]
    assert "not a date" in refused["7"] and "NUL" in refused["8"] and "surrogate" in refused["9"]
    assert (summary.imported, summary.duplicates, summary.refused) == (2, 1, 8)
    first = documents.get_document(imported_seeds, summary.ids[0])
    assert (first["title"], first["url"], first["published"], first["outlet"]) == (
        "Khusham strike", "https://x/1", "2018-02-12", "Example News")
    assert first["source"].endswith("articles.jsonl:1")
    assert documents.get_document(imported_seeds, summary.ids[1])["title"] == "Third article, no title given"
    assert len(snapshot(imported_seeds)[0]) == len(before[0]) + 2


def test_fields_given_on_the_command_line_win_over_the_header(fresh_db, tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes((SEEDS / "004_de3cc8737eb6b66b.txt").read_bytes())
    summary = import_paths(fresh_db, [path], "alice", fields={
        "title": "  Khusham strikes ", "outlet": "Example", "published": "2018-02-08", "url": None})
    doc = documents.get_document(fresh_db, summary.ids[0])
    assert (doc["title"], doc["outlet"], doc["published"]) == ("Khusham strikes", "Example", "2018-02-08")


def test_ensure_seeded_imports_the_seeds_once(fresh_db):
    assert ensure_seeded(fresh_db, "alice") == 5
    assert ensure_seeded(fresh_db, "alice") == 0
    titles = [d["title"] for d in documents.list_documents(fresh_db)]
    assert "Exclusive: American aidrop in Idlib caused civilian casualties" in titles


# --- through the command line ---------------------------------------------------------------


def run_cli(db_path, *argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(["--db", str(db_path), *argv], login="alice", out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_cli_import_prints_each_outcome_and_a_summary_and_exits_1_on_refusal(db_path, tmp_path):
    good = tmp_path / "good one.txt"
    good.write_bytes(b"Raid in Atme\nbody")
    bad = tmp_path / "evil\x1b[2Jname.txt"
    bad.write_bytes(b"\xe9t\xe9")
    code, out, err = run_cli(db_path, "import", str(good), str(bad), str(tmp_path / "missing.txt"))
    assert code == 1
    assert out.splitlines()[-1] == "imported 1, duplicates 0, refused 2"
    assert f"imported {good} as " in out
    assert "refused " + str(tmp_path) + "/evil\u241b[2Jname.txt: is not valid UTF-8" in err
    assert "missing.txt: does not exist" in err
    assert "\x1b" not in out + err
    code, out, err = run_cli(db_path, "import", str(good))
    assert code == 0 and "already stored as" in out
    assert out.splitlines()[-1] == "imported 0, duplicates 1, refused 0"


def test_cli_fields_need_exactly_one_text_file_and_document_set_corrects(db_path, tmp_path):
    (tmp_path / "a.txt").write_bytes(b"A\nbody a")
    (tmp_path / "b.txt").write_bytes(b"B\nbody b")
    code, out, err = run_cli(db_path, "import", "--title", "X", str(tmp_path))
    assert code == 1 and "one text file" in err and out == ""
    code, out, _ = run_cli(db_path, "import", "--title", "Raid", "--published", "Feb 3, 2022",
                           str(tmp_path / "a.txt"))
    assert code == 0
    doc_id = out.split(" as ")[1].split()[0]
    code, out, err = run_cli(db_path, "document", "set", doc_id[:8], "--outlet", "Islam Times",
                             "--published", "not a date")
    assert code == 1 and "not a date" in err
    code, out, _ = run_cli(db_path, "document", "set", doc_id[:8], "--outlet", "Islam Times")
    assert code == 0
    code, out, _ = run_cli(db_path, "document", "list")
    assert f"{doc_id}\t2022-02-03\tIslam Times\tRaid" in out.splitlines()


def test_cli_unknown_encoding_is_one_line(db_path, tmp_path):
    (tmp_path / "a.txt").write_bytes(b"abc")
    code, out, err = run_cli(db_path, "import", "--encoding", "nope", str(tmp_path / "a.txt"))
    assert code == 1 and err.strip() == "eventdesk: unknown encoding 'nope' (try utf-8, utf-16, cp1252, latin-1)"


def test_a_file_name_that_is_not_utf8_is_imported_and_named_readably(db_path, tmp_path):
    folder = os.fsencode(tmp_path / "names")
    os.mkdir(folder)
    with open(os.path.join(folder, b"caf\xe9 latin1 name.txt"), "wb") as handle:
        handle.write(b"Article with an odd file name")
    with open(os.path.join(folder, b"bad \xff.txt"), "wb") as handle:
        handle.write(b"\xff\xfe\x00")  # UTF-16 BOM and half a character
    code, out, err = run_cli(db_path, "import", str(tmp_path / "names"))
    assert code == 1
    assert "caf\\xe9 latin1 name.txt as " in out and "bad \\xff.txt: is not valid utf-16-le" in err
    code, out, _ = run_cli(db_path, "export")
    assert json.loads(out)["documents"][0]["source"].endswith("names/caf\\xe9 latin1 name.txt")


def test_a_database_failure_in_the_writer_is_raised_once_and_earlier_batches_stay(fresh_db, tmp_path):
    for n in range(6):
        (tmp_path / f"{n}.txt").write_text(f"article {n}", encoding="utf-8")
    importer = Importer(fresh_db, "alice", batch_rows=2)
    calls = []
    real = importer.write_batch

    def failing(batch):
        calls.append(len(batch))
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(batch)

    importer.write_batch = failing
    with pytest.raises(RuntimeError, match="disk full"):
        importer.import_paths([tmp_path])
    assert fresh_db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 2
    assert history.verify_chain(fresh_db) == []


def test_cli_html_page_is_stored_as_text_with_a_warning_line(db_path, tmp_path):
    page = tmp_path / "raid.html"
    html = b"<!DOCTYPE html>\n<html><head><title>Raid</title><script>alert(1)</script></head>\n<body>13 killed</body></html>\n"
    page.write_bytes(html)
    code, out, err = run_cli(db_path, "import", str(page))
    assert code == 0
    assert err == f"warning {page}: looks like an HTML page; stored as text exactly as it is, markup included\n"
    assert out.splitlines()[-1] == "imported 1, duplicates 0, refused 0"
    code, out, _ = run_cli(db_path, "export")
    assert json.loads(out)["documents"][0]["text"].encode() == html


def test_deeply_nested_folders_and_unreadable_ones_are_no_problem(fresh_db, tmp_path):
    deep = tmp_path / "deep"
    path = deep
    for level in range(300):
        path = path / "d"
    path.mkdir(parents=True)
    (path / "bottom.txt").write_bytes(b"found at the bottom")
    locked = deep / "locked"
    locked.mkdir()
    (locked / "x.txt").write_bytes(b"hidden by permissions")
    locked.chmod(0)
    try:
        report = Collect()
        summary = Importer(fresh_db, "alice", reporter=report).import_paths([deep])
    finally:
        locked.chmod(0o755)
    assert "found at the bottom" in [documents.get_text(fresh_db, i) for i in summary.ids]
    if os.geteuid() != 0:  # root reads anything
        assert summary.imported == 1
        assert ("refused", str(locked)) in [(k, label) for k, label, _ in report.lines]
