"""Title, published date and outlet read from the header of an article's text.

Pure functions, no I/O.  Only the first few lines are looked at (so a 20 MiB
article costs nothing extra), and only the header forms the seed articles use:

* `date 2022-02-03 Islam Times - <first sentence>`  (date, outlet, title)
* `Published: Mon, February 12, 2018`                (date)
* `February 12, 2018` on its own line                (date; also `12 February 2018`)
* `<title> • The Syrian Observatory For Human Rights` (title, outlet)

The title is the first non-empty line that is not a header or byline line,
trimmed of surrounding whitespace (only the title: the text is never touched)
and cut to TITLE_MAX characters.  Whatever is not found stays None; the user
can give or correct every field.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import Iterator

TITLE_MAX = 200
HEADER_CHARS = 2000  # how much of the text the header may span
HEADER_LINES = 10  # how many non-empty lines are looked at
BODY_LINE = 160  # once the title is known, a line this long is the body: the header is over
DATE_LINE_MAX = 48  # a date on its own line is short

MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
# "February 12, 2018" / "Mon, February 12, 2018" / "12 February 2018"
_WRITTEN_DATE = re.compile(
    rf"{_WEEKDAY}(?:{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})"
    rf"|(?P<day2>\d{{1,2}})\s+(?P<month2>[A-Za-z]{{3,9}})\.?,?\s+(?P<year2>\d{{4}}))",
    re.IGNORECASE,
)
_ISO_DATE = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})")
_DATE_LINE = re.compile(r"date\s+(?P<date>\d{4}-\d{2}-\d{2})\s+(?P<outlet>.+?)\s+[-–—]\s+(?P<rest>.*)",
                        re.IGNORECASE)
_PUBLISHED_LINE = re.compile(r"(?:published|posted|updated)(?:\s+on)?\s*:?\s*(?P<date>.+)", re.IGNORECASE)
_OUTLET_SUFFIX = re.compile(r"(?P<title>.+?)\s+•\s+(?P<outlet>[^•]+)")
# "By Rosalie Gross", "Markets | By Rosalie Gross"
_BYLINE = re.compile(r"(?:[^|]{1,40}\|\s*)?by\s+\w[\w.'’ -]{0,60}", re.IGNORECASE)


@dataclass(frozen=True)
class Metadata:
    title: str | None = None
    published: str | None = None  # ISO 8601 date
    outlet: str | None = None


def parse_date(value: str) -> str | None:
    """An ISO date (YYYY-MM-DD) from a written or ISO date that is the whole of `value`."""
    value = value.strip()
    match = _ISO_DATE.fullmatch(value)
    if match:
        return _iso(match["year"], match["month"], match["day"])
    match = _WRITTEN_DATE.fullmatch(value)
    if match:
        if match["month"]:
            return _iso(match["year"], MONTHS.get(match["month"].lower()), match["day"])
        return _iso(match["year2"], MONTHS.get(match["month2"].lower()), match["day2"])
    return None


def _iso(year, month, day) -> str | None:
    if month is None:
        return None
    try:
        return _dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


_LINE_END = re.compile(r"\r\n|\r|\n")


def header_lines(text: str) -> Iterator[str]:
    """The first HEADER_LINES non-empty lines, stripped (CRLF, LF and a lone CR end a line).

    A generator, so the caller stops reading as soon as the header is over.
    """
    head = text[:HEADER_CHARS]
    found = 0
    start = 0
    for match in _LINE_END.finditer(head):
        line = head[start:match.start()].strip()
        start = match.end()
        if line:
            yield line
            found += 1
            if found == HEADER_LINES:
                return
    line = head[start:].strip()
    if line:
        yield line


def shorten(title: str, limit: int = TITLE_MAX) -> str:
    """Cut a long first line at a word boundary, marking the cut with an ellipsis."""
    if len(title) <= limit:
        return title
    cut = title[:limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"


def extract(text: str) -> Metadata:
    """Title, published date and outlet from the header of `text` (None where not found)."""
    title = published = outlet = None
    for line in header_lines(text):
        if title is not None and len(line) >= BODY_LINE:
            break
        match = _DATE_LINE.fullmatch(line)
        if match and parse_date(match["date"]):
            published = published or parse_date(match["date"])
            outlet = outlet or match["outlet"].strip()
            if title is None and match["rest"].strip():
                title = match["rest"].strip()
            continue
        match = _PUBLISHED_LINE.fullmatch(line)
        if match and parse_date(match["date"]):
            published = published or parse_date(match["date"])
            continue
        date = parse_date(line) if len(line) <= DATE_LINE_MAX else None
        if date:
            published = published or date
            continue
        if _BYLINE.fullmatch(line):
            continue
        if title is None:
            match = _OUTLET_SUFFIX.fullmatch(line)
            if match:
                title, outlet = match["title"].strip(), outlet or match["outlet"].strip()
            else:
                title = line
    if title is None:
        # No header-free line in the first lines (or none at all): fall back to the first line.
        title = next(header_lines(text), None)
    return Metadata(title=shorten(title) if title else None, published=published, outlet=outlet)

#: A year or a year and month (a published date known only that precisely).
ISO_PARTIAL = re.compile(r"\d{4}(?:-(?:0[1-9]|1[0-2]))?")
