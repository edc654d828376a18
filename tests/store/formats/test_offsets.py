"""Offset units: code points -> UTF-16 units and UTF-8 bytes, checked against real encoders."""

from __future__ import annotations

import pytest

from store.formats.offsets import OffsetConverter, convert_offsets

SAMPLES = {
    "emoji": "Crowd 👍🏽 gathered 🇸🇾 near Idlib 😀.",
    "cjk": "叙利亚伊德利卜省发生空袭，至少13人死亡。",
    "arabic": "قُتِلَ ١٣ شخصاً في إدلب، بينهم أطفال.",
    "crlf": "Line one\r\nLine two 👍\r\n\r\nend",
    "mixed": "a\u00a0b\u200bc é e\u0301 𝔘 ü",
}


def _reference(text: str, offset: int, unit: str) -> int:
    prefix = text[:offset]
    if unit == "utf16":
        return len(prefix.encode("utf-16-le")) // 2
    if unit == "bytes":
        return len(prefix.encode("utf-8"))
    return offset


@pytest.mark.parametrize("name", sorted(SAMPLES))
@pytest.mark.parametrize("unit", ["codepoints", "utf16", "bytes"])
def test_every_offset_matches_the_encoder(name, unit):
    text = SAMPLES[name]
    conv = OffsetConverter(text, unit)
    for offset in range(len(text) + 1):
        expected = _reference(text, offset, unit)
        assert conv.convert(offset) == expected
        assert conv.to_codepoints(expected) == offset


def test_emoji_counts_two_utf16_units_and_four_bytes():
    text = "x😀y"
    assert convert_offsets(text, [1, 2, 3], "utf16") == [1, 3, 4]
    assert convert_offsets(text, [1, 2, 3], "bytes") == [1, 5, 6]


def test_slices_in_other_units_cut_the_same_words():
    text = SAMPLES["arabic"]
    start = text.index("إدلب")
    end = start + len("إدلب")
    b = convert_offsets(text, [start, end], "bytes")
    assert text.encode("utf-8")[b[0]:b[1]].decode("utf-8") == "إدلب"
    u = convert_offsets(text, [start, end], "utf16")
    assert text.encode("utf-16-le")[2 * u[0]:2 * u[1]].decode("utf-16-le") == "إدلب"


def test_crlf_counts_two_characters():
    text = SAMPLES["crlf"]
    assert text.index("Line two") == 10
    assert convert_offsets(text, [10], "bytes") == [10]


def test_offset_inside_a_character_is_refused():
    conv = OffsetConverter("a😀b", "utf16")
    with pytest.raises(ValueError):
        conv.to_codepoints(2)
    with pytest.raises(ValueError):
        conv.convert(99)


def test_unknown_unit_is_refused():
    with pytest.raises(ValueError):
        OffsetConverter("abc", "words")
