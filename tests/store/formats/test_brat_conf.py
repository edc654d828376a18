"""The brat export declares every type it writes, so brat shows them instead of flagging them.

Checked by hand against brat's own verifier (server/src/verify_annotations.py at
nlplab/brat 44ecd82) on the seeds coded here and on brat's tutorial corpus: no
error. These tests hold the same promise without brat's code.
"""

from __future__ import annotations

import io
import re

from store.annotate import actions as act
from store.annotate.gateway import Session
from store.cli.main import main
from store.formats import brat
from store.ingest.importer import import_paths
from store.records.documents import get_text
from tests.support.paths import FIXTURES, SEEDS

NAME = re.compile(r"^[A-Za-z0-9_\-]+$")


def _export(db_path, out):
    err = io.StringIO()
    assert main(["--db", str(db_path), "export", "--format", "brat", "--output", str(out)],
                login="alice", out=io.StringIO(), err=err) == 0, err.getvalue()


def _sections(conf: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = None
    for line in conf.splitlines():
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        elif line and not line.startswith("#") and current is not None:
            current.append(line)
    return sections


def _declared(conf: str) -> dict[str, set[str]]:
    s = _sections(conf)
    return {kind: {line.split("\t")[0] for line in s.get(kind, [])}
            for kind in ("entities", "relations", "events", "attributes")}


def _coded(fresh_db):
    ids = import_paths(fresh_db, [SEEDS], "alice").ids
    doc, text = ids[0], get_text(fresh_db, ids[0])
    s = Session(fresh_db, "alice")
    event = s.perform(act.CreateEvent(doc)).result["event"]
    s.perform(act.UpdateEvent(doc, event["id"], {"event_type": "Explosions/Remote violence",
                                                 "sub_event_type": "Air/drone strike"}))
    for quote, label in (("raid", "Trigger"), ("Atme", "Location"), ("Thursday", "Date")):
        i = text.index(quote)
        s.perform(act.LabelSpan(doc, i, i + len(quote), label, event["id"], None))


def test_every_type_written_is_declared_with_a_name_brat_accepts(fresh_db, db_path, tmp_path):
    _coded(fresh_db)
    out = tmp_path / "brat"
    _export(db_path, out)
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    declared = _declared(conf)
    assert "Air_drone_strike" in declared["events"]  # not "Air/drone strike": / means something in brat
    for ann_path in out.glob("*.ann"):
        parsed = brat.parse_ann(ann_path.read_text(encoding="utf-8"))
        event_types = {e.type for e in parsed.of(brat.Event)}
        for t in parsed.of(brat.TextBound):
            assert t.type in declared["entities"] | declared["events"], t.type
            assert NAME.match(t.type)
        assert event_types <= declared["events"]
        assert {a.name for a in parsed.of(brat.Attribute)} <= declared["attributes"]
    (air,) = [line for line in _sections(conf)["events"] if line.startswith("Air_drone_strike\t")]
    assert "Place*:Location" in air and "Date*:Date" in air
    assert (out / "visual.conf").is_file()


def test_the_tutorial_corpus_declares_its_relations_equivalences_and_valued_attributes(db_path, tmp_path):
    err = io.StringIO()
    main(["--db", str(db_path), "import", str(FIXTURES / "brat-tutorial-news"), "-q"], login="alice",
         out=io.StringIO(), err=err)
    out = tmp_path / "brat"
    _export(db_path, out)
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    relations = _sections(conf)["relations"]
    assert "Family\tArg1:Person, Arg2:Person" in relations
    assert any(r.startswith("Alias\t") and "symmetric-transitive" in r for r in relations)
    assert "Confidence\tArg:<EVENT>, Value:High|Low|Neutral" in _sections(conf)["attributes"]
    assert any(e.startswith("Transfer-money\t") and "Money-Arg*:Money" in e
               for e in _sections(conf)["events"])
