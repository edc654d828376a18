"""Title, published date and outlet from the header forms the seed articles use."""

import pytest

from store.ingest import metadata
from tests.support.paths import SEEDS

SEED_METADATA = {
    "000_1d24c9654f937966.txt": (
        "At least 13 people, mostly women and children, were killed in a rare commando raid "
        "carried out by helicopter-borne US special operations troops in Syria\u2019s "
        "northwestern Idlib Province.",
        "2022-02-03", "Islam Times"),
    "001_515c43d3b470f0b7.txt": (
        "Exclusive: American aidrop in Idlib caused civilian casualties", None, None),
    "002_eaa842275b238e25.txt": (
        "Targeting ISIS members | Two killed and injured in drone attack in Jarabulus",
        None, "The Syrian Observatory For Human Rights"),
    "003_a044712c1133c969.txt": (
        "Syria conflict: U.S. in rare counter-strike after Deir al-Zour attack", "2018-02-12", None),
    "004_de3cc8737eb6b66b.txt": (
        "US Coalition Kills 'More Than 100' Pro-Syrian Gov't Fighters", "2018-02-12", None),
}


@pytest.mark.parametrize("name", sorted(SEED_METADATA))
def test_each_seed_gives_its_title_date_and_outlet(name):
    found = metadata.extract((SEEDS / name).read_text(encoding="utf-8"))
    assert (found.title, found.published, found.outlet) == SEED_METADATA[name]


@pytest.mark.parametrize("value,iso", [
    ("February 12, 2018", "2018-02-12"),
    ("Mon, February 12, 2018", "2018-02-12"),
    ("12 February 2018", "2018-02-12"),
    ("Feb. 3, 2022", "2022-02-03"),
    ("2022-02-03", "2022-02-03"),
    ("February 30, 2018", None),
    ("Smarch 3, 2018", None),
    ("November 2", None),  # no year: stays unresolved rather than guessed
])
def test_parse_date(value, iso):
    assert metadata.parse_date(value) == iso


def test_header_lines_end_at_crlf_and_lone_cr_and_title_is_trimmed_only_for_the_title():
    found = metadata.extract("  \r\n\t Raid in Atme  \rPublished: Thu, February 3, 2022\r\nbody")
    assert (found.title, found.published) == ("Raid in Atme", "2022-02-03")


def test_a_long_first_line_is_cut_at_a_word_for_the_title():
    found = metadata.extract("word " * 100_000)
    assert len(found.title) <= metadata.TITLE_MAX and found.title.endswith("word…")


def test_text_without_header_has_no_date_or_outlet():
    found = metadata.extract("Just a paragraph.\n\nAnother one, on February 12, 2018 it said.")
    assert found == metadata.Metadata("Just a paragraph.", None, None)
