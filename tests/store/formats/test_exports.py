"""Exports: W3C Web Annotation (schema-valid, selectors match the text), ACLED, UCDP, JSONL, brat."""

from __future__ import annotations

import csv
import io
import json

import pytest

from store.cli.main import main
from store.db.connection import open_db
from store.formats import brat
from store.formats.offsets import OffsetConverter
from store.records import claims, events, people, spans
from store.records.documents import add_document, sha256_text
from store.review import workflow as review
from tests.support.paths import FIXTURES
from tests.support.w3c_musts import W3C, failed_musts

NEWS = FIXTURES / "brat-tutorial-news"

TEXT = ("Idlib raid 😀 update\r\n"
        "叙利亚: At least 13 people were killed in Atme on Thursday, local sources said.\r\n"
        "قُتِلَ ١٣ شخصاً. The Pentagon said there were no US casualties.\r\n")


def run_cli(db_path, *argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(["--db", str(db_path), *argv], login="alice", out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _span(db, doc, quote, label):
    i = TEXT.index(quote)
    return spans.add_span(db, doc, i, i + len(quote), label, "alice")


@pytest.fixture
def coded_db(db_path):
    """One document with spans, an approved event with evidence, a draft event, and a claim."""
    db = open_db(db_path)
    people.ensure_user(db, "alice")
    doc = add_document(db, text=TEXT, bytes_sha256=sha256_text(TEXT), encoding="utf-8", actor="alice",
                       title="Idlib raid", outlet="Islam Times", url="https://example.org/raid").id
    s = {label: _span(db, doc, q, label) for q, label in [
        ("killed", "Trigger"), ("Thursday", "Date"), ("Atme", "Location"),
        ("At least 13 people", "Killed"), ("The Pentagon", "Speaker"),
        ("there were no US casualties", "Claim"), ("قُتِلَ", "Trigger2"), ("😀", "Emoji")]}
    ev = events.create_event(
        db, doc, "alice", event_type="Violence against civilians", sub_event_type="Attack",
        date_start="2022-02-03", date_end="2022-02-03", time_precision=1, location="Atme",
        country="Syria", geo_precision=1, actor1="US forces", actor1_kind="External/Other forces",
        actor2="Civilians (Syria)", actor2_kind="Civilians", fatalities_low=13, fatalities_best=13,
        civilian_targeting=1)
    for field, label in (("trigger", "Trigger"), ("date", "Date"), ("location", "Location"),
                         ("killed", "Killed")):
        events.add_evidence(db, ev["id"], field, s[label]["id"], "alice")
    events.create_event(db, doc, "alice", event_type="Battles")  # a draft: never in the tables
    claims.create_claim(db, doc, "alice", speaker_span_id=s["Speaker"]["id"],
                        content_span_id=s["Claim"]["id"], event_id=ev["id"], topic="casualties",
                        polarity="denies", certainty="certain")
    # Approved the way it happens for real: alice submits, another editor approves.
    people.grant(db, "alice", "erin", "editor")
    review.submit(db, ev["id"], "alice")
    review.approve(db, ev["id"], "erin")
    db.close()
    return db_path


# --- W3C --------------------------------------------------------------------------------




def test_the_validator_accepts_a_correct_sample_and_rejects_incorrect_ones():
    assert failed_musts(json.loads((W3C / "samples" / "correct-anno1.json").read_text())) == []
    bad_created = failed_musts(json.loads((W3C / "samples" / "incorrect-anno32.json").read_text()))
    assert any("annotationCreatedValidated" in f for f in bad_created)
    no_context = failed_musts(json.loads((W3C / "samples" / "incorrect-anno2.json").read_text()))
    assert any("annotationContextValidated" in f for f in no_context)


def _w3c(db_path, tmp_path, unit="codepoints"):
    out = tmp_path / f"w3c-{unit}.jsonld"
    code, _, err = run_cli(db_path, "export", "--format", "w3c", "--offsets", unit, "--output", str(out))
    assert code == 0, err
    return json.loads(out.read_text(encoding="utf-8"))["first"]["items"]


def test_w3c_export_passes_every_must_assertion(coded_db, tmp_path):
    items = _w3c(coded_db, tmp_path)
    motivations = [a["motivation"] for a in items]
    assert motivations.count("tagging") == 8  # one per span
    assert motivations.count("describing") == 1  # the claim
    assert motivations.count("linking") == 4  # one per evidence link
    for annotation in items:
        assert failed_musts(annotation) == [], annotation["id"]


@pytest.mark.parametrize("unit", ["codepoints", "utf16", "bytes"])
def test_w3c_selectors_cut_out_their_quote(coded_db, tmp_path, unit):
    conv = OffsetConverter(TEXT, unit)
    for annotation in _w3c(coded_db, tmp_path, unit):
        targets = annotation["target"] if isinstance(annotation["target"], list) else [annotation["target"]]
        for target in targets:
            position, quote = target["selector"]
            start, end = conv.to_codepoints(position["start"]), conv.to_codepoints(position["end"])
            assert TEXT[start:end] == quote["exact"]
            assert TEXT[:start].endswith(quote["prefix"]) and TEXT[end:].startswith(quote["suffix"])
            assert len(quote["prefix"]) == min(32, start)
            assert target["source"] == "https://example.org/raid"


def test_w3c_utf16_offsets_count_the_emoji_twice(coded_db, tmp_path):
    items = _w3c(coded_db, tmp_path, "utf16")
    atme = next(a for a in items if a["motivation"] == "tagging" and a["body"]["value"] == "Location")
    start = atme["target"]["selector"][0]["start"]
    assert TEXT.encode("utf-16-le")[2 * start:2 * start + 8].decode("utf-16-le") == "Atme"
    assert start == TEXT.index("Atme") + 1


# --- tables ---------------------------------------------------------------------------------


def _csv(db_path, fmt, unit="codepoints"):
    code, out, err = run_cli(db_path, "export", "--format", fmt, "--offsets", unit)
    assert code == 0, err
    return list(csv.DictReader(io.StringIO(out)))


def test_acled_csv_has_acled_columns_in_order_and_only_approved_events(coded_db):
    from store.formats.acled import COLUMNS
    code, out, _ = run_cli(coded_db, "export", "--format", "acled")
    header = next(csv.reader(io.StringIO(out)))
    assert header == list(COLUMNS) + ["evidence"]
    (row,) = _csv(coded_db, "acled")
    assert (row["event_type"], row["sub_event_type"], row["disorder_type"]) == (
        "Violence against civilians", "Attack", "Political violence")
    assert (row["inter1"], row["inter2"], row["interaction"]) == ("8", "7", "78")
    assert (row["event_date"], row["year"], row["fatalities"]) == ("2022-02-03", "2022", "13")
    assert row["civilian_targeting"] == "Civilian targeting" and row["source"] == "Islam Times"


@pytest.mark.parametrize("fmt", ["acled", "ucdp"])
def test_tables_end_by_saying_which_events_they_left_out_and_why(coded_db, fmt):
    code, out, err = run_cli(coded_db, "export", "--format", fmt)
    assert code == 0
    assert "left out 1 events not approved (1 draft)" in err  # the draft made beside the approved one
    assert "approved events only" in err


@pytest.mark.parametrize("fmt", ["acled", "ucdp"])
@pytest.mark.parametrize("unit", ["codepoints", "utf16", "bytes"])
def test_table_evidence_offsets_cut_out_their_quotes(coded_db, fmt, unit):
    (row,) = _csv(coded_db, fmt, unit)
    evidence = json.loads(row["evidence"])
    assert set(evidence) == {"trigger", "date", "location", "killed"}
    conv = OffsetConverter(TEXT, unit)
    for items in evidence.values():
        for item in items:
            assert TEXT[conv.to_codepoints(item["start"]):conv.to_codepoints(item["end"])] == item["quote"]
    assert evidence["location"][0]["quote"] == "Atme"


def test_ucdp_row_has_deaths_interval_and_precision(coded_db):
    (row,) = _csv(coded_db, "ucdp")
    assert (row["low"], row["best"], row["high"]) == ("13", "13", "")
    assert (row["date_start"], row["date_end"], row["date_prec"]) == ("2022-02-03", "2022-02-03", "1")
    assert (row["type_of_violence"], row["where_prec"], row["side_a"]) == ("3", "1", "US forces")


# --- jsonl ------------------------------------------------------------------------------------


@pytest.mark.parametrize("unit", ["codepoints", "utf16", "bytes"])
def test_jsonl_lines_carry_text_and_spans(coded_db, unit):
    code, out, err = run_cli(coded_db, "export", "--format", "jsonl", "--offsets", unit)
    assert code == 0, err
    (line,) = out.splitlines()
    record = json.loads(line)
    assert record["text"] == TEXT
    encoded = {"codepoints": None, "utf16": "utf-16-le", "bytes": "utf-8"}[unit]
    width = 2 if unit == "utf16" else 1
    labels = set()
    for s in record["spans"]:
        if encoded:
            piece = TEXT.encode(encoded)[width * s["start"]:width * s["end"]].decode(encoded)
        else:
            piece = TEXT[s["start"]:s["end"]]
        assert piece and TEXT.count(piece)
        labels.add(s["label"])
    assert "Emoji" in labels and len(record["spans"]) == 8


def test_offsets_option_is_refused_for_formats_in_code_points(coded_db):
    code, _, err = run_cli(coded_db, "export", "--format", "json", "--offsets", "utf16")
    assert code == 1 and err.count("\n") == 1 and "code points" in err


# --- brat through the CLI -------------------------------------------------------------------------


def test_cli_brat_import_folder_then_export_gives_the_same_annotations(db_path, tmp_path):
    code, out, err = run_cli(db_path, "import", str(NEWS))
    assert code == 0, err
    assert "imported 13" in out and ".ann" not in out  # each .ann is read with its .txt
    target = tmp_path / "out"
    code, out, err = run_cli(db_path, "export", "--format", "brat", "--output", str(target))
    assert code == 0, err
    for ann in NEWS.glob("*.ann"):
        txt = ann.with_suffix(".txt")
        exported_txt = (target / txt.name).read_bytes()
        assert exported_txt == txt.read_bytes()
        text = exported_txt.decode("utf-8")
        again = brat.parse_ann((target / ann.name).read_text(encoding="utf-8"), text)
        original = brat.parse_ann(ann.read_text(encoding="utf-8"), text)
        assert again.problems == []
        assert brat.canonical(again.annotations) == brat.canonical(original.annotations), ann.name
    assert not [p for p in target.iterdir() if p.name.startswith(".")]  # no temp files left


def test_cli_brat_import_reports_bad_lines_with_file_and_line(db_path, tmp_path):
    (tmp_path / "doc.txt").write_bytes("Raid on Atme.\r\nNext line".encode())
    (tmp_path / "doc.ann").write_bytes(b"T1\tLocation 8 12\tAtme\nT2\tLocation 9 12\tAtme\ngarbage\n")
    code, out, err = run_cli(db_path, "import", str(tmp_path))
    assert code == 1  # something in the input was left out: a script must be able to tell
    assert out.splitlines()[-1].endswith("annotation lines not stored 2")
    lines = [ln for ln in err.splitlines() if "doc.ann:" in ln]
    assert len(lines) == 2 and "doc.ann:2" in lines[0] and "9 12" in lines[0] and "doc.ann:3" in lines[1]
    assert all(line.startswith("left out ") for line in lines)


def test_our_events_and_claims_export_to_brat(coded_db, tmp_path):
    target = tmp_path / "brat"
    code, _, err = run_cli(coded_db, "export", "--format", "brat", "--output", str(target))
    assert code == 0, err
    (ann,) = target.glob("*.ann")
    text = ann.with_suffix(".txt").read_bytes().decode("utf-8")
    assert text == TEXT
    parsed = brat.parse_ann(ann.read_text(encoding="utf-8"), text)
    assert parsed.problems == []
    by_id = {a.id: a for a in parsed.annotations if not isinstance(a, brat.Equiv)}
    attack = next(e for e in parsed.of(brat.Event) if e.type == "Attack")
    assert by_id[attack.trigger].text == "killed"
    # brat requires the trigger T to have the event's type; the span keeps its own T too.
    assert by_id[attack.trigger].type == "Attack"
    assert any(t.type == "Trigger" and t.text == "killed" for t in parsed.of(brat.TextBound))
    roles = {role: by_id[t].text for role, t in attack.args}
    assert roles == {"Date": "Thursday", "Place": "Atme", "Fatalities": "At least 13 people"}
    (claim,) = parsed.of(brat.Relation)
    assert claim.type == "Claim" and by_id[claim.args[0][1]].text == "The Pentagon"
    values = {(a.name, a.value) for a in parsed.of(brat.Attribute)}
    assert ("Polarity", "denies") in values and ("Status", "approved") in values
    # The draft event has no trigger span: reported, not dropped in silence.
    assert "has no trigger span" in err


def test_unwritable_output_is_one_line_and_leaves_nothing(coded_db, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    for fmt, target in (("brat", blocker / "dir"), ("w3c", blocker / "x.jsonld")):
        code, out, err = run_cli(coded_db, "export", "--format", fmt, "--output", str(target))
        assert code == 1 and err.count("\n") == 1 and "cannot write" in err, err
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_failed_export_keeps_the_earlier_file(coded_db, tmp_path, monkeypatch):
    target = tmp_path / "events.csv"
    target.write_text("earlier export\n")
    from store.formats import acled

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(acled, "acled_row", broken)
    code, _, err = run_cli(coded_db, "export", "--format", "acled", "--output", str(target))
    assert code == 1 and "No space left" in err
    assert target.read_text() == "earlier export\n"
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp file left


def test_progress_bar_only_on_a_terminal_and_only_for_long_runs():
    from store.formats.progress import MIN_ITEMS, tracked

    class Tty(io.StringIO):
        def isatty(self):
            return True

    tty, pipe = Tty(), io.StringIO()
    items = list(range(MIN_ITEMS))
    assert list(tracked(iter(items), len(items), "w3c", stream=tty)) == items
    assert list(tracked(iter(items), len(items), "w3c", stream=pipe)) == items
    assert "w3c" in tty.getvalue() and pipe.getvalue() == ""
    short = Tty()
    assert list(tracked(iter([1, 2]), 2, "w3c", stream=short)) == [1, 2]
    assert short.getvalue() == ""


def test_w3c_source_falls_back_to_the_document_urn_for_an_unusable_url(db_path, tmp_path):
    db = open_db(db_path)
    people.ensure_user(db, "Zoë O'Brien")
    text = "Raid near Atme."
    doc = add_document(db, text=text, bytes_sha256=sha256_text(text), encoding="utf-8",
                       actor="Zoë O'Brien", url="https://例え.jp/記事 1").id
    spans.add_span(db, doc, 10, 14, "Location", "Zoë O'Brien")
    db.close()
    (annotation,) = _w3c(db_path, tmp_path)
    assert annotation["target"]["source"] == f"urn:uuid:{doc}"
    assert annotation["creator"]["nickname"] == "Zoë O'Brien"
    assert failed_musts(annotation) == []


def test_export_folder_can_be_given_without_output_flag(coded_db, tmp_path):
    code, _, err = run_cli(coded_db, "export", "--format", "brat", str(tmp_path / "b"))
    assert code == 0, err
    assert len(list((tmp_path / "b").glob("*.ann"))) == 1
    code, _, err = run_cli(coded_db, "export", "--format", "brat", str(tmp_path / "c"), "-o", str(tmp_path / "d"))
    assert code == 1 and "two outputs" in err


def test_a_brat_pair_with_an_empty_or_binary_text_is_refused_by_name(db_path, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "empty.ann").write_bytes(b"")
    (tmp_path / "bin.txt").write_bytes(b"ab\x00cd")
    (tmp_path / "bin.ann").write_bytes(b"T1\tX 0 2\tab\n")
    (tmp_path / "ok.txt").write_bytes("Raid on Atme.".encode())
    (tmp_path / "ok.ann").write_bytes(b"T1\tLocation 8 12\tAtme\n")
    code, out, err = run_cli(db_path, "import", str(tmp_path))
    assert code == 1
    assert "refused" in err and "empty.txt" in err and "bin.txt" in err and "NUL" in err
    assert "imported 1" in out


def test_quoted_date_words_never_reach_the_iso_date_columns(db_path):
    """'November 3' (no year) stays unresolved: the date columns are blank, not the words."""
    db = open_db(db_path)
    people.ensure_user(db, "alice")
    text = "On November 3, a drone struck a car in Jarabulus."
    doc = add_document(db, text=text, bytes_sha256=sha256_text(text), encoding="utf-8", actor="alice").id
    ev = events.create_event(db, doc, "alice", event_type="Explosions/Remote violence",
                             sub_event_type="Air/drone strike", location="Jarabulus")
    start = text.index("November 3")
    date = spans.add_span(db, doc, start, start + len("November 3"), "Date", "alice")
    events.set_field_from_span(db, ev["id"], ev["version"], "date", date["id"], "alice")
    people.grant(db, "alice", "erin", "editor")
    review.submit(db, ev["id"], "alice")
    review.approve(db, ev["id"], "erin")
    db.close()
    (acled,) = _csv(db_path, "acled")
    (ucdp,) = _csv(db_path, "ucdp")
    assert (acled["event_date"], acled["year"]) == ("", "")
    assert (ucdp["date_start"], ucdp["date_end"]) == ("", "")
    assert "November 3" in acled["evidence"] and "November 3" in ucdp["evidence"]
