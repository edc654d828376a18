"""Export file names never let one document's files overwrite another's; stale temporaries go."""

from __future__ import annotations

import pytest

from store.formats import brat_export, text
from store.formats.atomic import atomic_write
from tests.support.workstation import add_text


def _crafted(db):
    """Documents whose names collide once the first collision is resolved: the fallback
    names of the last one are claimed, by crafted sources, before it."""
    ids = [add_text(db, f"{word} article\n") for word in ("first", "second", "third", "fourth")]
    last = ids[3]
    for doc, source in zip(ids, ("a.txt", f"a-{last[:8]}.txt", f"a.{last}.txt", "a.txt")):
        db.execute("UPDATE documents SET source = ? WHERE id = ?", [source, doc])
    return ids


@pytest.mark.parametrize("fmt", ["brat", "text"])
def test_crafted_sources_never_overwrite_another_documents_files(fresh_db, tmp_path, fmt):
    _crafted(fresh_db)
    out = tmp_path / "out"
    if fmt == "brat":
        brat_export.write_folder(fresh_db, out)
        texts = sorted(p.read_text() for p in out.glob("*.txt"))
    else:
        text.write(fresh_db, out)
        texts = sorted(p.read_text() for p in out.iterdir())
    assert texts == ["first article\n", "fourth article\n", "second article\n", "third article\n"]


def test_stale_temporaries_of_an_interrupted_export_are_removed_by_the_next(fresh_db, tmp_path):
    add_text(fresh_db, "an article\n")
    out = tmp_path / "out"
    out.mkdir()
    stale = out / ".a.txt.k3j2h1g0.tmp"
    stale.write_text("half")
    keep = out / "notes.tmp"
    keep.write_text("mine")
    text.write(fresh_db, out)
    assert not stale.exists() and keep.exists()
    single = tmp_path / "export.json"
    leftover = tmp_path / ".export.json.abcd1234.tmp"
    leftover.write_text("{")
    with atomic_write(single) as handle:
        handle.write("{}")
    assert not leftover.exists() and single.read_text() == "{}"
