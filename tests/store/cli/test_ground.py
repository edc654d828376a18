"""`eventdesk ground` and `eventdesk places`: JSON for scripts, one line per input, no tracebacks."""

from __future__ import annotations

import io
import json

from store.cli import main as cli


def run(db_path, *argv, login="alice", stdin=None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["--db", str(db_path), *argv], login=login, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_ground_date_prints_the_interval_and_the_dataset_precisions(db_path):
    code, out, _ = run(db_path, "ground", "date", "Wednesday night", "--dct", "2022-02-03")
    result = json.loads(out)
    assert code == 0
    assert (result["start"], result["end"], result["acled_time_precision"]) == (
        "2022-02-02", "2022-02-02", 1)
    assert "night" in result["flags"]


def test_ground_number_and_an_unresolved_one(db_path):
    code, out, _ = run(db_path, "ground", "number", "at least 13")
    assert code == 0 and (json.loads(out)["low"], json.loads(out)["high"]) == (13, None)
    code, out, err = run(db_path, "ground", "number", "the minister")
    assert code == 1 and json.loads(out)["unresolved"] is True and err == ""


def test_batch_answers_every_line_in_order_bad_lines_included(db_path, monkeypatch):
    lines = "\n".join([
        json.dumps({"kind": "date", "text": "7-8 February", "dct": "2022-02-10"}),
        "not json",
        json.dumps({"kind": "number", "text": "dozens"}),
        json.dumps(["a list"]),
        json.dumps({"kind": "weather", "text": "sunny"}),
        json.dumps({"kind": "date", "text": 12}),
        json.dumps({"kind": "date", "text": "February 30", "dct": "2022-03-01"}),
        json.dumps({"kind": "place", "text": "Atme", "country": "QQ"}),
    ]) + "\n"
    code, out, err = run(db_path, "ground", "--batch", stdin=lines, monkeypatch=monkeypatch)
    results = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and err == "" and len(results) == 8
    assert (results[0]["start"], results[0]["end"], results[0]["ucdp_date_prec"]) == (
        "2022-02-07", "2022-02-08", 2)
    assert results[2]["low"] == 24
    assert [bool(r.get("unresolved")) for r in results] == [False, True, False, True, True, True,
                                                            True, True]
    assert "country" in results[7]["why"]


def test_places_are_added_by_editors_listed_and_removed(db_path, monkeypatch):
    code, out, err = run(db_path, "places", "add", "Atme", "--alt", "Atmeh", "--country", "SY",
                         "--admin1", "Idlib", "--lat", "36.21", "--lon", "36.57")
    assert code == 0, err
    place_id = out.split()[1].rstrip(":")
    code, out, err = run(db_path, "places", "add", "Khusham", login="bob")
    assert code == 1 and "editor" in err and "Traceback" not in err
    code, out, _ = run(db_path, "places", "list")
    assert "Atme\tIdlib, SY\t36.21000,36.57000" in out
    code, out, _ = run(db_path, "ground", "place", "Atmeh", "--country", "SY")
    assert json.loads(out)["chosen"]["id"] == place_id
    code, out, err = run(db_path, "places", "add", "X", "--lat", "95", "--lon", "1")
    assert code == 1 and "latitude" in err
    assert run(db_path, "places", "remove", place_id)[0] == 0
    assert run(db_path, "places", "list")[1] == ""
