"""The words dates are made of: month and weekday names, number words, seasons.

Shared by the resolver (which interprets a selection) and the finder (which
locates date expressions in a whole article), so both read the same
vocabulary and cannot drift apart.
"""

from __future__ import annotations

import re

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thurs": 3, "thu": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Northern-hemisphere meteorological seasons (month the season starts, length 3);
# the news in the dev sets and in conflict coding is overwhelmingly northern.
SEASONS = {"spring": ("SP", 3), "summer": ("SU", 6), "fall": ("FA", 9), "autumn": ("FA", 9),
           "winter": ("WI", 12)}

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_ORDINAL_UNITS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19,
}
_ORDINAL_TENS = {"twentieth": 20, "thirtieth": 30}
QUARTER_WORDS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
                 "fourth": 4, "4th": 4, "q1": 1, "q2": 2, "q3": 3, "q4": 4}
HALF_WORDS = {"first": 1, "1st": 1, "second": 2, "2nd": 2}


def _alternation(words) -> str:
    # Longest first, so "sept" wins over "sep" and "thurs" over "thu".
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


def prefix_tree(words) -> str:
    """One regex alternation for `words`, factored by common prefixes ("ja(?:n(?:uary)?)|...").

    The regex engine tries alternatives one by one at each place; factored, a place
    that starts no word is dismissed after a letter or two, several times faster.
    """
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(tree)


MONTH_RE = _alternation(MONTHS)
WEEKDAY_RE = _alternation(WEEKDAYS)
SEASON_RE = _alternation(SEASONS)
NUMBER_WORD_RE = (
    r"(?:(?:" + _alternation(_TENS) + r")(?:-(?:" + _alternation(list(_UNITS)[1:10]) + r"))?"
    r"|" + _alternation(_UNITS) + r")"
)
ORDINAL_WORD_RE = (
    r"(?:(?:twenty|thirty)-(?:" + _alternation(list(_ORDINAL_UNITS)[:9]) + r")"
    r"|" + _alternation(_ORDINAL_TENS) + r"|" + _alternation(_ORDINAL_UNITS) + r")"
)
# A day of the month as written: 7, 07, 7th, seventh, twenty-first.
DAY_RE = r"(?:\d{1,2}(?:st|nd|rd|th)?|" + ORDINAL_WORD_RE + r")"
# A year as written: four digits, or words ("nineteen ninety-six", "two thousand").
YEAR_WORDS_RE = (
    r"(?:(?:nineteen|eighteen|twenty) (?:hundred|" + NUMBER_WORD_RE + r")"
    r"|two thousand(?: (?:and )?" + NUMBER_WORD_RE + r")?)"
)
YEAR_RE = r"(?:\d{4}|" + YEAR_WORDS_RE + r")"
# "a", "two", "10", "a few", "several": how many units back or ahead.
COUNT_RE = r"(?:\d{1,3}|an?|a few|few|several|" + NUMBER_WORD_RE + r")"


def number_value(words: str) -> int | None:
    """The integer a cardinal or ordinal written in digits or words stands for."""
    words = words.strip().lower()
    digits = re.fullmatch(r"(\d+)(?:st|nd|rd|th)?", words)
    if digits:
        return int(digits.group(1))
    if words in ("a", "an"):
        return 1
    for table in (_UNITS, _TENS, _ORDINAL_UNITS, _ORDINAL_TENS):
        if words in table:
            return table[words]
    if "-" in words:
        tens, _, unit = words.partition("-")
        tens_value = _TENS.get(tens)
        unit_value = _UNITS.get(unit, _ORDINAL_UNITS.get(unit))
        if tens_value is not None and unit_value is not None and unit_value < 10:
            return tens_value + unit_value
    return None


def year_value(words: str) -> int | None:
    """A year written in digits or words: "1998", "nineteen ninety-six", "two thousand"."""
    words = words.strip().lower()
    if re.fullmatch(r"\d{4}", words):
        return int(words) or None  # there is no year 0
    match = re.fullmatch(r"(nineteen|eighteen|twenty) (\S+)", words)
    if match:
        century = _UNITS.get(match.group(1), _TENS.get(match.group(1)))
        if match.group(2) == "hundred":
            return century * 100
        rest = number_value(match.group(2))
        if rest is not None and rest < 100:
            return century * 100 + rest
        return None
    match = re.fullmatch(r"two thousand(?: (?:and )?(\S+))?", words)
    if match:
        rest = number_value(match.group(1)) if match.group(1) else 0
        return 2000 + rest if rest is not None and rest < 100 else None
    return None


def vague_count(words: str) -> int | None:
    """How many units "a few"/"several" means when a count must be chosen: none.

    Returns the count for exact words ("two", "10", "a") and None for vague
    ones, whose reading stays a vague past or future instead of an invented
    number.
    """
    words = words.strip().lower()
    if words in ("a few", "few", "several"):
        return None
    return number_value(words)
