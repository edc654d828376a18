"""The review commands as a script would use them: two injected users, exit codes, one-line refusals."""

import io
import sqlite3

import pytest

from store.cli import main as cli
from store.db.connection import open_db
from store.records import documents, events, people, spans

TEXT = "Airstrike on Atme kills 13.\x1b]52;c;aGk=\x07 Local sources said."


def run(db_path, login, *argv):
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["--db", str(db_path), *argv], login=login, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def setup(db_path):
    """'lead' created the database (admin); alice annotates; bob is an editor."""
    db = open_db(db_path)
    people.ensure_user(db, "lead")
    for login in ("alice", "bob"):
        people.ensure_user(db, login)
    people.grant(db, "lead", "bob", "editor")
    doc = documents.add_document(db, text=TEXT, bytes_sha256=documents.sha256_bytes(TEXT.encode()), encoding="utf-8",
                                 actor="lead", title="Atme \x1b[31mred").id
    place = spans.add_span(db, doc, 13, 17, "Location", "alice")
    event = events.create_event(db, doc, "alice", event_type="Explosions/Remote violence",
                                date="2022-02-03")
    events.set_field_from_span(db, event["id"], event["version"], "location", place["id"], "alice")
    db.close()
    return event["id"]


def test_users_lists_and_only_admins_grant(db_path, setup):
    code, out, _ = run(db_path, "lead", "users")
    assert code == 0
    assert [line.split()[:2] for line in out.splitlines()] == [
        ["lead", "admin"], ["alice", "annotator"], ["bob", "editor"]]
    code, out, err = run(db_path, "bob", "users", "grant", "alice", "editor")
    assert code == 1 and out == ""
    assert err == "eventdesk: bob is an editor; granting roles needs the admin role\n"
    assert run(db_path, "lead", "users", "grant", "alice", "editor")[:2] == (0, "alice is now editor\n")
    assert run(db_path, "lead", "users", "revoke", "alice", "editor")[:2] == (0, "alice is now annotator\n")
    code, _, err = run(db_path, "lead", "users", "revoke", "lead", "admin")
    assert code == 1 and "last admin" in err


def test_submit_then_four_eyes_then_approve(db_path, setup):
    eid = setup
    assert run(db_path, "alice", "event", "submit", eid[:8]) == (
        0, f"event {eid} is submitted (version 3)\n", "")
    code, out, err = run(db_path, "alice", "event", "approve", eid)
    assert code == 1 and err == ("eventdesk: alice is an annotator; to approve events needs "
                                 "the editor role or higher\n")
    code, out, _ = run(db_path, "bob", "review", "--list")
    assert code == 0 and out.startswith(eid) and "alice" in out
    code, out, err = run(db_path, "bob", "event", "approve", eid, "--version", "2")
    assert code == 1 and "changed by alice" in err
    assert run(db_path, "bob", "event", "approve", eid)[0] == 0
    code, out, _ = run(db_path, "bob", "review", "--list")
    assert out == "no events waiting for review\n"


def test_an_editor_is_refused_for_their_own_event(db_path, setup):
    db = open_db(db_path)
    doc = events.get_event(db, setup)["document_id"]
    own = events.create_event(db, doc, "bob", event_type="Battles", date="2022-01-01",
                              location="Atme")["id"]
    db.close()
    assert run(db_path, "bob", "event", "submit", own)[0] == 0
    code, _, err = run(db_path, "bob", "event", "approve", own)
    assert code == 1
    assert err == "eventdesk: bob created this event; another editor must approve it\n"


def test_reject_return_reopen_need_words_and_show_them(db_path, setup):
    eid = setup
    run(db_path, "alice", "event", "submit", eid)
    with pytest.raises(SystemExit):  # argparse: --comment is required
        run(db_path, "bob", "event", "return", eid)
    assert run(db_path, "bob", "event", "return", eid, "--comment", "which Atme?")[0] == 0
    code, out, _ = run(db_path, "alice", "event", "show", eid)
    assert "return by bob: \u201cwhich Atme?\u201d" in out
    run(db_path, "alice", "event", "submit", eid)
    assert run(db_path, "bob", "event", "reject", eid, "--reason", "duplicate")[0] == 0
    code, _, err = run(db_path, "alice", "event", "reopen", eid, "--reason", "please")
    assert code == 1 and "alice is an annotator" in err
    assert run(db_path, "bob", "event", "reopen", eid, "--reason", "not a duplicate")[0] == 0


def test_show_prints_fields_evidence_history_and_no_raw_control_characters(db_path, setup):
    eid = setup
    code, out, err = run(db_path, "alice", "event", "show", eid)
    assert code == 0 and err == ""
    assert "\x1b" not in out and "\x07" not in out
    assert "\u241b[31mred" in out  # the title's ESC shown as a visible symbol
    assert "location" in out and "13..17  \u201cAtme\u201d" in out
    assert "cannot submit" not in out
    assert "alice  update location" in out  # set_field_from_span: the value, then its link
    assert "link location <- span" in out


def test_unknown_and_ambiguous_ids_are_one_line_errors(db_path, setup):
    code, out, err = run(db_path, "alice", "event", "show", "zzzzzzzz")
    assert code == 1 and err == "eventdesk: no event with id zzzzzzzz\n"


def test_verify_passes_then_names_an_approved_event_edited_in_the_shell(db_path, setup):
    eid = setup
    run(db_path, "alice", "event", "submit", eid)
    run(db_path, "bob", "event", "approve", eid)
    code, out, err = run(db_path, "alice", "verify")
    assert code == 0 and out.startswith("ok:") and err == ""
    assert out.splitlines()[1].startswith("history head: #")
    raw = sqlite3.connect(str(db_path))
    raw.execute("UPDATE events SET location = 'Idlib' WHERE id = ?", [eid])
    raw.commit()
    raw.close()
    code, out, err = run(db_path, "alice", "verify")
    assert code == 1
    assert f"replay: event {eid}: location is 'Idlib', the history says 'Atme'" in out.splitlines()
    assert f"approved: event {eid}: its approved state changed" in out


def test_agreement_command_reports_or_says_there_is_nothing(db_path, setup):
    code, out, _ = run(db_path, "alice", "agreement")
    assert code == 0 and out == "no document has been coded by two or more annotators\n"
    db = open_db(db_path)
    doc = events.get_event(db, setup)["document_id"]
    spans.add_span(db, doc, 13, 17, "Location", "bob")
    events.create_event(db, doc, "bob", event_type="Battles", location="Atme")
    db.close()
    code, out, _ = run(db_path, "bob", "agreement", "--document", doc)
    assert code == 0
    assert "alice vs bob  Location" in out and "exact 1.000" in out
    assert "event_type: alice: Explosions/Remote violence; bob: Battles" in out
