"""Reading the TimeBank dev set in place, for the date benchmarks.

TimeML marks temporal expressions inline; the benchmarks need the tag-free
text of `<TEXT>` (offsets are positions in it), the document creation time,
and each gold TIMEX3 with its offsets and normalised value. The corpus is
read where it lies (../shared/fixtures/timebank) and never copied.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from pathlib import Path

DEFAULT_FIXTURES = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures"

_TAG = re.compile(r"<(/?)([A-Za-z0-9]+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_DCT = re.compile(r"<DCT>\s*<TIMEX3([^>]*)>")


@dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    words: str
    type: str
    value: str


@dataclass(frozen=True)
class TimebankDoc:
    name: str
    dct: str | None
    text: str
    timexes: tuple[GoldTimex, ...]


def fixtures_dir_from_args(description: str, extra_errors: bool = False, failures: bool = False):
    """The fixtures folder: `--fixtures DIR`, else ../shared/fixtures beside the checkout.

    With `extra_errors`, also how many misses to list (`--errors N`, default 0); with
    `failures`, also whether to print every miss by kind with its sentence (`--failures`).
    """
    parser = argparse.ArgumentParser(description=description,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fixtures", type=Path, default=DEFAULT_FIXTURES)
    if extra_errors:
        parser.add_argument("--errors", type=int, default=0, help="list the N most frequent misses")
    if failures:
        parser.add_argument("--failures", action="store_true",
                            help="print every miss, grouped by kind of gold value, with its sentence")
    args = parser.parse_args()
    if failures:
        return args.fixtures, args.errors, args.failures
    return (args.fixtures, args.errors) if extra_errors else args.fixtures


def load_doc(path: Path) -> TimebankDoc:
    raw = path.read_text(encoding="utf-8")
    dct = None
    match = _DCT.search(raw)
    if match:
        dct = dict(_ATTR.findall(match.group(1))).get("value")
    body_start = raw.find("<TEXT>")
    body_end = raw.find("</TEXT>")
    body = raw[body_start + len("<TEXT>"):body_end] if body_start >= 0 <= body_end else ""
    pieces: list[str] = []
    length = 0
    timexes: list[GoldTimex] = []
    open_timex: tuple[int, dict] | None = None
    cursor = 0
    for tag in _TAG.finditer(body):
        chunk = body[cursor:tag.start()]
        pieces.append(chunk)
        length += len(chunk)
        cursor = tag.end()
        closing, name = tag.group(1), tag.group(2)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(_ATTR.findall(tag.group(3))))
        elif open_timex is not None:
            begin, attrs = open_timex
            open_timex = None
            timexes.append(GoldTimex(begin, length, "", attrs.get("type", ""), attrs.get("value", "")))
    pieces.append(body[cursor:])
    text = "".join(pieces)
    timexes = [GoldTimex(t.start, t.end, text[t.start:t.end], t.type, t.value) for t in timexes]
    return TimebankDoc(path.stem, dct, text, tuple(timexes))


def load_corpus(fixtures: Path) -> list[TimebankDoc]:
    return [load_doc(path) for path in sorted((fixtures / "timebank").glob("*.tml"))]


def gold_value_kind(value: str) -> str:
    """The kind of a gold TIMEX3 value, for the per-kind breakdown."""
    if value.endswith("_REF"):
        return "*_REF"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return "day"
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return "month"
    if re.fullmatch(r"\d{4}", value):
        return "year"
    if re.fullmatch(r"\d{4}-W(\d{2}|XX)(-WE)?", value):
        return "week"
    if re.fullmatch(r"\d{4}-(Q[1-4X]|H[12]|SP|SU|FA|WI)", value):
        return "quarter/season"
    if re.fullmatch(r"\d{2,3}X?", value):
        return "decade"
    return "other"
