"""How the bytes of a file become a document's text: the decoding policy.

The policy (stated in the README) is strict on purpose, because a document's
text is evidence and every offset indexes into it:

* UTF-8, with or without a byte-order mark (the BOM is removed and recorded);
* UTF-16 little- or big-endian *with* a BOM (the BOM is removed and recorded);
* a legacy encoding only when the user names it (`--encoding cp1252`);
* everything else is refused with a one-line reason: invalid UTF-8 (a Latin-1
  file), binary files, NUL characters, empty and whitespace-only files.

Nothing is ever altered: CRLF, lone CR, tabs, control characters, escape
sequences, bidi controls and combining marks are kept as they are.  Making them
safe on a screen is the view's job.

`encode_original` is the inverse: the stored text with its recorded encoding
and BOM gives back the original bytes, which `verify` checks and
`export --format text` writes.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

from store.errors import StoreError

UTF8_BOM = codecs.BOM_UTF8
UTF16_LE_BOM = codecs.BOM_UTF16_LE
UTF16_BE_BOM = codecs.BOM_UTF16_BE
UTF32_LE_BOM = codecs.BOM_UTF32_LE
UTF32_BE_BOM = codecs.BOM_UTF32_BE

#: The BOM written back in front of the text for each encoding that records one.
BOMS = {"utf-8": UTF8_BOM, "utf-16-le": UTF16_LE_BOM, "utf-16-be": UTF16_BE_BOM}

#: Magic numbers of common binary formats, to name them in the refusal.
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or .docx/.xlsx/.epub)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
)

_HTML_OPENINGS = ("<!doctype html", "<html", "<head", "<body")


class RefusedFile(StoreError):
    """The bytes cannot become a document; the message is the reason (without the file name)."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # a Python codec name that re-encodes the text: utf-8, utf-16-le, cp1252, ...
    bom: bool
    warnings: tuple[str, ...] = field(default=())


def canonical_encoding(name: str) -> str:
    """The codec's canonical name (`latin1` -> `iso8859-1`); unknown names are refused."""
    try:
        info = codecs.lookup(name)
    except (LookupError, TypeError, ValueError):
        raise RefusedFile(f"unknown encoding {name!r} (try utf-8, utf-16, cp1252, latin-1)") from None
    if not getattr(info, "_is_text_encoding", True):
        raise RefusedFile(f"{name!r} is not a text encoding")
    return info.name


def decode(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode a file's bytes under the policy above, or raise RefusedFile with the reason."""
    if not data:
        raise RefusedFile("is empty")
    if encoding is not None:
        decoded = _decode_named(data, canonical_encoding(encoding))
    else:
        decoded = _decode_detected(data)
    check_text(decoded.text)
    warnings = decoded.warnings
    if looks_like_html(decoded.text):
        warnings += ("looks like an HTML page; stored as text exactly as it is, markup included",)
    return Decoded(decoded.text, decoded.encoding, decoded.bom, warnings)


def _decode_detected(data: bytes) -> Decoded:
    if data.startswith(UTF32_LE_BOM) or data.startswith(UTF32_BE_BOM):
        raise RefusedFile("is UTF-32; import it with --encoding utf-32 if that is intended")
    if data.startswith(UTF8_BOM):
        return Decoded(_strict(data[len(UTF8_BOM):], "utf-8", skipped=3), "utf-8", True)
    if data.startswith(UTF16_LE_BOM):
        return Decoded(_strict(data[2:], "utf-16-le", skipped=2), "utf-16-le", True)
    if data.startswith(UTF16_BE_BOM):
        return Decoded(_strict(data[2:], "utf-16-be", skipped=2), "utf-16-be", True)
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise RefusedFile(f"is binary ({what}), not text")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise RefusedFile(
            f"contains NUL bytes (first at byte {nul}): a binary file, or UTF-16 without a "
            "byte-order mark (then import it with --encoding utf-16-le or utf-16-be)"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start:exc.start + 1].hex()
        raise RefusedFile(
            f"is not valid UTF-8 (byte 0x{bad} at offset {exc.start}); if you know its legacy "
            "encoding, import it with --encoding NAME (e.g. cp1252, latin-1)"
        ) from None
    return Decoded(text, "utf-8", False)


def _decode_named(data: bytes, encoding: str) -> Decoded:
    """Decode with the encoding the user named; a BOM of that encoding is recorded, not kept."""
    bom = False
    if encoding in ("utf-8", "utf-8-sig"):
        encoding = "utf-8"
        if data.startswith(UTF8_BOM):
            data, bom = data[3:], True
    elif encoding in ("utf-16", "utf-32"):
        # The generic codecs pick the byte order from a BOM; record which one it was.
        if encoding == "utf-16" and data[:2] in (UTF16_LE_BOM, UTF16_BE_BOM):
            encoding = "utf-16-le" if data[:2] == UTF16_LE_BOM else "utf-16-be"
            data, bom = data[2:], True
        elif encoding == "utf-32" and data[:4] in (UTF32_LE_BOM, UTF32_BE_BOM):
            encoding = "utf-32-le" if data[:4] == UTF32_LE_BOM else "utf-32-be"
            data, bom = data[4:], True
        else:
            encoding += "-le"  # Python's default byte order without a BOM
    elif encoding in ("utf-16-le", "utf-16-be") and data.startswith(BOMS[encoding]):
        data, bom = data[2:], True
    text = _strict(data, encoding, skipped=0)
    if bom and not text:
        raise RefusedFile("is empty (only a byte-order mark)")
    # Some legacy codecs map several byte sequences to one character; only an
    # encoding that gives the same bytes back keeps the original recoverable.
    if encode_original(text, encoding, bom) != (BOMS.get(encoding, b"") if bom else b"") + data:
        raise RefusedFile(f"does not decode and re-encode to the same bytes as {encoding}")
    return Decoded(text, encoding, bom)


def _strict(data: bytes, encoding: str, *, skipped: int) -> str:
    if not data:
        raise RefusedFile("is empty (only a byte-order mark)")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise RefusedFile(
            f"is not valid {encoding} (at byte {exc.start + skipped}: {exc.reason})"
        ) from None


def check_text(text: str, *, surrogates: bool = False) -> None:
    """Refuse text that cannot be a document, whatever it came from (files or JSONL).

    `surrogates=True` also refuses lone surrogates, which only text that was not
    strictly decoded (JSON's \\ud800 escapes) can hold.
    """
    if not text:
        raise RefusedFile("is empty")
    if text.isspace():
        raise RefusedFile("has only whitespace")
    nul = text.find("\x00")
    if nul >= 0:
        raise RefusedFile(f"contains a NUL character (at character {nul}); binary data is not text")
    if not surrogates:
        return
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise RefusedFile(
            f"contains a lone surrogate (U+{ord(text[exc.start]):04X} at character {exc.start})"
        ) from None


def looks_like_html(text: str) -> bool:
    """An HTML page rather than article text: judged from how it begins (XHTML too)."""
    head = text[:512].lstrip("\ufeff \t\r\n").lower()
    return head.startswith(_HTML_OPENINGS) or ("<html" in head and "</" in text[:65536].lower())


def encode_original(text: str, encoding: str, bom: bool) -> bytes:
    """The original bytes of a document: its text re-encoded with the recorded encoding and BOM."""
    body = text.encode(encoding)
    if bom:
        prefix = BOMS.get(encoding)
        if prefix is None:
            prefix = {"utf-32-le": UTF32_LE_BOM, "utf-32-be": UTF32_BE_BOM}.get(encoding, b"")
        return prefix + body
    return body
