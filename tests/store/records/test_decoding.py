"""The decoding policy: what becomes text exactly, what is refused and why."""

import codecs

import pytest

from store.records.decoding import RefusedFile, decode, encode_original

HOSTILE = "Line one\r\nline two\rline three\n\ttab \x1b[31mred\x1b[0m \x1b]52;c;SGVsbG8=\x07 \u202eevil\u202c e\u0301 \x7f\x85"


@pytest.mark.parametrize("data,encoding,bom", [
    (HOSTILE.encode("utf-8"), "utf-8", False),
    (codecs.BOM_UTF8 + HOSTILE.encode("utf-8"), "utf-8", True),
    (codecs.BOM_UTF16_LE + HOSTILE.encode("utf-16-le"), "utf-16-le", True),
    (codecs.BOM_UTF16_BE + HOSTILE.encode("utf-16-be"), "utf-16-be", True),
])
def test_text_is_kept_exactly_and_round_trips_to_the_same_bytes(data, encoding, bom):
    decoded = decode(data)
    assert decoded.text == HOSTILE  # CRLF, lone CR, tabs, ESC, OSC 52, bidi, combining marks kept
    assert (decoded.encoding, decoded.bom) == (encoding, bom)
    assert encode_original(decoded.text, decoded.encoding, decoded.bom) == data


@pytest.mark.parametrize("data,reason", [
    (b"", "is empty"),
    (b" \r\n\t\n ", "has only whitespace"),
    (codecs.BOM_UTF8, "is empty"),
    (codecs.BOM_UTF8 + b"  \n", "has only whitespace"),
    ("Caf\u00e9 in M\u00fcnchen".encode("latin-1"), "is not valid UTF-8 (byte 0xe9 at offset 3)"),
    (b"text\x00with a NUL", "contains NUL bytes (first at byte 4)"),
    ("no BOM".encode("utf-16-le"), "contains NUL bytes"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is binary (a PNG image)"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "is binary (a PDF document)"),
    (codecs.BOM_UTF16_LE + "x\x00y".encode("utf-16-le"), "contains a NUL character"),
    (codecs.BOM_UTF16_LE + b"a", "is not valid utf-16-le"),
    (codecs.BOM_UTF32_LE + "abc".encode("utf-32-le"), "is UTF-32"),
])
def test_refusals_give_a_one_line_reason(data, reason):
    with pytest.raises(RefusedFile) as info:
        decode(data)
    assert reason in str(info.value)
    assert "\n" not in str(info.value)


def test_latin1_refusal_says_how_to_import_on_purpose_and_encoding_does_it():
    data = "Caf\u00e9 \u00e0 Alep".encode("cp1252")
    with pytest.raises(RefusedFile, match="--encoding"):
        decode(data)
    decoded = decode(data, "cp1252")
    assert decoded.text == "Caf\u00e9 \u00e0 Alep"
    assert decoded.encoding == "cp1252" and decoded.bom is False
    assert encode_original(decoded.text, decoded.encoding, decoded.bom) == data


def test_unknown_encoding_name_is_a_clear_error():
    with pytest.raises(RefusedFile, match="unknown encoding 'klingon-8'"):
        decode(b"abc", "klingon-8")
    with pytest.raises(RefusedFile, match="not a text encoding"):
        decode(b"abc", "base64")


def test_named_utf16_without_bom_decodes_and_round_trips():
    data = "Atme \u2019raid\u2019".encode("utf-16-be")
    decoded = decode(data, "utf-16-be")
    assert decoded.text == "Atme \u2019raid\u2019" and decoded.bom is False
    assert encode_original(decoded.text, decoded.encoding, decoded.bom) == data
    generic = decode(codecs.BOM_UTF16_BE + data, "utf-16")
    assert (generic.encoding, generic.bom, generic.text) == ("utf-16-be", True, decoded.text)


def test_named_encoding_still_refuses_nul_and_invalid_bytes():
    with pytest.raises(RefusedFile, match="NUL"):
        decode(b"a\x00b", "latin-1")
    with pytest.raises(RefusedFile, match="not valid utf-8"):
        decode(b"caf\xe9", "utf-8")


def test_html_is_kept_as_text_with_a_warning():
    page = "<!DOCTYPE html>\n<html><head><title>Raid</title></head><body><p>13 killed</p></body></html>\n"
    decoded = decode(page.encode())
    assert decoded.text == page
    assert any("HTML" in w for w in decoded.warnings)
    assert decode(b"Plain article about <b> tags.\n").warnings == ()
