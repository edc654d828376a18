"""A JSONL line that is not an object is named in JSON's words, not Python's.

Found in QA: `null` on a line was refused as "is a JSON NoneType", `"str"` as "a JSON str".
"""

from __future__ import annotations

import pytest

from store.ingest.importer import Importer


class Collect:
    """A reporter that keeps the outcome of each line."""

    def __init__(self):
        self.lines = []

    def imported(self, label, document_id, row): self.lines.append(("imported", label, ""))
    def duplicate(self, label, existing_id): self.lines.append(("duplicate", label, ""))
    def refused(self, label, reason): self.lines.append(("refused", label, reason))
    def skipped(self, label, reason): self.lines.append(("skipped", label, reason))
    def warning(self, label, message): self.lines.append(("warning", label, message))
    def start(self, files, total_bytes): pass
    def advance(self, nbytes): pass


@pytest.mark.parametrize("line, kind", [
    ("null", "null"), ('"str"', "string"), ("[1, 2]", "array"), ("7", "number"),
    ("1.5", "number"), ("true", "boolean"),
])
def test_a_line_that_is_not_an_object_is_named_in_json_words(fresh_db, tmp_path, line, kind):
    path = tmp_path / "a.jsonl"
    path.write_text(line + '\n{"text": "Strike near Atme"}\n', encoding="utf-8")
    report = Collect()
    summary = Importer(fresh_db, "alice", reporter=report).import_paths([path])
    refused = [reason for k, label, reason in report.lines if k == "refused"]
    assert refused == [f'is a JSON {kind}, not an object with "text"']
    assert (summary.imported, summary.refused) == (1, 1)
