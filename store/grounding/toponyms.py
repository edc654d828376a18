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

from typing import NamedTuple

import regex

MAX_WORDS = 6
MAX_RUNS = 2000
# A word: letters, with inner apostrophes or periods (O'Fallon, N.Y.). A
# hyphen splits words ("D-Charleston", "Gainesville-area"; "Wilkes-Barre" is
# two words the runs join again) except after an Arabic article (ez-Zor).
_WORD = regex.compile(
    r"(?:(?:al|el|ad|ash|ar|as|at|az|an|ez|ed|es|et)[-‐‑])?"
    r"[\p{L}\p{M}][\p{L}\p{M}\p{N}]*(?:['’.][\p{L}\p{M}\p{N}]+)*\.?",
    regex.IGNORECASE)
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
        text = self.text
        end = self.end
        if text.endswith("."):
            text, end = text[:-1], end - 1
        for suffix in ("'s", "’s"):
            if text.endswith(suffix) and len(text) > 2:
                return end - 2
        return end


def words(text: str) -> list[Word]:
    # tuple.__new__ skips the named tuple's own constructor: thousands per article.
    make = tuple.__new__
    return [make(Word, (*m.span(), m.group())) for m in _WORD.finditer(text)]


def is_capitalised(word: str) -> bool:
    # The article prefix is two or three letters and a hyphen: most lower-case
    # words are ruled out without the regex.
    return word[:1].isupper() or ("-" in word[2:4] and bool(_ARTICLE_PREFIX.match(word)))


def runs(text: str, tokens: list[Word]) -> list[list[int]]:
    """Index lists of the words forming each capitalised run. Words join when
    only spaces (or one hyphen) separate them; a lower-case connector joins
    two capitalised words ("Bay of Bengal")."""
    out: list[list[int]] = []
    current: list[int] = []
    i = 0
    while i < len(tokens) and len(out) < MAX_RUNS:
        word = tokens[i]
        if is_capitalised(word.text):
            if current and _joined(text, tokens[current[-1]], word):
                current.append(i)
            else:
                if current:
                    out.append(current)
                current = [i]
            i += 1
            continue
        if (current and word.text.lower() in CONNECTORS and i + 1 < len(tokens)
                and is_capitalised(tokens[i + 1].text)
                and _joined(text, tokens[current[-1]], word)
                and _joined(text, word, tokens[i + 1])):
            current.extend([i, i + 1])
            i += 2
            continue
        if current:
            out.append(current)
            current = []
        i += 1
    if current and len(out) < MAX_RUNS:
        out.append(current)
    return out


def _joined(text: str, left: Word, right: Word) -> bool:
    gap = text[left.end:right.start]
    return (not left.text.endswith(".") or len(left.text) <= 4) and gap in (" ", "-")


def sentence_initial(text: str, word: Word) -> bool:
    """True when the word opens a sentence, paragraph, or the text."""
    before = text[max(0, word.start - 3):word.start].rstrip(" \t\"'“‘(")
    return not before or before[-1] in ".!?\n:;"


def word_before(tokens: list[Word], index: int) -> str:
    return tokens[index - 1].text.lower().rstrip(".") if index > 0 else ""


_BEFORE_ORDER = {cue: i for i, cue in reversed(list(enumerate(PLACE_BEFORE)))}
_AFTER_SET = frozenset(PLACE_AFTER)
_AFTER_LENGTHS = tuple(sorted({len(cue) for cue in PLACE_AFTER}))


def cue_before(text: str, start: int) -> str | None:
    """The place cue ending just before `start` ("near", "the town of"), if any: of
    those that end the window (the window is the cue, or a space and the cue, then a
    space), the first in PLACE_BEFORE. Looked up by the window's space-led endings,
    not tried cue by cue (this runs for every capitalised run)."""
    window = text[max(0, start - 24):start].lower()
    if not window.endswith(" "):
        return None
    body = window[:-1]
    best = _BEFORE_ORDER.get(body)
    space = body.find(" ")
    while space >= 0:
        order = _BEFORE_ORDER.get(body[space + 1:])
        if order is not None and (best is None or order < best):
            best = order
        space = body.find(" ", space + 1)
    return None if best is None else PLACE_BEFORE[best]


def cue_after(text: str, end: int) -> str | None:
    """The place noun starting just after `end` ("province", "village"), if any: a
    space, the noun, then no letter. (Two nouns cannot both fit: the shorter one
    would be followed by a letter of the longer.)"""
    window = text[end:end + 16].lower()
    if not window.startswith(" "):
        return None
    for length in _AFTER_LENGTHS:
        cue = window[1:length + 1]
        if cue in _AFTER_SET and not window[length + 1:length + 2].isalpha():
            return cue
    return None
