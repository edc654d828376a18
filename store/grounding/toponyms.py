"""Finding the words in an article that could name a place, before any gazetteer.

A toponym in news is a run of capitalised words ("Rapides Parish", "Deir
ez-Zor", "Bay of Bengal"). This module cuts the text into such runs, proposes
every sub-sequence as a possible name, and knows the cues around a name that
say "this is a place" ("near X", "the town of X", "X province") or "this is
not" (a sentence's first word, "X said", "Mr. X", a month). It never changes
the text: every span is a pair of `str` offsets into it.

Linear in the text: one regex pass, at most `MAX_WORDS` words per name, and
at most `MAX_RUNS` runs per document.
"""

from __future__ import annotations

import re
from itertools import accumulate, compress, count, repeat
from operator import contains, itemgetter
from typing import NamedTuple

import regex

MAX_WORDS = 6
MAX_RUNS = 2000
# A word: letters, with inner apostrophes or periods (O'Fallon, N.Y.). A
# hyphen splits words ("D-Charleston", "Gainesville-area"; "Wilkes-Barre" is
# two words the runs join again) except after an Arabic article (ez-Zor:
# al, el, ad, ash, ar, as, at, az, an, ez, ed, es, et, in any case; the
# letters are spelled out as classes, which the regex engine tries several
# times faster than thirteen case-blind alternatives; "ſ" is there because
# case-blind "s" matched it).
_PREFIX = r"(?:(?:[aA](?:[lLdDrRtTzZnN]|[sSſ][hH]?)|[eE][lLzZdDsSſtT])[-‐‑])?"
_WORD = regex.compile(
    _PREFIX + r"[\p{L}\p{M}][\p{L}\p{M}\p{N}]*(?:['’.][\p{L}\p{M}\p{N}]+)*\.?")
# Split by a captured word: the text between words, then a word, and so on,
# cut by the regex engine in one pass.
_SPLIT = regex.compile(f"({_WORD.pattern})")
# The same words in a text whose only letters and digits are ASCII, by `re`,
# which scans such text about twice as fast as `regex`. Outside ASCII such a
# text may hold only characters the `regex` word classes do not match (typographic
# quotes, dashes, ellipses, spaces), checked against those classes themselves.
_SPLIT_ASCII = re.compile(  # (the lookahead lets `re` skip to the next letter at once)
    f"((?=[A-Za-z]){_PREFIX.replace('ſ', '')}[A-Za-z][A-Za-z0-9]*(?:['’.][A-Za-z0-9]+)*\\.?)")
_WORD_CHAR = regex.compile(r"[\p{L}\p{M}\p{N}]")
_PLAIN_EXTRA = "".join(ch for ch in map(chr, (*range(0x80, 0xC0), *range(0x2000, 0x2070)))
                       if not _WORD_CHAR.match(ch))
_NOT_PLAIN = re.compile(f"[^\\x00-\\x7f{re.escape(_PLAIN_EXTRA)}]")
# Lower-case words a place name may contain between capitalised words.
CONNECTORS = frozenset({"of", "de", "del", "la", "le", "du", "des", "da", "do",
                        "al", "el", "ez", "as", "ash", "ad", "an", "ar", "az",
                        "upon", "and", "y", "di", "sur"})
_ARTICLE_PREFIX = regex.compile(r"^(?:al|el|ad|ash|ar|as|at|az|an|ez|ed|es|et)-\p{Lu}")
# Capitalised words that are place names somewhere but, in news, almost
# never are: a sentence's opening words, titles, months, institutions.
COMMON_WORDS = frozenset("""
a an the he she it they we i you his her its their our my your this that these those
there here but and or if when while after before as at in on of for by with from to
not no yes so then now also just only all any some many most more much one two three
mr mrs ms dr st sr jr mt gov sen rep sgt lt capt det officer deputy sheriff police chief
county city state court church school university college department office hall center
mayor governor president senator judge council board district park street road avenue
man mobile do is be can may will grant hope independence liberty union justice unity
friendship harmony commerce enterprise industry progress prosperity security
january february march april june july august september october november december
monday tuesday wednesday thursday friday saturday sunday today tomorrow yesterday
christmas easter god lord jesus christ bible monday's news times post press tribune
north south east west northern southern eastern western central new old great little
republican republicans democrat democrats english
both other others though although however local guard house senate congress
northeast northwest southeast southwest midwest jan feb aug sept oct nov dec
white black green red blue gold silver pack team fire rescue emergency health
sports business education county's state's government federal national
another every each several former downtown greater metro rural upstate uptown
gulf route highway interstate holy web sunny river lake bay creek valley island
toyota ford honda nissan lexus jeep chevrolet
""".split())  # noqa: SIM905 -- a word list reads best as words
# Common English first names: a run that starts with one is a person
# ("Linda Scott"), and its last word is that person's surname everywhere in
# the article.
FIRST_NAMES = frozenset("""
james john robert michael william david richard joseph thomas charles christopher
daniel matthew anthony mark donald steven paul andrew joshua kenneth kevin brian
george timothy ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan
stephen larry justin scott brandon benjamin samuel gregory frank patrick
raymond jack dennis jerry aaron jose adam nathan zachary peter
kyle walter ethan jeremy harold keith roger noah gerald carl terry sean
arthur jesse dylan bryan joe billy bruce albert willie gabriel
alan juan wayne roy ralph randy eugene vincent russell elijah louis bobby
philip johnny mary patricia jennifer linda elizabeth barbara susan jessica sarah
karen nancy lisa betty margaret sandra ashley kimberly emily donna michelle dorothy
carol amanda melissa deborah stephanie rebecca sharon laura cynthia kathleen amy
shirley angela helen anna brenda pamela nicole emma samantha katherine christine
debra rachel catherine carolyn janet ruth maria heather diane julie joyce
olivia kelly christina lauren joan evelyn judith megan cheryl andrea hannah
martha jacqueline frances gloria ann teresa kathryn sara janice jean alice madison
doris abigail julia judy grace denise amber marilyn beverly danielle theresa sophia
marie diana brittany natalie isabella rose alexis kayla bill bob jim tom
mike dave steve chris dan tim jeff ken ron don ed greg rick rob tony pat sue kathy
barack hillary sarah nancy matt nadia nick jake josh ben sam max alex dana
""".split())  # noqa: SIM905 -- a word list reads best as words
# Common English surnames that are also towns: alone, without a place cue or
# strong backing from the article, they are people ("Jones said", "Lee's").
SURNAMES = frozenset("""
smith johnson williams brown jones miller davis wilson anderson taylor thomas moore
martin jackson thompson white harris clark lewis robinson walker young allen king
wright scott hill green adams baker nelson carter mitchell roberts turner phillips
campbell parker evans edwards collins stewart morris murphy cook rogers morgan cooper
peterson bailey reed kelly howard cox ward richardson watson brooks wood james bennett
gray hughes price sanders myers long ross foster powell jenkins perry russell sullivan
bell coleman butler simmons gonzales bryant alexander hamilton graham wallace west
cole hayes gibson ellis stevens lane robertson porter hunter hicks crawford boyd
mason warren dixon burns gordon shaw holmes rice hunt black daniels palmer mills
grant knight ferguson stone hawkins dunn perkins hudson spencer stephens pierce
lee lincoln webster miles marshall fisher weaver freeman wells carroll duncan
""".split())  # noqa: SIM905 -- a word list reads best as words
# Capitalised phrases that match a gazetteer entry but, in news, name
# something else.
COMMON_PHRASES = frozenset({"white house", "wall street", "main street", "supreme court",
                            "capitol hill", "city hall", "high school", "middle school"})
# Letters after an apostrophe that make a contraction (I’ve, don't), not a name.
CONTRACTION = regex.compile(r"['’](?:ve|ll|re|d|m|t)$", regex.IGNORECASE)
# Words just before a name that say a person follows.
PERSON_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "sen", "rep", "gov", "sgt",
                           "lt", "capt", "det", "officer", "deputy", "judge", "president",
                           "coach", "pastor", "rev", "father", "sister", "brother",
                           "sheriff", "chief", "mayor", "senator", "governor", "prof",
                           "cpl", "pvt", "col", "gen", "maj", "trooper", "attorney"})
# Words just after a name that say a person (or an organisation) spoke.
SPEECH_VERBS = frozenset({"said", "says", "told", "added", "asked", "explained",
                          "wrote", "testified", "stated", "noted", "announced"})
# Cues before a name that say it is a place, strongest first.
PLACE_BEFORE = ("the town of", "the village of", "the city of", "the province of",
                "the district of", "the region of", "the state of", "the county of",
                "the outskirts of", "the suburb of", "the camp of", "town of", "village of",
                "city of", "near", "outside", "in", "from", "to", "across", "around",
                "north of", "south of", "east of", "west of", "northern", "southern",
                "eastern", "western", "central")
PLACE_AFTER = ("province", "governorate", "district", "county", "parish", "village",
               "town", "city", "region", "area", "countryside", "camp", "township",
               "valley", "neighbourhood", "neighborhood", "suburb", "municipality")
WEAK_BEFORE = frozenset({"in", "from", "to", "across", "around"})


class Word(NamedTuple):
    """One word of the text, `text[start:end]`. A named tuple: an article has
    thousands, and a tuple is made several times faster than a frozen dataclass."""

    start: int
    end: int
    text: str

    @property
    def bare_end(self) -> int:
        """End without a trailing period or possessive 's (Henry’s -> Henry)."""
        # Indexing, not slicing and endswith: this runs for every name tried.
        text = self.text
        if text[-1] == ".":
            if len(text) > 3 and text[-2] == "s" and text[-3] in "'’":
                return self.end - 3
            return self.end - 1
        if len(text) > 2 and text[-1] == "s" and text[-2] in "'’":
            return self.end - 2
        return self.end


def words(text: str) -> list[Word]:
    """The words of `text`, in order, each with its offsets."""
    return _scan(text)[0]


def tokenise(text: str) -> tuple[list[Word], list[list[int]]]:
    """`words(text)` and `runs(text, words)` from one pass over the text."""
    tokens, texts, gaps = _scan(text)
    return tokens, _runs(texts, gaps)


def _scan(text: str) -> tuple[list[Word], list[str], list[str]]:
    """The words, their texts, and the text after each word up to the next (or
    the end). Offsets are the running sum of the pieces' lengths; every step runs
    in C, with no Python code per word."""
    parts = (_SPLIT if _NOT_PLAIN.search(text) else _SPLIT_ASCII).split(text)
    ends = list(accumulate(map(len, parts)))
    texts = parts[1::2]
    # tuple.__new__ skips the named tuple's own constructor: thousands per article.
    tokens = list(map(tuple.__new__, repeat(Word), zip(ends[0::2], ends[1::2], texts)))
    return tokens, texts, parts[2::2]


def is_capitalised(word: str) -> bool:
    # The article prefix is two or three letters and a hyphen: most lower-case
    # words are ruled out without the regex.
    return word[:1].isupper() or ("-" in word[2:4] and bool(_ARTICLE_PREFIX.match(word)))


def runs(text: str, tokens: list[Word]) -> list[list[int]]:
    """Index lists of the words forming each capitalised run, at most MAX_RUNS
    (the first). Words join when only a space (or one hyphen) separates them
    and the first does not end with a period after more than three letters; a
    lower-case connector joins two capitalised words ("Bay of Bengal")."""
    gaps = [text[left.end:right.start] for left, right in zip(tokens, tokens[1:])]
    return _runs([word.text for word in tokens], gaps)


def _runs(texts: list[str], gaps: list[str]) -> list[list[int]]:
    """`runs` from the words' texts and the text after each. Only capitalised
    words can open, close or extend a run, so only they are visited (a few in
    five words); the words between two of them are looked at only when one lies
    between."""
    # Word texts are never empty. A hyphen inside a word can only follow an
    # article prefix ("al-Zor"); only those words need the full test.
    caps = compress(count(), map(str.isupper, map(itemgetter(0), texts)))
    hyphened = [i for i in compress(count(), map(contains, texts, repeat("-")))
                if not texts[i][0].isupper() and is_capitalised(texts[i])]
    if hyphened:
        caps = sorted([*caps, *hyphened])
    out: list[list[int]] = []
    current: list[int] = []
    last = -2
    for i in caps:
        if current:
            word = texts[last]
            if i - last <= 2 and gaps[last] in _JOINING and (word[-1] != "." or len(word) <= 4) and (
                    i == last + 1 or (texts[last + 1].lower() in CONNECTORS
                                      and _joins(texts, gaps, last + 1))):
                if i != last + 1:
                    current.append(last + 1)
                current.append(i)
                last = i
                continue
            out.append(current)
            if len(out) >= MAX_RUNS:
                return out
        current = [i]
        last = i
    if current:
        out.append(current)
    return out


_JOINING = frozenset({" ", "-"})


def _joins(texts: list[str], gaps: list[str], index: int) -> bool:
    """Whether word `index` joins the next one in a run (see `runs`; `_runs` has
    the same test written out for a capitalised word)."""
    word = texts[index]
    return (word[-1] != "." or len(word) <= 4) and gaps[index] in _JOINING


def sentence_initial(text: str, word: Word) -> bool:
    """True when the word opens a sentence, paragraph, or the text."""
    before = text[max(0, word.start - 3):word.start].rstrip(" \t\"'“‘(")
    return not before or before[-1] in ".!?\n:;"


def word_before(tokens: list[Word], index: int) -> str:
    return tokens[index - 1].text.lower().rstrip(".") if index > 0 else ""


# The cues before a name by their last word, each word's in PLACE_BEFORE order.
_BEFORE_BY_LAST: dict[str, tuple[str, ...]] = {}
for _cue in PLACE_BEFORE:
    _BEFORE_BY_LAST[_cue.rpartition(" ")[2]] = (*_BEFORE_BY_LAST.get(_cue.rpartition(" ")[2], ()), _cue)
_AFTER_SET = frozenset(PLACE_AFTER)
_AFTER_HEADS = frozenset(cue[:4] for cue in PLACE_AFTER)
_LOWER_LETTERS = re.compile("[a-z]+")


def cue_around(text: str, tokens: list[Word], first: int, end: int) -> str | None:
    """`cue_before(text, start) or cue_after(text, end)` for a name from word `first`
    (`start` its start) to `end`, with the text before read only when the word
    before could end a cue: a cue is ASCII letters, so its last word, a space
    before the name, is that word exactly ("In", "of")."""
    start = tokens[first].start
    if first == 0 or (tokens[first - 1].end == start - 1
                      and tokens[first - 1].text.lower() in _BEFORE_BY_LAST):
        cue = cue_before(text, start)
        if cue is not None:
            return cue
    return cue_after(text, end)


def cue_before(text: str, start: int) -> str | None:
    """The place cue ending just before `start` ("near", "the town of"), if any: of
    those that end the window (the 24 characters before `start`, lower-cased; the
    window is the cue, or ends with a space and the cue, then a space), the first
    in PLACE_BEFORE. Only the cues ending with the window's last word are tried
    (this runs for every name found)."""
    # The window ends with a space exactly when the text does there (no other
    # character lower-cases to a space), and a space alone holds no cue.
    if start < 2 or text[start - 1:start] != " ":
        return None
    # Lower-casing the window without its final space changes nothing before it.
    body = text[max(0, start - 24):start - 1].lower()
    for cue in _BEFORE_BY_LAST.get(body[body.rfind(" ") + 1:], ()):
        if body.endswith(cue) and (len(body) == len(cue) or body[-len(cue) - 1] == " "):
            return cue
    return None


def cue_after(text: str, end: int) -> str | None:
    """The place noun starting just after `end` ("province", "village"), if any: a
    space, the noun, then no letter, in the 16 characters from `end`, lower-cased.
    The nouns are ASCII letters, so the noun is the window's whole first run of
    them (two nouns cannot both fit: the shorter would be followed by a letter)."""
    # The noun's first four letters, as cheap a test as any (each noun has four).
    if text[end:end + 1] != " " or text[end + 1:end + 5].lower() not in _AFTER_HEADS:
        return None
    window = text[end:end + 16].lower()
    letters = _LOWER_LETTERS.match(window, 1)
    if letters is None or letters.group() not in _AFTER_SET:
        return None
    return None if window[letters.end():letters.end() + 1].isalpha() else letters.group()
