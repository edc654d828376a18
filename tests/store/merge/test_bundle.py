"""eventdesk bundle export [--since HEAD] / bundle import: a file instead of a database."""

from __future__ import annotations

import sqlite3

from tests.support.merging import history_count, rows, run


def _origin_head(verify_out: str, origin: str) -> str:
    for line in verify_out.splitlines():
        if line.startswith(f"history head of origin {origin}"):
            return line.split()[-1]
    raise AssertionError(f"no head of {origin} in {verify_out}")


def test_a_bundle_since_the_head_the_receiver_has_brings_the_new_work(two_coders, tmp_path):
    c = two_coders
    full = tmp_path / "bob-full.bundle"
    status, out, _ = run("--db", c.b, "bundle", "export", full, login="bob")
    assert status == 0 and "bundle " in out
    secrets = sqlite3.connect(full)
    assert secrets.execute("SELECT key FROM settings").fetchall() == [("database_id",)]
    secrets.close()
    status, out, err = run("--db", c.a, "bundle", "import", full)
    assert status == 0 and "came in 1 events, 1 spans" in out, err
    bob = rows(c.b, "SELECT value FROM settings WHERE key = 'database_id'")[0][0]
    status, verified, _ = run("--db", c.a, "verify")
    assert status == 0
    head = _origin_head(verified, bob)
    # bob codes on; he sends only what came after the head alice has of his chain.
    c.edit("bob", c.event_b, date_start="2018-02-10")
    small = tmp_path / "bob-since.bundle"
    status, out, _ = run("--db", c.b, "bundle", "export", small, "--since", head, login="bob")
    assert status == 0 and "since" in out
    sent = sqlite3.connect(small)
    assert sent.execute("SELECT COUNT(*) FROM history").fetchone()[0] < history_count(c.b)
    sent.close()
    status, out, err = run("--db", c.a, "bundle", "import", small)
    assert status == 0 and "newer there, taken: 1 events" in out, err
    assert rows(c.a, "SELECT date_start FROM events WHERE id = ?", [c.event_b]) == [("2018-02-10",)]
    assert run("--db", c.a, "verify")[0] == 0
    before = history_count(c.a)
    assert "came in nothing new" in run("--db", c.a, "bundle", "import", small)[1]
    assert history_count(c.a) == before


def test_a_bundle_the_receiver_cannot_continue_is_refused(two_coders, tmp_path):
    c = two_coders
    c.edit("bob", c.event_b, date_start="2018-02-10")
    first = rows(c.b, "SELECT hash FROM history ORDER BY seq DESC LIMIT 1 OFFSET 3")[0][0]
    bundle = tmp_path / "gap.bundle"
    assert run("--db", c.b, "bundle", "export", bundle, "--since", first, login="bob")[0] == 0
    before = history_count(c.a)
    status, _, err = run("--db", c.a, "bundle", "import", bundle)
    assert status == 1 and "does not continue the one this database has" in err
    assert history_count(c.a) == before


def test_a_since_that_is_not_in_the_chain_is_one_line(two_coders, tmp_path):
    c = two_coders
    status, _, err = run("--db", c.b, "bundle", "export", tmp_path / "x.bundle", "--since",
                         "0" * 64, login="bob")
    assert status == 1 and "is not an entry of this database's own history" in err
    assert not (tmp_path / "x.bundle").exists()
