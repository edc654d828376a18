"""brat standoff: parsing like brat's reader, reporting bad lines, and the DB round-trip."""

from __future__ import annotations

import pytest

from store.formats import brat
from store.formats.brat_export import export_document
from store.ingest.brat_pairs import import_pair, store_ann
from store.records.documents import add_document, sha256_text
from store.records.spans import list_spans
from tests.support.paths import FIXTURES

NEWS = FIXTURES / "brat-tutorial-news"
PAIRS = sorted(p.stem for p in NEWS.glob("*.ann"))


def _pair(stem):
    text = (NEWS / f"{stem}.txt").read_bytes().decode("utf-8")
    ann = (NEWS / f"{stem}.ann").read_bytes().decode("utf-8")
    return text, ann


def test_the_fixture_corpus_is_all_there():
    assert len(PAIRS) == 13


@pytest.mark.parametrize("stem", PAIRS)
def test_brat_tutorial_files_parse_without_problems(stem):
    text, ann = _pair(stem)
    parsed = brat.parse_ann(ann, text, file=stem)
    assert parsed.problems == []
    assert len(parsed.annotations) == len([ln for ln in ann.split("\n") if ln.strip()])


@pytest.mark.parametrize("stem", PAIRS)
def test_import_then_export_gives_the_same_annotations(fresh_db, tmp_path, stem):
    result = import_pair(fresh_db, NEWS / f"{stem}.txt", NEWS / f"{stem}.ann", "alice")
    assert result.problems == []
    exported = export_document(fresh_db, result.document_id)
    assert exported.skipped == []
    # The exported text is byte for byte the original file.
    assert exported.text.encode("utf-8") == (NEWS / f"{stem}.txt").read_bytes()
    original = brat.parse_ann(_pair(stem)[1], exported.text)
    again = brat.parse_ann(exported.ann, exported.text)
    assert again.problems == []
    assert brat.canonical(again.annotations) == brat.canonical(original.annotations)


def test_every_line_kind_is_read():
    text = "Google merged with YouTube in Mountain View."
    ann = (
        "T1\tOrganization 0 6\tGoogle\n"
        "T2\tOrganization 19 26\tYouTube\n"
        "T3\tMerge-org 7 13\tmerged\n"
        "E1\tMerge-org:T3 Org-Arg:T1 Org-Arg2:T2\n"
        "R1\tPartner Arg1:T1 Arg2:T2\t\n"
        "A1\tNegation E1\n"
        "A2\tConfidence E1 Low\n"
        "M3\tSpeculation E1\n"
        "N1\tReference T1 Wikipedia:12431\tGoogle\n"
        "#1\tAnnotatorNotes T2\tvideo site\n"
        "*\tEquiv T1 T2\n"
    )
    parsed = brat.parse_ann(ann, text)
    assert parsed.problems == []
    (event,) = parsed.of(brat.Event)
    assert (event.type, event.trigger, event.args) == (
        "Merge-org", "T3", [("Org-Arg", "T1"), ("Org-Arg2", "T2")])
    (rel,) = parsed.of(brat.Relation)
    assert rel.args == [("Arg1", "T1"), ("Arg2", "T2")]
    binary, valued, modifier = parsed.of(brat.Attribute)
    assert (binary.name, binary.value) == ("Negation", None)
    assert (valued.name, valued.value) == ("Confidence", "Low")
    assert (modifier.name, modifier.value) == ("Speculation", None)
    (norm,) = parsed.of(brat.Normalization)
    assert (norm.ref, norm.text) == ("Wikipedia:12431", "Google")
    (note,) = parsed.of(brat.Note)
    assert note.text == "video site"
    (eq,) = parsed.of(brat.Equiv)
    assert eq.targets == ["T1", "T2"]


def test_written_lines_read_back_identically():
    text = "Google merged with YouTube."
    ann = ("T1\tOrganization 0 6\tGoogle\nT2\tOrganization 19 26\tYouTube\n"
           "R1\tPartner Arg1:T1 Arg2:T2\t\nA1\tConfidence R1 High\n*\tEquiv T1 T2\n")
    parsed = brat.parse_ann(ann, text)
    assert brat.write_ann(parsed.annotations) == ann


def _store(db, text, ann, file="doc.ann"):
    doc = add_document(db, text=text, bytes_sha256=sha256_text(text), encoding="utf-8", actor="alice")
    parsed = brat.parse_ann(ann, text, file=file)
    return doc.id, store_ann(db, doc.id, text, parsed, "alice", file=file)


def test_discontinuous_span_is_stored_as_fragments_sharing_a_group(fresh_db):
    text = "Syrian and Turkish forces clashed."
    ann = "T1\tActor 0 6;19 25\tSyrian forces\nA1\tPlural T1\n"
    doc_id, stored = _store(fresh_db, text, ann)
    assert stored.problems == []
    spans = list_spans(fresh_db, doc_id)
    assert [(s["start"], s["end"], s["quote"]) for s in spans] == [(0, 6, "Syrian"), (19, 25, "forces")]
    assert spans[0]["group_id"] and spans[0]["group_id"] == spans[1]["group_id"]
    out = export_document(fresh_db, doc_id)
    assert brat.canonical(brat.parse_ann(out.ann, text).annotations) == brat.canonical(
        brat.parse_ann(ann, text).annotations)


HARD_TEXT = (
    "ق\u064fتِلَ ١٣ شخصاً في إدلب\r\n"          # Arabic with harakat (combining marks), CRLF
    "Ze\u200bro\u200dwidth and no\u00a0break\r\n"  # ZWSP, ZWJ, NBSP
    "नमस्ते दुनिया 👍🏽 done"                       # Devanagari with virama, emoji + modifier
)


def test_non_latin_zero_width_nbsp_and_crlf_round_trip(fresh_db):
    def t(i, label, s):
        start = HARD_TEXT.index(s)
        return f"T{i}\t{label} {start} {start + len(s)}\t{s}\n"

    ann = (t(1, "Location", "إدلب") + t(2, "Word", "ق\u064fتِلَ") + t(3, "Word", "Ze\u200bro\u200dwidth")
           + t(4, "Word", "no\u00a0break") + t(5, "Word", "नमस्ते") + t(6, "Emoji", "👍🏽"))
    # The span ending just before the CRLF starts after it: CRLF counts 2.
    assert HARD_TEXT.index("Ze") == HARD_TEXT.index("\r\n") + 2
    doc_id, stored = _store(fresh_db, HARD_TEXT, ann)
    assert stored.problems == [] and stored.spans == 6
    for s in list_spans(fresh_db, doc_id):
        assert HARD_TEXT[s["start"]:s["end"]] == s["quote"]
    out = export_document(fresh_db, doc_id)
    assert out.text.encode("utf-8") == HARD_TEXT.encode("utf-8")
    assert brat.canonical(brat.parse_ann(out.ann, HARD_TEXT).annotations) == brat.canonical(
        brat.parse_ann(ann, HARD_TEXT).annotations)


def test_offset_errors_and_garbage_lines_are_reported_with_file_and_line(fresh_db):
    text = "Airstrike hit Idlib on Thursday."
    ann = (
        "T1\tLocation 14 19\tIdlib\n"        # right
        "T2\tDate 22 30\tThursday\n"         # off by one: cuts ' Thursda'
        "this is not brat\n"                 # garbage
        "T3\tLocation 14 99\tIdlib\n"        # beyond the text
        "E1\tAttack:T2 Place:T1\n"           # its trigger was not stored
        "A1\tNegation E1\n"                  # its target was not stored
        "R1\tRel Arg1\t\n"                   # malformed argument
        "T4\tDate 23 31\tThursday\n"         # right
    )
    doc_id, stored = _store(fresh_db, text, ann, file="bad.ann")
    lines = [str(p) for p in stored.problems]
    assert [p.line for p in stored.problems] == [2, 3, 4, 5, 6, 7]
    assert all(line.startswith("bad.ann:") for line in lines)
    assert "22 30" in lines[0] and "' Thursda'" in lines[0]
    assert "this is not brat" in lines[1]
    assert "14 99" in lines[2]
    assert [s["quote"] for s in list_spans(fresh_db, doc_id)] == ["Idlib", "Thursday"]
    assert fresh_db.execute("SELECT COUNT(*) FROM relations").fetchone()[0] == 0
    assert fresh_db.execute("SELECT COUNT(*) FROM attributes").fetchone()[0] == 0


def test_import_records_history(fresh_db):
    result = import_pair(fresh_db, NEWS / "110-note_annotation.txt", NEWS / "110-note_annotation.ann", "alice")
    n = fresh_db.execute("SELECT COUNT(*) FROM history WHERE action = 'import'").fetchone()[0]
    s = result.stored
    assert n == 1 + s.spans + s.relations + s.attributes


def test_same_pair_twice_does_not_double_the_spans(fresh_db):
    first = import_pair(fresh_db, NEWS / "040-text_span_annotation.txt", NEWS / "040-text_span_annotation.ann", "alice")
    second = import_pair(fresh_db, NEWS / "040-text_span_annotation.txt", NEWS / "040-text_span_annotation.ann", "alice")
    assert second.document_id == first.document_id and second.stored is None
    assert "already stored" in str(second.problems[0])
    assert len(list_spans(fresh_db, first.document_id)) == first.stored.spans


def test_span_across_a_line_break_is_exported_as_fragments(fresh_db):
    text = "first line\r\nsecond line"
    doc = add_document(fresh_db, text=text, bytes_sha256="x", encoding="utf-8", actor="alice")
    from store.records.spans import add_span
    add_span(fresh_db, doc.id, 6, 18, "Quote", "alice")
    out = export_document(fresh_db, doc.id)
    (t,) = brat.parse_ann(out.ann, text).of(brat.TextBound)
    assert t.fragments == [(6, 10), (12, 18)] and t.text == "line second"


def test_unsorted_fragments_and_odd_lines_round_trip(fresh_db):
    text = "Turkish and Syrian army units met near Atme."
    ann = (
        "T1\tActor 12 18;0 7\tSyrian Turkish\n"          # fragments not in text order
        "T2\tActor 19 23\tarmy\n"
        "T3\tPlace 39 43\tAtme\r\n"                       # a CRLF line
        "T4\tPlace 39 43\tAtme\n"                         # the same span twice
        "E1\tMeet:T3 Actor:T1 Actor2:T2 \n"               # trailing space
        "R1\tNear Arg1:E1 Arg2:T4\t\n"                    # an event as an argument
        "*\tEquiv T3 T4 T3\n"
        "#1\tAnnotatorNotes E1\tnote\twith a tab\n"
        "N1\tReference T3 GeoNames:170063\tAtmah\n"
    )
    doc_id, stored = _store(fresh_db, text, ann)
    assert stored.problems == []
    out = export_document(fresh_db, doc_id)
    assert brat.canonical(brat.parse_ann(out.ann, text).annotations) == brat.canonical(
        brat.parse_ann(ann, text).annotations)


def test_brat_reader_rules_for_text_bound_and_relation_lines(fresh_db):
    text = "Turkish and Syrian army units met near Atme."
    ann = (
        "T1\tActor 12 23;19 23\tSyrian army army\n"   # overlapping fragments: brat refuses
        "T2\tPlace 39 43\tAtme extra words\n"          # text, then white space: brat accepts
        "T3\tPlace 39 43\tAtmeh\n"                     # runs on past the span: refused
        "T4\tActor 0 7\t\n"                            # empty text: filled from the document
        "T5\tActor 0 7;12 18\tTurkishSyrian\n"         # pre-1.3 discontinuous text: accepted
        "T2\tPlace 0 7\tTurkish\n"                     # duplicate id: refused
        "R1\tNear Arg1:T2 Arg2:T4 Arg3:T5\t\n"         # three arguments: refused
        "R2\tNear Arg1:T2 Arg1:T4\t\n"                 # same role twice: refused
        "E1\tMeet:T1 Actor:T4\n"                       # trigger was refused
    )
    doc_id, stored = _store(fresh_db, text, ann, file="rules.ann")
    assert [p.line for p in stored.problems] == [1, 3, 6, 7, 8, 9]
    assert "overlap" in stored.problems[0].message
    quotes = sorted(s["quote"] for s in list_spans(fresh_db, doc_id))
    assert quotes == ["Atme", "Syrian", "Turkish", "Turkish"]
    parsed = brat.parse_ann(export_document(fresh_db, doc_id).ann, text)
    texts = sorted(t.text for t in parsed.of(brat.TextBound))
    assert texts == ["Atme", "Turkish", "Turkish Syrian"]


def test_every_kind_of_line_break_is_left_out_of_exported_fragments(fresh_db):
    text = "one\u2028two\x85three\r\nfour"
    doc = add_document(fresh_db, text=text, bytes_sha256="x", encoding="utf-8", actor="alice")
    from store.records.spans import add_span
    add_span(fresh_db, doc.id, 0, len(text), "Quote", "alice")
    out = export_document(fresh_db, doc.id)
    assert len(out.ann.splitlines()) == 1  # one line whatever splits lines
    (t,) = brat.parse_ann(out.ann, text).of(brat.TextBound)
    assert t.text == "one two three four"


def test_bionlp_normalisation_form_is_read_like_brat_does():
    text = "Barack Obama spoke."
    ann = ("T1\tPerson 0 12\tBarack Obama\n"
           "N1\tReference Annotation:T1 Referent:Wikipedia:534366\n"
           "N2\tReference Referent:Freebase:m.02mjmr Annotation:T1\n")
    parsed = brat.parse_ann(ann, text)
    assert parsed.problems == []
    assert [(n.target, n.ref) for n in parsed.of(brat.Normalization)] == [
        ("T1", "Wikipedia:534366"), ("T1", "Freebase:m.02mjmr")]


def test_removing_a_span_and_undoing_it_keeps_its_attributes_and_notes(fresh_db):
    from store.records import spans as spans_mod

    text = "Raid in Atme."
    ann = "T1\tLocation 8 12\tAtme\nA1\tNegation T1\n#1\tAnnotatorNotes T1\tvillage near Sarmada\n"
    doc_id, stored = _store(fresh_db, text, ann)
    [span] = list_spans(fresh_db, doc_id)
    removed = spans_mod.delete_span(fresh_db, span["id"], "alice")
    assert "A1" not in export_document(fresh_db, doc_id).ann
    spans_mod.restore_span(fresh_db, removed, "alice")
    out = export_document(fresh_db, doc_id)
    assert brat.canonical(brat.parse_ann(out.ann, text).annotations) == brat.canonical(
        brat.parse_ann(ann, text).annotations)

