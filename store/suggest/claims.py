"""Claims: who says what. Speaker, cue and content as one suggestion with three parts.

Three shapes cover wire copy:

- a quotation and its attribution: `"The mission was successful," said
  Pentagon spokesman John Kirby.` / `"...", Kaine said.`
- reported speech: `the Syrian Observatory for Human Rights said (that) ...`,
  `A USA official told CNN that ...`, `..., an American official said.`
- `according to`: `According to Sputnik, ...` / `..., according to officials.`

The speaker is the name, title or organisation phrase next to the cue
("Pentagon spokesman John Kirby", "Syria's state media", "U.S. officials");
without one there is no suggestion. Content is the quoted words or the
reported clause, never longer than MAX_CONTENT characters. Every cue is
looked at once, in a bounded window, so the work is linear in the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import islice

from store.suggest import word_starts
from store.suggest.base import Suggestion, make

SUGGESTER = "claims"
MAX_SUGGESTIONS = 100
MAX_CUES = 2000
MAX_CONTENT = 600
MAX_SPEAKER_WORDS = 10
SENTENCE_WINDOW = 800

# "states" and "reports" are left out: "the United States", "citing reports".
_VERBS = (r"said|says|say|told|tells|claimed|claims|denied|denies|deny|stated|announced"
          r"|announces|reported|added|adds|confirmed|confirms|affirmed|informed|insisted"
          r"|insists|warned|noted|explained|detailed|alleged|assured|accused|accuses")
CUE = re.compile(rf"\b(?:(?:was|were)\s+quoted\s+as\s+saying|according\s+to|{_VERBS})\b", re.IGNORECASE)
# The words a cue can start with, and no others: each is a try of the pattern
# (store/suggest/word_starts.py). None starts with a digit.
_CUE_OPENERS = frozenset({"was", "were", "according", *_VERBS.split("|")})
_VERB = re.compile(rf"(?:{_VERBS})\b", re.IGNORECASE)
_AFTER_QUOTE_CUE = re.compile(rf"[^\S\n]*,?[^\S\n]*(?P<cue>{_VERBS})\b[^\S\n]+", re.IGNORECASE)
QUOTATION = re.compile(r"\u201c[^\u201d\n]{2,2000}\u201d|\"[^\"\n]{2,2000}\"")
_WORD = re.compile(r"-?[\w][\w'\u2019.\-]*")
# ". " (a quotation mark may close first) or a line end. Written to open with one
# character class, which lets the engine skip to candidates in C.
_SENTENCE_END = re.compile(r"[.!?\n](?:(?<=\n)|(?<=[.!?])[\"\u201d\u2019']?(?=\s))")
_THAT = re.compile(r"that\b", re.IGNORECASE)

_ROLE_WORD_TEXT = """
spokesman spokeswoman spokesperson spokespeople official officials source sources media
activists activist correspondent reporter resident residents witness witnesses ministry
government military army forces observatory militants statement agency broadcaster officer
officers commander commanders minister president police administration coalition command
group department authorities authority monitor doctor doctors medics rescuers report news
channel network tv television outlet newspaper daily council embassy spokesmen envoy leader
leaders chief governor mayor analyst analysts diplomat diplomats people locals monitors
defence defense office pentagon
"""
ROLE_WORDS = frozenset(_ROLE_WORD_TEXT.split())
_MODIFIER_TEXT = """
local state state-run state-owned reliable senior military government opposition security
medical hospital unnamed anonymous western foreign civil human rights us u.s. american russian
syrian turkish iraqi iranian israeli kurdish other official news rebel regional provincial
interior elite high-ranking top several two three many some
"""
_MODIFIERS = frozenset(_MODIFIER_TEXT.split())
_CONNECTORS = frozenset({"of", "for", "the", "a", "an", "and", "quoting", "citing", "al", "el", "de"})
_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it"})
_POSSESSIVES = frozenset({"his", "her", "their", "its", "our"})
_LEADING_DROP = frozenset({"in", "on", "at", "but", "and", "so", "meanwhile", "also", "then", "however",
                           "yet", "quoting", "citing", "of", "for", "while", "as", "after", "when",
                           "late", "earlier", "yesterday", "today", "tonight", "last", "monday",
                           "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                           "january", "february", "march", "april", "june", "july", "august",
                           "september", "october", "november", "december"})
_BETWEEN_SPEAKER_AND_CUE = frozenset({"have", "has", "had", "also", "reportedly", "later", "earlier",
                                      "previously", "further", "again", "then"})
_OBJECT_CUES = frozenset({"told", "tells", "informed", "assured"})
_ADVERBIAL_STARTS = frozenset({"on", "in", "at", "through", "during", "late", "earlier", "via", "last",
                               "this", "yesterday", "today", "quoting", "citing", "in a", "monday",
                               "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
_ONLY_CIRCUMSTANCE = re.compile(
    r"\s*(?:(?:in|on|at|during|through|via|to|from)\s+[^,;\"\u201c]{1,40}"
    r"|(?:late|early|earlier|last|this)?\s*(?:monday|tuesday|wednesday|thursday|friday|saturday"
    r"|sunday|night|week|morning|evening|yesterday|today)[^,;]{0,20})?\s*",
    re.IGNORECASE,
)
# A wire dateline before the story's first words: "BAGHDAD (Reuters) - ".
_DATELINE = re.compile(r"[A-Z][A-Z .'\-]{2,40}(?:,\s*[A-Z][\w .]{1,30})?\s*(?:\([^()\n]{1,40}\))?\s*[-\u2013\u2014]+\s+")
_CLAUSE_CUTS = re.compile(r",\s+but\s|;\s|,\s+according\s+to\s", re.IGNORECASE)
_ACCORDING_STOP = frozenset({"was", "were", "is", "are", "has", "have", "had", "which", "who", "that", "the"})


def suggest_claims(text: str, *, cap: int = MAX_SUGGESTIONS) -> list[Suggestion]:
    """Claim suggestions, each with Speaker, Cue and Content parts; at most `cap`."""
    if not isinstance(text, str) or not text:
        return []
    chosen: list[Suggestion] = []
    taken: list[tuple[int, int]] = []
    used_cues: set[int] = set()

    def keep(claim: Suggestion | None, cue_start: int) -> None:
        if claim is None or len(chosen) >= cap:
            return
        if any(claim.start < end and start < claim.end for start, end in taken):
            return
        chosen.append(claim)
        taken.append((claim.start, claim.end))
        used_cues.add(cue_start)

    for index, quotation in enumerate(QUOTATION.finditer(text)):
        if index >= MAX_CUES or len(chosen) >= cap:
            break
        claim, cue_start = _quoted(text, quotation)
        keep(claim, cue_start)
    sentences = None
    for index, cue in enumerate(word_starts.finditer(CUE, text, _CUE_OPENERS, digits=False)):
        if index >= MAX_CUES or len(chosen) >= cap:
            break
        if cue.start() in used_cues:
            continue
        sentences = sentences or _Sentences(text)
        if cue.group().lower().startswith("according"):
            keep(_according_to(text, cue, sentences), cue.start())
        else:
            keep(_reported(text, cue, sentences), cue.start())
    return sorted(chosen, key=lambda s: (s.start, s.end))


# --- the three shapes ------------------------------------------------------

def _quoted(text: str, quotation: re.Match) -> tuple[Suggestion | None, int]:
    """A quotation followed by its attribution: `", said X` or `", X said`."""
    content = _inside(text, quotation.start() + 1, quotation.end() - 1)
    if content is None:
        return None, -1
    after = _AFTER_QUOTE_CUE.match(text, quotation.end())
    if after:
        speaker = _speaker_forward(text, after.end())
        if speaker:
            cue = (after.start("cue"), after.end("cue"))
            return _claim(text, speaker, cue, content, "quotation"), cue[0]
        return None, -1
    speaker = _speaker_forward(text, _skip_space_comma(text, quotation.end()))
    if not speaker:
        return None, -1
    pos = _skip_appositive(text, speaker[1])
    pos = _skip_words(text, pos, _BETWEEN_SPEAKER_AND_CUE)
    cue = _VERB.match(text, pos)
    if cue is None:
        return None, -1
    return _claim(text, speaker, (cue.start(), cue.end()), content, "quotation"), cue.start()


def _reported(text: str, cue: re.Match, sentences: _Sentences) -> Suggestion | None:
    """`SPEAKER said (that) CONTENT` or `CONTENT, SPEAKER said.`"""
    start, end = sentences.around(cue.start())
    speaker = _speaker_backward(text, start, cue.start())
    if speaker is None:
        return _said_then_speaker(text, cue, start)
    content_start = _content_start(text, cue, end)
    content = None if _nothing_reported_after(text, cue, content_start, end) else _clause(text, content_start, end)
    if content is None:
        before = _content_before_speaker(text, start, speaker[0])
        if before is None:
            return None
        return _claim(text, speaker, (cue.start(), cue.end()), before, "reported")
    return _claim(text, speaker, (cue.start(), cue.end()), content, "reported")


def _said_then_speaker(text: str, cue: re.Match, start: int) -> Suggestion | None:
    """`CONTENT, said Mohamed Hussein, a government spokesman.`"""
    lead = text[start:cue.start()].rstrip()
    if not lead.endswith(",") or lead.endswith(("\u201d,", '",')):
        return None
    speaker = _speaker_forward(text, _skip_space_comma(text, cue.end()))
    if speaker is None:
        return None
    content = _inside(text, _first_word(text, start, cue.start()), start + len(lead) - 1)
    return _claim(text, speaker, (cue.start(), cue.end()), content, "reported")


def _nothing_reported_after(text: str, cue: re.Match, content_start: int, end: int) -> bool:
    """True when what follows the cue is not the claim: a comma ("officials
    said, and ..."), only a time or place ("said in a statement", "said on
    Friday") or only the one told ("told Reuters")."""
    rest = text[content_start:end]
    if rest.lstrip(" \t").startswith(","):
        return True
    if content_start != cue.end():
        return False
    circumstance = _ONLY_CIRCUMSTANCE.match(rest)
    if circumstance and (circumstance.end() == len(rest) or rest[circumstance.end()] in ",.;"):
        return True
    return cue.group().lower() in _OBJECT_CUES and len(_WORD.findall(rest)) <= 4 and "that" not in rest.split()


def _according_to(text: str, cue: re.Match, sentences: _Sentences) -> Suggestion | None:
    """`According to X, CONTENT`, `CONTENT, according to X` or `which according to X was ...`."""
    start, end = sentences.around(cue.start())
    speaker = _according_speaker(text, cue.end(), end)
    if speaker is None:
        return None
    lead = text[start:cue.start()]
    cue_span = (cue.start(), cue.end())
    if len(_WORD.findall(lead)) <= 2 and not lead.rstrip().endswith(tuple("\u201c\"")):
        content = _clause(text, _skip_space_comma(text, speaker[1]), end)
        return _claim(text, speaker, cue_span, content, "according-to") if content else None
    if lead.rstrip().endswith(","):
        content = _inside(text, _first_word(text, start, cue.start()), start + len(lead.rstrip()) - 1)
        return _claim(text, speaker, cue_span, content, "according-to") if content else None
    if text[speaker[1]:speaker[1] + 1] in (",", "") or speaker[1] >= end:
        # "The overnight attack, which killed about 100 according to a US
        # military, came ...": the claim is what comes before the cue.
        content = _inside(text, _first_word(text, start, cue.start()), cue.start())
    else:
        content = _clause(text, _skip_space_comma(text, speaker[1]), end, stop_at_comma=True)
    return _claim(text, speaker, cue_span, content, "according-to") if content else None


# --- speakers --------------------------------------------------------------

def _accepts(word: str) -> bool:
    lower = word.lower()
    return (word[:1].isupper() or lower in ROLE_WORDS or lower in _MODIFIERS or lower in _CONNECTORS
            or lower.startswith(("al-", "el-")) or word.startswith("-")
            or lower.endswith(("'s", "\u2019s", "-based", "-run", "-led", "-backed", "-owned")))


def _is_substantial(words: list[str]) -> bool:
    return any(w.lower() in ROLE_WORDS or (w[:1].isupper() and w.lower() not in _CONNECTORS
                                            and w.lower() not in _LEADING_DROP
                                            and w.lower() not in {"one", "that", "this", "these"})
               or w.lower() in _PRONOUNS for w in words)


def _speaker_backward(text: str, start: int, cue_start: int) -> tuple[int, int] | None:
    """The speaker phrase ending just before the cue (skipping "have", "also"
    and an aside in commas after a name)."""
    words = list(_WORD.finditer(text, max(start, cue_start - 300), cue_start))
    i = len(words) - 1
    edge = cue_start
    while i >= 0 and words[i].group().lower() in _BETWEEN_SPEAKER_AND_CUE and text[words[i].end():edge].isspace():
        edge = words[i].start()
        i -= 1
    if i >= 0 and text[words[i].end():edge].strip() == "," and words[i].group().lower() not in _PRONOUNS:
        # ", which relies on a network of activists on the ground, said": skip the aside.
        comma = text.rfind(",", max(start, words[i].start() - 160), words[i].start())
        if comma > start:
            while i >= 0 and words[i].end() > comma:
                i -= 1
            edge = comma
    if i >= 0 and words[i].group().lower() in _PRONOUNS and text[words[i].end():edge].isspace():
        return words[i].start(), words[i].end()
    picked: list[re.Match] = []
    while i >= 0 and len(picked) < MAX_SPEAKER_WORDS:
        word = words[i]
        if not text[word.end():edge].isspace() and edge != word.end():
            break
        if word.group().lower() in _POSSESSIVES and picked:
            # "his office said": the possessive belongs to the speaker.
            picked.append(word)
            break
        if not _accepts(word.group()) or word.group().lower() in _PRONOUNS:
            break
        picked.append(word)
        edge = word.start()
        i -= 1
    picked.reverse()
    found = _trim(picked)
    if found is None and i >= 0:
        return _before_relative_clause(text, words, i, start)
    return found


def _before_relative_clause(text: str, words: list[re.Match], i: int, start: int) -> tuple[int, int] | None:
    """"A USA military official who spoke on condition of anonymity said":
    the speaker is before "who"."""
    for j in range(i, max(-1, i - 10), -1):
        if words[j].group().lower() == "who":
            if "," in text[words[j].end():words[i].end()]:
                return None
            return _speaker_backward(text, start, words[j].start())
    return None


def _speaker_forward(text: str, pos: int) -> tuple[int, int] | None:
    """The speaker phrase starting at `pos` ("Pentagon spokesman John Kirby")."""
    picked: list[re.Match] = []
    edge = pos
    for word in _WORD.finditer(text, pos, min(len(text), pos + 300)):
        gap = text[edge:word.start()]
        if len(picked) >= MAX_SPEAKER_WORDS or (gap and (not gap.isspace() or "\n" in gap)):
            break
        value = word.group().rstrip(".") if word.group().endswith(".") and not _is_initials(word.group()) else word.group()
        if not _accepts(value) or (picked and value.lower() in _PRONOUNS):
            break
        if value.lower() in _PRONOUNS:
            return word.start(), word.start() + len(value)
        picked.append(word)
        edge = word.start() + len(value)
        if value != word.group():
            break
    if not picked:
        return None
    span = _trim(picked)
    if span is None:
        return None
    last = picked[-1]
    end = last.end() if not last.group().endswith(".") or _is_initials(last.group()) else last.end() - 1
    return span[0], min(span[1], end)


def _is_initials(word: str) -> bool:
    return bool(re.fullmatch(r"(?:[A-Z]\.)+", word))


def _trim(picked: list[re.Match]) -> tuple[int, int] | None:
    while picked and picked[0].group().lower() in _LEADING_DROP:
        picked = picked[1:]
    while picked and picked[-1].group().lower() in _CONNECTORS:
        picked = picked[:-1]
    if not picked or not _is_substantial([w.group() for w in picked]):
        return None
    return picked[0].start(), picked[-1].end()


def _according_speaker(text: str, pos: int, end: int) -> tuple[int, int] | None:
    picked = []
    edge = pos
    for word in _WORD.finditer(text, pos, min(end, pos + 200)):
        if len(picked) >= 8 or (picked and not text[edge:word.start()].isspace()) or (
                not picked and text[edge:word.start()].strip()):
            break
        if word.group().lower() in _ACCORDING_STOP and picked:
            break
        picked.append(word)
        edge = word.end()
    if not picked:
        return None
    last_end = picked[-1].end()
    if text[picked[-1].start():last_end].endswith(".") and not _is_initials(picked[-1].group()):
        last_end -= 1
    return picked[0].start(), last_end


# --- content ---------------------------------------------------------------

def _content_start(text: str, cue: re.Match, end: int) -> int:
    """After the cue, past "that", an object of "told" or a time phrase
    ("said on Thursday that", "told CNN that")."""
    pos = cue.end()
    # The first nine words are all that is looked at.
    following = list(islice(_WORD.finditer(text, pos, min(end, pos + 120)), 9))
    if not following:
        return pos
    first = following[0].group().lower()
    if first == "that" and text[pos:following[0].start()].isspace():
        return following[0].end()
    if cue.group().lower() in _OBJECT_CUES or first in _ADVERBIAL_STARTS:
        for word in following[1:9]:
            if _THAT.fullmatch(word.group()):
                gap = text[pos:word.start()]
                if "," not in gap and not any(ch in gap for ch in "\"\u201c"):
                    return word.end()
    return pos


def _clause(text: str, start: int, end: int, stop_at_comma: bool = False) -> tuple[int, int] | None:
    """The reported clause from `start` to the sentence end, cut before
    ", but" / ";" and at MAX_CONTENT characters."""
    start = _skip_space_comma(text, start)
    if start < len(text) and text[start] == ":":
        start = _skip_space_comma(text, start + 1)
    limit = min(end, start + MAX_CONTENT)
    # A clause that is one quotation ("said: “...”") is the quotation's words.
    quotation = QUOTATION.match(text, start)
    if quotation and quotation.end() >= limit - 2:
        return _inside(text, quotation.start() + 1, quotation.end() - 1)
    cut = _CLAUSE_CUTS.search(text, start, limit)
    if cut:
        limit = cut.start()
    if stop_at_comma:
        comma = text.find(",", start, limit)
        if comma > start:
            limit = comma
    return _inside(text, start, limit)


def _content_before_speaker(text: str, start: int, speaker_start: int) -> tuple[int, int] | None:
    """`CONTENT, an American official said.`: the words before the comma."""
    lead = text[start:speaker_start].rstrip()
    if not lead.endswith(","):
        return None
    return _inside(text, _first_word(text, start, speaker_start), start + len(lead) - 1)


def _inside(text: str, start: int, end: int) -> tuple[int, int] | None:
    """[start, end) without surrounding space, quotation marks and end punctuation."""
    end = min(end, start + MAX_CONTENT)
    while start < end and (text[start].isspace() or text[start] in "\"\u201c\u201d"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",.;:\"\u201c\u201d"):
        end -= 1
    if end - start < 3 or not any(ch.isalpha() for ch in text[start:end]):
        return None
    return start, end


def _first_word(text: str, start: int, end: int) -> int:
    dateline = _DATELINE.match(text, start, end)
    if dateline:
        start = dateline.end()
    word = _WORD.search(text, start, end)
    quote = min((i for i in (text.find("\u201c", start, end), text.find('"', start, end)) if i >= 0), default=-1)
    if word is None:
        return start
    return min(word.start(), quote) if quote >= 0 else word.start()


# --- text positions --------------------------------------------------------

class _Sentences:
    """Where the text's sentences stop, found once per document for all its cues.

    `around(pos)` is the sentence a search from `pos` finds: the last stop
    (`_SENTENCE_END`, not an abbreviation's dot) that a search of the
    SENTENCE_WINDOW characters before `pos` sees, and the first that a search
    of the window after it sees. A window sees a stop only if its lookahead
    (the space after ". ") is inside, hence `seen_from`."""

    __slots__ = ("ends", "seen_from", "size", "starts")

    def __init__(self, text: str):
        stops = [stop for stop in _SENTENCE_END.finditer(text) if not _is_abbreviation(text, stop.start())]
        self.size = len(text)
        self.starts = [stop.start() for stop in stops]
        self.ends = [stop.end() for stop in stops]
        # The window end a stop needs: past its lookahead's space, or past "\n".
        self.seen_from = [stop.end() + (stop.group() != "\n") for stop in stops]

    def around(self, pos: int) -> tuple[int, int]:
        """The sentence around `pos`, looked for at most SENTENCE_WINDOW characters away."""
        low = max(0, pos - SENTENCE_WINDOW)
        start = low
        before = bisect_right(self.seen_from, pos) - 1
        if before >= 0 and self.starts[before] >= low:
            start = self.ends[before]
        end = min(self.size, pos + SENTENCE_WINDOW)
        after = bisect_left(self.starts, pos)
        if after < len(self.starts) and self.seen_from[after] <= end:
            end = self.starts[after]
        return start, end


def _is_abbreviation(text: str, at: int) -> bool:
    if text[at] != ".":
        return False
    before = text[max(0, at - 4):at]
    return before[-1:].isupper() and (len(before) < 2 or not before[-2].isalpha()) or before.endswith(
        ("Mr", "Dr", "Gen", "Col", "Lt", "St"))


def _skip_space_comma(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t,":
        pos += 1
    return pos


def _skip_words(text: str, pos: int, words: frozenset[str]) -> int:
    while True:
        pos = _skip_space_comma(text, pos)
        word = _WORD.match(text, pos)
        if word is None or word.group().lower() not in words:
            return pos
        pos = word.end()


def _skip_appositive(text: str, pos: int) -> int:
    """Past ", a displaced Syrian who lives a block away from the target," after a name."""
    if pos < len(text) and text[pos] == ",":
        close = text.find(",", pos + 1, pos + 160)
        if close > 0 and "\n" not in text[pos:close] and not any(ch in text[pos:close] for ch in "\"\u201c\u201d"):
            return close + 1
    return pos


def _claim(text: str, speaker: tuple[int, int], cue: tuple[int, int], content: tuple[int, int] | None,
           shape: str) -> Suggestion | None:
    if content is None:
        return None
    parts = (
        make(text, "Speaker", speaker[0], speaker[1], SUGGESTER, f"rule claim-{shape}: the one who says it"),
        make(text, "Cue", cue[0], cue[1], SUGGESTER, f"rule claim-{shape}: the reporting words"),
        make(text, "Content", content[0], content[1], SUGGESTER, f"rule claim-{shape}: what is claimed"),
    )
    start = min(p.start for p in parts)
    end = max(p.end for p in parts)
    why = f"rule claim-{shape}: '{parts[0].quote}' {parts[1].quote.lower()} ..."
    return make(text, "Claim", start, end, SUGGESTER, why, None, parts)
