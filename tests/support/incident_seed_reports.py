"""Reports built from the seed articles the way an uncoded article gives them.

Only what an article offers before anyone codes it: its date from the header
(store.ingest.metadata), its outlet when the header names one, its text, and the
places a simple capitalised-word pass finds after "in", "near", "town of"...
(a stand-in for the gazetteer pass). Shared by the tests and the benchmark.
"""

from __future__ import annotations

import re
from pathlib import Path

from store.incidents.reports import Report
from store.ingest.metadata import extract

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

# A capitalised name (with Arabic-article joins: Deir al-Zour, Ras al-Ain)
# right after a word that introduces a place, on one line.
_PLACE = re.compile(
    r"\b(?:in|near|outside|around|(?:town|city|village|province|countryside) of) "
    r"((?:[A-Z][a-z][\w-]*)(?: (?:al|el|ez|ad|as|ash)-[A-Z]\w+| [A-Z][a-z][\w-]*)*)"
)


def place_names(text: str) -> tuple[str, ...]:
    """Capitalised names that follow a place word, first occurrence order."""
    return tuple(dict.fromkeys(_PLACE.findall(text)))


def seed_report(path: Path) -> Report:
    """The uncoded Report of one seed file: key is its three-digit prefix."""
    text = path.read_text(encoding="utf-8")
    header = extract(text)
    return Report(
        key=path.name[:3],
        document_id=path.name,
        outlet=header.outlet,
        article_date=header.published,
        text=text,
        place_names=place_names(text),
    )


def seed_reports(folder: Path = SEEDS) -> list[Report]:
    """Reports of every seed article, in file order."""
    return [seed_report(path) for path in sorted(folder.glob("*.txt"))]
