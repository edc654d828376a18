"""The words counts are written in: number words, qualifiers, vague quantities, who is counted.

Plain data for `store.grounding.numbers`; the conventions these words map to
are tabled in that module's docstring. Edit here to teach it a new word.
"""

from __future__ import annotations

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
GROUP_WORDS = {"dozen": 12, "score": 20}
NUMBER_WORDS = frozenset(UNITS) | frozenset(TENS) | frozenset(SCALES) | frozenset(GROUP_WORDS)

# Vague plural of a unit: low is two units, ACLED codes one unit.
VAGUE_PLURALS = {"tens": 10, "dozens": 12, "scores": 20, "hundreds": 100,
                  "thousands": 1000, "millions": 1_000_000}
# Vague words with a conventional floor (domain reference, section 5).
VAGUE_WORDS = {
    ("several",): 3, ("a", "few"): 3, ("a", "number", "of"): 3, ("many",): 3,
    ("numerous",): 3, ("a", "handful", "of"): 3, ("a", "handful"): 3,
    ("a", "couple", "of"): 2, ("some",): 2,
}
QUALIFIERS = {
    ("at", "least"): "at_least", ("no", "fewer", "than"): "at_least",
    ("no", "less", "than"): "at_least", ("a", "minimum", "of"): "at_least",
    ("more", "than"): "more_than", ("in", "excess", "of"): "more_than",
    ("over",): "more_than", ("upwards", "of"): "more_than",
    ("well", "over"): "more_than", ("above",): "more_than",
    ("about",): "about", ("around",): "about", ("some",): "about",
    ("approximately",): "about", ("approx",): "about", ("roughly",): "about",
    ("nearly",): "about", ("almost",): "about", ("close", "to"): "about",
    ("an", "estimated"): "about", ("estimated",): "about", ("circa",): "about",
    ("up", "to"): "at_most", ("as", "many", "as"): "at_most",
    ("at", "most"): "at_most", ("no", "more", "than"): "at_most",
    ("a", "maximum", "of"): "at_most",
    ("fewer", "than"): "fewer_than", ("less", "than"): "fewer_than",
    ("under",): "fewer_than", ("below",): "fewer_than",
    ("between",): "between",
}
# Words that say nothing about the count and may precede it.
FILLERS = frozenset({"the", "a", "total", "of", "only", "just", "her", "his",
                      "their", "its", "our", "there", "were", "was", "all"})
BREAKDOWN = (("including",), ("among", "them"), ("of", "whom"), ("of", "them"),
              ("among", "whom"))
SEPARATORS = frozenset({"and", ",", "plus", "&"})
RANGE_JOINS = frozenset({"-", "to", "or"})
DENIALS = (("no", "one"), ("nobody",), ("none",), ("not", "a", "single"),
            ("not", "one"), ("no",))
# Nouns that name who was counted; used to read "who" and, from the context,
# the noun after a bare number.
PEOPLE_NOUN_WORDS = """
people persons person civilians civilian children child kids women woman men man
boys boy girls girl soldiers soldier troops troop fighters fighter militants
militant members member militiamen militias militia insurgents insurgent rebels
rebel gunmen gunman attackers attacker policemen policeman police officers officer
personnel residents resident villagers worshippers students protesters protestors
demonstrators passengers workers employees journalists refugees migrants
pilgrims contractors mercenaries jihadists terrorists leaders leader commanders
commander combatants servicemen marines guards recruits relatives victims
bodies casualties deaths fatalities injuries dead wounded others individuals
infants babies farmers shepherds staff volunteers medics
"""
PEOPLE_NOUNS = frozenset(PEOPLE_NOUN_WORDS.split())

# "a man and his son": a possessive before one of these counts one person.
ONE_OF_KIN_WORDS = """son daughter husband wife brother sister father mother child baby
nephew niece cousin uncle aunt grandson granddaughter grandfather grandmother friend driver
bodyguard colleague neighbour neighbor"""
ONE_OF_KIN = frozenset(ONE_OF_KIN_WORDS.split())
