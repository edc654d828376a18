"""brat standoff (`.ann`): parse into plain dataclasses, check against the text, write back.

The parser follows brat's own reader (server/src/annotation.py):
- one annotation a line, fields separated by TAB; the id's first character says
  the kind: T text-bound, E event, R relation, A/M attribute, N normalisation,
  `#` note, `*` equivalence;
- T offsets are code points into the `.txt` read as UTF-8 with no newline
  translation; a discontinuous span is `start end;start end` and its text is the
  fragments joined by one space;
- R lines may end in a TAB (brat writes them so).

What brat would keep but we cannot trust is reported, never dropped in silence:
a line we cannot parse becomes a `Problem` with its line number, and a T whose
offsets do not cut out its stated text is reported with its offsets and left
out (so is anything that refers to it, each with its own line).

`write_ann` produces lines in brat's own layout, so brat reads them back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# --- the annotations ------------------------------------------------------------


@dataclass
class TextBound:
    id: str
    type: str
    fragments: list[tuple[int, int]]
    text: str
    line: int = 0


@dataclass
class Event:
    id: str
    type: str
    trigger: str
    args: list[tuple[str, str]] = field(default_factory=list)  # (role, target id)
    line: int = 0


@dataclass
class Relation:
    id: str
    type: str
    args: list[tuple[str, str]] = field(default_factory=list)
    line: int = 0


@dataclass
class Equiv:
    type: str
    targets: list[str]
    id: str = "*"
    line: int = 0


@dataclass
class Attribute:
    id: str
    name: str
    target: str
    value: str | None = None  # None for a binary attribute
    line: int = 0


@dataclass
class Normalization:
    id: str
    type: str
    target: str
    ref: str  # "Wikipedia:64488"
    text: str = ""
    line: int = 0


@dataclass
class Note:
    id: str
    type: str
    target: str
    text: str
    line: int = 0


Annotation = TextBound | Event | Relation | Equiv | Attribute | Normalization | Note


@dataclass(frozen=True)
class Problem:
    """Something in an `.ann` file that was not stored, with where it is."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass
class AnnFile:
    annotations: list[Annotation] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def of(self, kind: type) -> list:
        return [a for a in self.annotations if isinstance(a, kind)]


# --- reading --------------------------------------------------------------------

_ID = re.compile(r"^[TERAMN#*]\S*$")
_OFFSETS = re.compile(r"^\d+ \d+(;\d+ \d+)*$")


class _LineError(Exception):
    pass


def fragment_text(text: str, fragments: list[tuple[int, int]]) -> str:
    """What brat shows for a (possibly discontinuous) span: fragments joined by one space."""
    return " ".join(text[s:e] for s, e in fragments)


def _split_args(items: list[str]) -> list[tuple[str, str]]:
    out = []
    for item in items:
        role, sep, target = item.rpartition(":")
        if not sep or not role or not target:
            raise _LineError(f"argument {item!r} is not ROLE:ID")
        out.append((role, target))
    return out


def _parse_line(ident: str, data: str, number: int) -> Annotation:
    kind = ident[0]
    if kind == "T":
        head, sep, stated = data.partition("\t")
        if not sep:
            raise _LineError("text-bound annotation has no text field")
        type_, _, offsets = head.partition(" ")
        if not type_ or not _OFFSETS.match(offsets):
            raise _LineError(f"cannot read type and offsets from {head!r}")
        fragments = [tuple(int(x) for x in part.split(" ")) for part in offsets.split(";")]
        return TextBound(ident, type_, fragments, stated, number)
    if kind == "E":
        parts = data.rstrip("\t").split()
        if not parts:
            raise _LineError("event has no type")
        type_, sep, trigger = parts[0].rpartition(":")
        if not sep or not type_ or not trigger:
            raise _LineError(f"event type and trigger {parts[0]!r} is not TYPE:ID")
        return Event(ident, type_, trigger, _split_args(parts[1:]), number)
    if kind == "R":
        parts = data.rstrip("\t").split()
        if len(parts) < 2:
            raise _LineError("relation needs a type and arguments")
        return Relation(ident, parts[0], _split_args(parts[1:]), number)
    if kind == "*":
        parts = data.rstrip("\t").split()
        if len(parts) < 3:
            raise _LineError("equivalence needs a type and at least two ids")
        return Equiv(parts[0], parts[1:], ident, number)
    if kind in "AM":
        parts = data.rstrip("\t").split()
        if len(parts) not in (2, 3):
            raise _LineError("attribute is NAME TARGET [VALUE]")
        return Attribute(ident, parts[0], parts[1], parts[2] if len(parts) == 3 else None, number)
    if kind == "N":
        head, _, norm_text = data.partition("\t")
        parts = head.split()
        if len(parts) != 3 or ":" not in parts[2]:
            raise _LineError("normalisation is TYPE TARGET DB:ID<TAB>text")
        return Normalization(ident, parts[0], parts[1], parts[2], norm_text, number)
    if kind == "#":
        head, _, note = data.partition("\t")
        parts = head.split()
        if len(parts) != 2:
            raise _LineError("note is TYPE TARGET<TAB>text")
        return Note(ident, parts[0], parts[1], note, number)
    raise _LineError(f"unknown annotation id {ident!r}")


def parse_ann(ann: str, text: str | None = None, file: str = "<ann>") -> AnnFile:
    """Parse the content of an `.ann` file; with `text`, check every T against it.

    Annotations that refer to an id that is missing (or was left out because its
    offsets were wrong) are left out too and reported: storing an event without its
    trigger would break the round-trip silently.
    """
    result = AnnFile()
    for number, raw in enumerate(ann.split("\n"), start=1):
        line = raw[:-1] if raw.endswith("\r") else raw  # tolerate a CRLF .ann file
        if not line.strip():
            continue
        ident, sep, data = line.partition("\t")
        if not sep or not _ID.match(ident):
            result.problems.append(Problem(file, number, f"cannot parse line: {_show(line)}"))
            continue
        try:
            annotation = _parse_line(ident, data, number)
        except _LineError as exc:
            result.problems.append(Problem(file, number, f"{exc}: {_show(line)}"))
            continue
        if isinstance(annotation, TextBound) and text is not None:
            message = _check_textbound(annotation, text)
            if message:
                result.problems.append(Problem(file, number, message))
                continue
        result.annotations.append(annotation)
    _drop_dangling(result, file)
    return result


def _show(line: str, limit: int = 80) -> str:
    return repr(line if len(line) <= limit else line[:limit] + "…")


def _check_textbound(t: TextBound, text: str) -> str | None:
    offsets = ";".join(f"{s} {e}" for s, e in t.fragments)
    for s, e in t.fragments:
        if not 0 <= s <= e <= len(text):
            return (f"{t.id} {t.type} offsets {offsets} are outside the text "
                    f"(0..{len(text)}); not stored")
    actual = fragment_text(text, t.fragments)
    if actual != t.text:
        return (f"{t.id} {t.type} offsets {offsets} cut out {actual!r}, "
                f"not the stated {t.text!r}; not stored")
    return None


def references(a: Annotation) -> list[str]:
    """The ids an annotation points at."""
    if isinstance(a, Event):
        return [a.trigger, *(t for _, t in a.args)]
    if isinstance(a, Relation):
        return [t for _, t in a.args]
    if isinstance(a, Equiv):
        return list(a.targets)
    if isinstance(a, (Attribute, Normalization, Note)):
        return [a.target]
    return []


def _drop_dangling(result: AnnFile, file: str) -> None:
    # Repeat until stable: dropping an event can orphan its attributes, and an
    # event may be an argument of an event that comes earlier in the file.
    while True:
        known = {a.id for a in result.annotations if not isinstance(a, Equiv)}
        kept = []
        for a in result.annotations:
            missing = [r for r in references(a) if r not in known]
            if missing:
                result.problems.append(Problem(
                    file, a.line, f"{a.id} refers to {', '.join(missing)}, which is missing "
                    "or was not stored; not stored"))
            else:
                kept.append(a)
        if len(kept) == len(result.annotations):
            break
        result.annotations = kept
    result.problems.sort(key=lambda p: p.line)


# --- writing --------------------------------------------------------------------


def _clean(value: str) -> str:
    """A one-line field: brat's reader splits lines on newlines, so they become spaces."""
    return value.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


def format_annotation(a: Annotation) -> str:
    """One `.ann` line (without the newline) in brat's own layout."""
    if isinstance(a, TextBound):
        offsets = ";".join(f"{s} {e}" for s, e in a.fragments)
        return f"{a.id}\t{a.type} {offsets}\t{_clean(a.text)}"
    if isinstance(a, Event):
        args = "".join(f" {role}:{target}" for role, target in a.args)
        return f"{a.id}\t{a.type}:{a.trigger}{args}"
    if isinstance(a, Relation):
        args = " ".join(f"{role}:{target}" for role, target in a.args)
        return f"{a.id}\t{a.type} {args}\t"
    if isinstance(a, Equiv):
        return f"*\t{a.type} {' '.join(a.targets)}"
    if isinstance(a, Attribute):
        value = f" {a.value}" if a.value is not None else ""
        return f"{a.id}\t{a.name} {a.target}{value}"
    if isinstance(a, Normalization):
        return f"{a.id}\t{a.type} {a.target} {a.ref}\t{_clean(a.text)}"
    if isinstance(a, Note):
        return f"{a.id}\t{a.type} {a.target}\t{_clean(a.text)}"
    raise TypeError(f"not a brat annotation: {a!r}")


def write_ann(annotations: list[Annotation]) -> str:
    return "".join(format_annotation(a) + "\n" for a in annotations)


_TYPE_UNSAFE = re.compile(r"[\s:;]+")


def safe_type(name: str) -> str:
    """A brat type name: no whitespace, colons or semicolons (they are field separators)."""
    cleaned = _TYPE_UNSAFE.sub("_", name.strip())
    return cleaned or "Unknown"


def line_fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split start..end at line breaks: an `.ann` line cannot hold a newline.

    brat itself stores a span crossing lines as fragments; the newline
    characters are left out, so each fragment still cuts out its own text.
    """
    fragments = []
    pos = start
    for m in re.finditer(r"\r\n|\r|\n", text[start:end]):
        s, e = start + m.start(), start + m.end()
        if s > pos:
            fragments.append((pos, s))
        pos = e
    if pos < end:
        fragments.append((pos, end))
    return fragments or [(start, end)]


# --- comparing ------------------------------------------------------------------


def canonical(annotations: list[Annotation]) -> list[tuple]:
    """Each annotation as a key made of content, not ids, sorted: two files with the
    same annotations (ids renumbered, lines reordered, M written as A) give the same list."""
    by_id = {a.id: a for a in annotations if not isinstance(a, Equiv)}
    memo: dict[str, tuple] = {}

    def key(ident: str, depth: int = 0) -> tuple:
        if ident in memo:
            return memo[ident]
        a = by_id.get(ident)
        if a is None or depth > 50:
            return ("?", ident)
        memo[ident] = _key(a, lambda r: key(r, depth + 1))
        return memo[ident]

    return sorted((_key(a, key) for a in annotations), key=repr)


def _key(a: Annotation, key) -> tuple:
    if isinstance(a, TextBound):
        return ("T", a.type, tuple(a.fragments), a.text)
    if isinstance(a, Event):
        return ("E", a.type, key(a.trigger), tuple(sorted(((r, key(t)) for r, t in a.args), key=repr)))
    if isinstance(a, Relation):
        return ("R", a.type, tuple(sorted(((r, key(t)) for r, t in a.args), key=repr)))
    if isinstance(a, Equiv):
        return ("*", a.type, tuple(sorted((key(t) for t in a.targets), key=repr)))
    if isinstance(a, Attribute):
        return ("A", a.name, key(a.target), a.value)
    if isinstance(a, Normalization):
        return ("N", a.type, key(a.target), a.ref, a.text)
    return ("#", a.type, key(a.target), a.text)
