"""Revised articles: a new version, spans re-anchored, events and claims carried over."""

from __future__ import annotations

import io
import json

from store.cli.main import main
from store.db.connection import open_db
from store.records import claims, events, spans
from store.records.documents import add_document, get_document, sha256_text
from store.records.history import verify_chain
from store.revisions.revise import orphaned_spans, place_orphan, revise_document, revision_fields

OLD = ("Airstrike in Idlib kills 13\n"
       "At least 13 people were killed in Idlib on Thursday, local sources said.\n"
       "The Pentagon said there were no US casualties.\n")
NEW = ("Airstrike in Idleb kills 14\n"
       "UPDATE: the toll rose.\n"
       "At least 14 people were killed in Idleb on Thursday, local sources said.\n"
       "The Pentagon said there were no US casualties.\n")


def run_cli(db_path, *argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(["--db", str(db_path), *argv], login="alice", out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _doc(db, text, **extra):
    return add_document(db, text=text, bytes_sha256=sha256_text(text), encoding="utf-8",
                        actor="alice", **extra).id


def _span(db, doc, text, quote, label, n=0):
    i = -1
    for _ in range(n + 1):
        i = text.index(quote, i + 1)
    return spans.add_span(db, doc, i, i + len(quote), label, "alice")


def _setup(db):
    old = _doc(db, OLD)
    s_date = _span(db, old, OLD, "Thursday", "Date")
    s_place = _span(db, old, OLD, "Idlib", "Location", 1)
    s_trig = _span(db, old, OLD, "killed", "Trigger")
    s_pent = _span(db, old, OLD, "The Pentagon", "Speaker")
    s_denial = _span(db, old, OLD, "there were no US casualties", "Claim")
    s_toll = _span(db, old, OLD, "At least 13 people", "Killed")
    ev = events.create_event(db, old, "alice", event_type="Explosions/Remote violence")
    for field, s in (("trigger", s_trig), ("date", s_date), ("location", s_place), ("killed", s_toll)):
        events.add_evidence(db, ev["id"], field, s["id"], "alice")
    claims.create_claim(db, old, "alice", speaker_span_id=s_pent["id"], content_span_id=s_denial["id"],
                        event_id=ev["id"], topic="casualties", polarity="denies")
    db.execute("UPDATE events SET status = 'approved' WHERE id = ?", [ev["id"]])
    return old, ev


def test_revision_reanchors_spans_and_copies_events_and_claims_as_drafts(fresh_db):
    old, ev = _setup(fresh_db)
    new_id = add_document(fresh_db, text=NEW, bytes_sha256=sha256_text(NEW), encoding="utf-8",
                          actor="alice", **revision_fields(fresh_db, old)).id
    report = revise_document(fresh_db, old, new_id, "alice")
    assert get_document(fresh_db, new_id)["revision"] == 2
    assert get_document(fresh_db, new_id)["supersedes"] == old
    by_label = {s["label"]: s for s in spans.list_spans(fresh_db, new_id)}
    for s in by_label.values():
        if s["anchor"] != "orphaned":
            assert NEW[s["start"]:s["end"]] == s["quote"]
        assert s["derived_from"]
    assert (by_label["Date"]["anchor"], by_label["Date"]["quote"]) == ("moved", "Thursday")
    assert (by_label["Location"]["anchor"], by_label["Location"]["quote"]) == ("fuzzy", "Idleb")
    assert by_label["Location"]["original_quote"] == "Idlib"
    assert by_label["Killed"]["quote"] == "At least 14 people" and by_label["Killed"]["anchor"] == "fuzzy"
    assert sum(report.counts.values()) == 6
    # The approved event is untouched; its copy is a draft pointing at the new spans.
    assert events.get_event(fresh_db, ev["id"])["status"] == "approved"
    (copy,) = events.list_events(fresh_db, new_id)
    assert copy["status"] == "draft" and copy["event_type"] == "Explosions/Remote violence"
    evidence = events.evidence_for(fresh_db, copy["id"])
    assert spans.get_span(fresh_db, evidence["location"][0])["quote"] == "Idleb"
    (claim,) = claims.list_claims(fresh_db, new_id)
    assert claim["event_id"] == copy["id"] and claim["polarity"] == "denies"
    assert spans.get_span(fresh_db, claim["speaker_span_id"])["document_id"] == new_id
    assert verify_chain(fresh_db) == []


def test_orphans_are_listed_and_can_be_placed_again(fresh_db):
    old = _doc(fresh_db, OLD)
    _span(fresh_db, old, OLD, "local sources said", "Speaker")
    text = OLD.replace("local sources said", "according to a monitor")
    new_id = _doc(fresh_db, text, **revision_fields(fresh_db, old))
    report = revise_document(fresh_db, old, new_id, "alice")
    assert report.counts == {"orphaned": 1}
    (orphan,) = orphaned_spans(fresh_db, new_id)
    assert orphan["start"] is None and orphan["quote"] == "local sources said"
    start = text.index("a monitor")
    placed = place_orphan(fresh_db, orphan["id"], start, start + len("a monitor"), "alice")
    assert placed["quote"] == "a monitor" and placed["original_quote"] == "local sources said"
    assert orphaned_spans(fresh_db, new_id) == []


def test_cli_import_supersedes_prints_the_report(db_path, tmp_path):
    db = open_db(db_path)
    from store.records import people
    people.ensure_user(db, "alice")
    old, _ = _setup(db)
    db.close()
    f = tmp_path / "revised.txt"
    f.write_bytes(NEW.replace("The Pentagon said there were no US casualties.\n", "").encode("utf-8"))
    code, out, err = run_cli(db_path, "import", str(f), "--supersedes", old)
    assert code == 0, err
    assert "re-anchored 6 spans" in out and "2 fuzzy, 2 orphaned" in out
    assert "orphaned Speaker 'The Pentagon'" in out and "orphaned Claim" in out
    assert "fuzzy Location 'Idlib' -> 'Idleb'" in out
    code, out, err = run_cli(db_path, "import", str(f), "--supersedes", "no-such-id")
    assert code == 1 and "no document" in err


def test_a_revised_article_with_an_ann_beside_it_says_why_nothing_was_carried_over(db_path, tmp_path):
    """It crashed with a NameError once (a warning used `exc` after its except block):
    the revision was stored, the user saw a traceback."""
    db = open_db(db_path)
    from store.records import people
    people.ensure_user(db, "alice")
    old, _ = _setup(db)
    db.close()
    f = tmp_path / "revised.txt"
    f.write_bytes(NEW.encode("utf-8"))
    start = NEW.index("Idleb")
    (tmp_path / "revised.ann").write_text(f"T1\tLocation {start} {start + 5}\tIdleb\n", encoding="utf-8")
    code, out, err = run_cli(db_path, "import", str(f), "--supersedes", old)
    assert "Traceback" not in err and "NameError" not in err
    assert "already has spans; not re-anchoring onto it" in err
    db = open_db(db_path)
    new = db.execute("SELECT id FROM documents WHERE supersedes = ?", [old]).fetchone()[0]
    assert [s["quote"] for s in spans.list_spans(db, new)] == ["Idleb"]  # the .ann's own span
    db.close()


def test_same_url_with_new_text_is_a_revision(db_path, tmp_path):
    a = tmp_path / "a.txt"
    a.write_bytes(OLD.encode())
    b = tmp_path / "b.txt"
    b.write_bytes(NEW.encode())
    url = "https://example.org/idlib-raid"
    assert run_cli(db_path, "import", str(a), "--url", url)[0] == 0
    code, out, err = run_cli(db_path, "import", str(b), "--url", url)
    assert code == 0 and "revision" in out
    db = open_db(db_path)
    rows = list(db.query("SELECT revision, supersedes FROM documents ORDER BY revision"))
    assert [r["revision"] for r in rows] == [1, 2] and rows[1]["supersedes"]


def test_json_export_carries_anchor_and_original_quote(db_path, tmp_path):
    db = open_db(db_path)
    from store.records import people
    people.ensure_user(db, "alice")
    old, _ = _setup(db)
    new_id = _doc(db, NEW, **revision_fields(db, old))
    revise_document(db, old, new_id, "alice")
    db.close()
    out_file = tmp_path / "all.json"
    assert run_cli(db_path, "export", "--format", "json", "--output", str(out_file))[0] == 0
    data = json.loads(out_file.read_text(encoding="utf-8"))
    fuzzy = [s for s in data["spans"] if s["anchor"] == "fuzzy"]
    assert fuzzy and all(s["original_quote"] for s in fuzzy)


def test_jsonl_line_with_a_known_url_and_new_text_is_a_revision(db_path, tmp_path):
    url = "https://example.org/idlib-raid"
    first = tmp_path / "day1.jsonl"
    first.write_text(json.dumps({"text": OLD, "url": url}) + "\n", encoding="utf-8")
    second = tmp_path / "day2.jsonl"
    second.write_text(json.dumps({"text": NEW, "url": url}) + "\n"
                      + json.dumps({"text": OLD, "url": url}) + "\n", encoding="utf-8")
    assert run_cli(db_path, "import", str(first))[0] == 0
    db = open_db(db_path)
    from store.records import people
    people.ensure_user(db, "alice")
    old_id = db.execute("SELECT id FROM documents").fetchone()[0]
    _span(db, old_id, OLD, "Thursday", "Date")
    db.close()
    code, out, err = run_cli(db_path, "import", str(second))
    assert code == 0, err
    assert "revision" in out and "1 moved" in out and "duplicate" in out
    db = open_db(db_path)
    (new,) = list(db.query("SELECT * FROM documents WHERE supersedes = ?", [old_id]))
    (span,) = spans.list_spans(db, new["id"])
    assert NEW[span["start"]:span["end"]] == "Thursday" and span["anchor"] == "moved"


def _revision_that_drops_the_pentagon(db_path) -> str:
    """A revised version whose text lost the Pentagon's sentence (its spans are orphaned)."""
    db = open_db(db_path)
    from store.records import people
    people.ensure_user(db, "alice")
    old, _ = _setup(db)
    text = NEW.replace("The Pentagon said there were no US casualties.\n", "")
    new_id = _doc(db, text, **revision_fields(db, old))
    revise_document(db, old, new_id, "alice")
    db.close()
    return new_id


def test_cli_orphans_lists_the_lost_spans(db_path, tmp_path):
    new_id = _revision_that_drops_the_pentagon(db_path)
    code, out, _ = run_cli(db_path, "orphans", new_id)
    assert code == 0
    assert "Speaker  'The Pentagon'" in out and out.strip().endswith("2 orphaned spans")
    code, _, err = run_cli(db_path, "orphans", "nope")
    assert code == 1 and "no document" in err


def test_exports_say_how_many_orphaned_spans_they_leave_out(db_path, tmp_path):
    _revision_that_drops_the_pentagon(db_path)
    code, out, err = run_cli(db_path, "export", "--format", "w3c")
    assert code == 0 and "left out" in err
    items = json.loads(out)["first"]["items"]
    assert all(a["target"] for a in items)
    code, out, err = run_cli(db_path, "export", "--format", "jsonl")
    assert code == 0 and "2 orphaned spans left out" in err
    code, out, err = run_cli(db_path, "export", "--format", "brat", "--output", str(tmp_path / "b"))
    assert code == 0 and err.count("is orphaned; no T written") == 2


def test_brat_relations_and_attributes_follow_a_revision(db_path, tmp_path):
    from store.formats import brat
    from store.formats.brat_export import export_document

    news = tmp_path / "news"
    news.mkdir()
    text = "Google merged with YouTube. Analysts said the merger was expected.\n"
    (news / "m.txt").write_bytes(text.encode())
    (news / "m.ann").write_bytes(
        b"T1\tOrganization 0 6\tGoogle\nT2\tOrganization 19 26\tYouTube\n"
        b"T3\tMerge-org 7 13\tmerged\nE1\tMerge-org:T3 Org-Arg:T1 Org-Arg2:T2\n"
        b"A1\tConfidence E1 High\n#1\tAnnotatorNotes T2\tvideo site\n")
    assert run_cli(db_path, "import", str(news))[0] == 0
    db = open_db(db_path)
    old_id = db.execute("SELECT id FROM documents").fetchone()[0]
    db.close()
    revised = tmp_path / "m2.txt"
    revised.write_bytes(("BREAKING: " + text).encode())
    code, out, err = run_cli(db_path, "import", str(revised), "--supersedes", old_id)
    assert code == 0, err
    assert "3 moved" in out
    db = open_db(db_path)
    new_id = db.execute("SELECT id FROM documents WHERE supersedes = ?", [old_id]).fetchone()[0]
    exported = export_document(db, new_id)
    new_text = "BREAKING: " + text
    parsed = brat.parse_ann(exported.ann, new_text)
    assert parsed.problems == [] and exported.skipped == []
    shifted = brat.parse_ann(
        "T1\tOrganization 10 16\tGoogle\nT2\tOrganization 29 36\tYouTube\n"
        "T3\tMerge-org 17 23\tmerged\nE1\tMerge-org:T3 Org-Arg:T1 Org-Arg2:T2\n"
        "A1\tConfidence E1 High\n#1\tAnnotatorNotes T2\tvideo site\n", new_text)
    assert brat.canonical(parsed.annotations) == brat.canonical(shifted.annotations)
    # The old version's annotations are untouched.
    assert db.execute("SELECT COUNT(*) FROM relations WHERE document_id = ?", [old_id]).fetchone()[0] == 1


def test_two_versions_in_one_jsonl_file_are_ordered_as_written(db_path, tmp_path):
    url = "https://example.org/idlib-raid"
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"text": OLD, "url": url}) + "\n"
                    + json.dumps({"text": NEW, "url": url}) + "\n", encoding="utf-8")
    code, out, err = run_cli(db_path, "import", str(feed))
    assert code == 0, err
    db = open_db(db_path)
    rows = {r["text"]: r for r in db.query("SELECT id, text, revision, supersedes FROM documents")}
    assert rows[OLD]["revision"] == 1 and rows[OLD]["supersedes"] is None
    assert rows[NEW]["revision"] == 2 and rows[NEW]["supersedes"] == rows[OLD]["id"]
    from store.records.history import verify_chain
    assert verify_chain(db) == []


def test_supersedes_accepts_a_unique_id_prefix(db_path, tmp_path):
    a = tmp_path / "a.txt"
    a.write_bytes(OLD.encode())
    b = tmp_path / "b.txt"
    b.write_bytes(NEW.encode())
    assert run_cli(db_path, "import", str(a))[0] == 0
    db = open_db(db_path)
    old_id = db.execute("SELECT id FROM documents").fetchone()[0]
    db.close()
    code, out, err = run_cli(db_path, "import", str(b), "--supersedes", old_id[:8])
    assert code == 0, err
    assert "revision" in out
    db = open_db(db_path)
    assert db.execute("SELECT supersedes FROM documents WHERE revision = 2").fetchone()[0] == old_id


def test_verify_is_clean_after_a_revision_copies_events_with_evidence(fresh_db, db_path):
    """Everything a revision writes is in the history, so verify's replay agrees with the tables."""
    old = _doc(fresh_db, OLD)
    place = _span(fresh_db, old, OLD, "Idlib", "Location", 1)
    ev = events.create_event(fresh_db, old, "alice")
    events.set_field_from_span(fresh_db, ev["id"], 1, "location", place["id"], "alice")
    new_id = add_document(fresh_db, text=NEW, bytes_sha256=sha256_text(NEW), encoding="utf-8",
                          actor="alice", **revision_fields(fresh_db, old)).id
    revise_document(fresh_db, old, new_id, "alice")
    copied = events.list_events(fresh_db, new_id)
    assert len(copied) == 1 and events.evidence_for(fresh_db, copied[0]["id"])
    code, out, err = run_cli(db_path, "verify")
    assert code == 0, out + err
