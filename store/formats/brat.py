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

#: brat's id syntax (annotation.py __split_annotation_id), plus the bare "*" of equivalences.
_ID = re.compile(r"^(?:[A-Za-z]+|#[A-Za-z]*)[0-9]+.*$")
_NORMALIZATION = re.compile(r"(\S+) (\S+) (\S+?):(\S+)")
#: The BioNLP Shared Task 2013 form of a normalisation, which brat also reads.
_BIONLP_NORMALIZATION = (
    (re.compile(r"^(Reference) Annotation:(\S+) Referent:(\S+)"), r"\1 \2 \3"),
    (re.compile(r"^(Reference) Referent:(\S+) Annotation:(\S+)"), r"\1 \3 \2"),
)


class _LineError(Exception):
    pass


def fragment_text(text: str, fragments: list[tuple[int, int]]) -> str:
    """What brat shows for a (possibly discontinuous) span: fragments joined by one space."""
    return " ".join(text[s:e] for s, e in fragments)


def _split_args(items: list[str]) -> list[tuple[str, str]]:
    out = []
    for item in items:
        parts = item.split(":")
        if len(parts) != 2 or not parts[0] or not parts[1]:
            raise _LineError(f"argument {item!r} is not ROLE:ID")
        out.append((parts[0], parts[1]))
    return out


def _parse_line(ident: str, rest: str, number: int) -> Annotation:
    """One line after its id, split as brat splits it: `data` up to the next TAB, then the tail."""
    kind = ident[0]
    data, tab, tail = rest.partition("\t")
    if kind == "T":
        type_, _, offsets = data.partition(" ")
        try:
            fragments = []
            for part in offsets.split(";"):
                start, end = part.split(" ", 1)
                end = end.rstrip()
                if any(c.isspace() for c in end):
                    raise ValueError
                fragments.append((int(start), int(end)))
        except ValueError:
            raise _LineError(f"cannot read type and offsets from {data!r}") from None
        if not type_:
            raise _LineError("text-bound annotation has no type")
        return TextBound(ident, type_, fragments, tail, number)
    if kind == "E":
        type_trigger, _, args = data.partition(" ")
        parts = type_trigger.split(":")
        if len(parts) != 2 or not parts[0] or not parts[1]:
            raise _LineError(f"event type and trigger {type_trigger!r} is not TYPE:ID")
        return Event(ident, parts[0], parts[1], _split_args(args.split()), number)
    if kind == "R":
        type_, sep, args = data.partition(" ")
        if not sep:
            raise _LineError("relation has no arguments")
        pairs = _split_args(args.split())
        if len(pairs) != 2 or pairs[0][0] == pairs[1][0]:
            raise _LineError("a relation has exactly two arguments with different roles")
        return Relation(ident, type_, pairs, number)
    if kind == "*":
        parts = data.split(None, 1)
        if len(parts) != 2:
            raise _LineError("equivalence has no ids")
        return Equiv(parts[0], parts[1].split(), ident, number)
    if kind == "A":
        m = re.match(r"(.+?) (.+?) (.+?)$", data) or re.match(r"(.+?) (.+?)$", data)
        if m is None:
            raise _LineError("attribute is NAME TARGET [VALUE]")
        name, target, *value = m.groups()
        if not _ID.match(target):
            raise _LineError(f"attribute target {target!r} is not an id")
        return Attribute(ident, name, target, value[0] if value else None, number)
    if kind == "M":
        parts = data.split()
        if len(parts) != 2:
            raise _LineError("modifier is NAME TARGET")
        return Attribute(ident, parts[0], parts[1], None, number)
    if kind == "N":
        for pattern, replacement in _BIONLP_NORMALIZATION:
            converted = pattern.sub(replacement, data, count=1)
            if converted != data:
                data = converted
                break
        m = _NORMALIZATION.match(data)
        if m is None:
            raise _LineError("normalisation is TYPE TARGET DB:ID<TAB>text")
        type_, target, db, ref = m.groups()
        return Normalization(ident, type_, target, f"{db}:{ref}", tail, number)
    if kind == "#":
        parts = data.split()
        if len(parts) != 2:
            raise _LineError("note is TYPE TARGET<TAB>text")
        return Note(ident, parts[0], parts[1], tail, number)
    raise _LineError(f"unknown annotation kind {ident!r}")


def parse_ann(ann: str, text: str | None = None, file: str = "<ann>") -> AnnFile:
    """Parse the content of an `.ann` file; with `text`, check every T against it.

    Annotations that refer to an id that is missing (or was left out because its
    offsets were wrong) are left out too and reported: storing an event without its
    trigger would break the round-trip silently.
    """
    result = AnnFile()
    seen: dict[str, int] = {}
    for number, raw in enumerate(ann.split("\n"), start=1):
        line = raw[:-1] if raw.endswith("\r") else raw  # tolerate a CRLF .ann file
        if not line.strip():
            continue
        ident, sep, data = line.partition("\t")
        if not sep or not (ident == "*" or _ID.match(ident)):
            result.problems.append(Problem(file, number, f"cannot parse line: {_show(line)}"))
            continue
        if ident != "*" and ident in seen:
            result.problems.append(Problem(
                file, number, f"duplicate id {ident} (first on line {seen[ident]}); not stored"))
            continue
        seen[ident] = number
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
    """brat's checks of a text-bound line against the text (TextAnnotations in annotation.py).

    Fixes `t.text` up as brat does: the text is the first len(fragments joined)
    characters of the field (anything after must be separated by white space), an
    empty field is filled from the document, and pre-1.3 discontinuous texts
    (fragments joined without a space) are accepted.
    """
    offsets = ";".join(f"{s} {e}" for s, e in t.fragments)
    seen: list[tuple[int, int]] = []
    for s, e in t.fragments:
        if not 0 <= s <= e <= len(text):
            return (f"{t.id} {t.type} offsets {offsets} are outside the text "
                    f"(0..{len(text)}) or reversed; not stored")
        if any(e >= os_ and s < oe for os_, oe in seen):
            return f"{t.id} {t.type} offsets {offsets}: fragments overlap; not stored"
        seen.append((s, e))
    expected = fragment_text(text, t.fragments)
    if t.text.strip() == "" and expected:
        t.text = expected  # brat fills a missing text from the document
        return None
    stated, rest = t.text[:len(expected)], t.text[len(expected):]
    if stated != expected:
        old_style = "".join(text[s:e] for s, e in t.fragments)
        if len(t.fragments) > 1 and t.text.startswith(old_style):
            t.text = expected
            return None
        return (f"{t.id} {t.type} offsets {offsets} cut out {expected!r}, "
                f"not the stated {t.text!r}; not stored")
    if rest and not rest[0].isspace():
        return (f"{t.id} {t.type} offsets {offsets}: text {t.text!r} runs on past the "
                f"{len(expected)} characters of the span; not stored")
    t.text = stated
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
    """A one-line field (a note, a normalisation's text): line breaks become spaces."""
    return _LINE_BREAK.sub(" ", value)


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


_TYPE_UNSAFE = re.compile(r"[^A-Za-z0-9_\-]+")


def safe_type(name: str) -> str:
    """A brat type name: letters, digits, _ and - only. Whitespace, colons and
    semicolons are `.ann` field separators, and `annotation.conf` gives `/`, `|`,
    `,` and `<...>` meanings of their own ("Air/drone strike" -> "Air_drone_strike")."""
    cleaned = _TYPE_UNSAFE.sub("_", name.strip())
    return cleaned or "Unknown"


#: Everything Python's str.splitlines breaks at (brat's reader reads lines that way).
_LINE_BREAK = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def line_fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split start..end at line breaks: an `.ann` line cannot hold a newline.

    brat itself stores a span crossing lines as fragments; the newline
    characters are left out, so each fragment still cuts out its own text.
    """
    fragments = []
    pos = start
    for m in _LINE_BREAK.finditer(text[start:end]):
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
