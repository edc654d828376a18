"""The README's Python API example runs as written; the API reads as records and writes as the app."""

from __future__ import annotations

import doctest
import re

import pytest

from store import api
from store.errors import StoreError
from tests.support.paths import ROOT


def readme_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Python API", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_the_readme_example_runs_as_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    test = doctest.DocTestParser().get_doctest(readme_example(), {}, "README Python API", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0
    assert test.examples, "the README has the example"


def test_records_go_to_a_dataframe_when_pandas_is_there_and_say_so_when_not(tmp_path):
    with api.open(tmp_path / "d.db", login="alice") as desk:
        desk.import_seeds()
        records = desk.documents()
        assert len(records) == 5 and all("text" not in r and r["title"] for r in records)
        try:
            import pandas  # noqa: F401
        except ImportError:
            with pytest.raises(StoreError, match="needs pandas"):
                api.to_dataframe(records)
        else:
            frame = api.to_dataframe(records)
            assert list(frame["title"]) == [r["title"] for r in records]


def test_a_bad_span_through_the_api_is_refused_and_nothing_is_written(tmp_path):
    with api.open(tmp_path / "d.db", login="alice") as desk:
        doc = desk.import_seeds().ids[0]
        with pytest.raises(StoreError):
            desk.label(doc, 5, 10**9, "Location")
        assert desk.spans() == []


def test_incidents_read_as_records_with_their_members_and_sources(tmp_path):
    from store.annotate.incident_actions import LinkEvents

    with api.open(tmp_path / "d.db", login="alice") as desk:
        ids = desk.import_seeds().ids
        first, second = desk.new_event(ids[0]), desk.new_event(ids[1])
        desk.update_event(first["id"], location="Atme", fatalities_low=13)
        desk.update_event(second["id"], location="Atma", fatalities_low=0)
        desk.apply(LinkEvents(first["id"], second["id"]))
        (incident,) = desk.incidents()
        assert set(incident["members"]) == {first["id"], second["id"]}
        assert incident["number_of_sources"] == 2
        assert incident["fields"]  # reconciled from both events
