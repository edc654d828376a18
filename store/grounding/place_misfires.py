"""The classic misfires of place finding: capitalised words that are not places.

A common word, a contraction, a person's name (before "said", after "Mr.",
after a first name, or used so elsewhere in the article), a word the article
also writes in lower case ("house", "guard"). `kept` sifts an article's
gazetteer matches (store/grounding/places.py) before they are ranked;
`offered`, after, drops lone words too weak for the document's backing.
"""

from __future__ import annotations

from store.grounding import ranking, toponyms

# A lone capitalised word outside any place cue must reach this score to be
# offered: "Henry" (a village of 2,000) beside nothing does not.
WEAK_MATCH_SCORE = 7.0
# A lone common surname ("Jones", "Lincoln") needs the article's backing too.
SURNAME_MATCH_SCORE = 11.0
# A lone word that is not the place's own name, letter for letter.
ALTERNATE_MATCH_SCORE = 10.5


def kept(text, tokens, matches, short_names) -> list:
    """The matches that are not misfires, in order. `short_names`: the two-letter
    names that are places in running text."""
    afters = [word_after(text, m.end) for m in matches]
    people = person_words(text, tokens, matches, afters)
    lower_case = {t.text for t in tokens if t.text.islower()}
    return [m for m, after in zip(matches, afters)
            if not false_positive(text, tokens, m, people, lower_case, after, short_names)]


def word_after(text, end) -> str:
    """The word after a name, lower case ("said" in "Jones, said")."""
    return text[end:end + 12].lstrip(" ,").split(" ", 1)[0].lower()


def person_words(text, tokens, matches, afters) -> set[str]:
    """Folded words the article uses as a person's name: the last word of a
    name that starts with a first name or follows a title, or that speaks.
    `afters`: each match's `word_after`."""
    people: set[str] = set()
    for match, after in zip(matches, afters):
        start = match.run_first if match.run_first >= 0 else match.first
        opener = tokens[start].text.lower()
        titled = toponyms.word_before(tokens, start) in toponyms.PERSON_TITLES
        if (opener in toponyms.FIRST_NAMES and match.first != start) or titled or (
                after in toponyms.SPEECH_VERBS and not match.cue):
            people.add(match.key)
    return people


def false_positive(text, tokens, match, people, lower_case, after, short_names) -> bool:
    """The classic misfires: a common word, a person's name (before "said",
    after "Mr.", after a first name, or used so elsewhere in the article), a
    word the article also writes in lower case ("house", "guard"). `after` is
    the match's `word_after`; `people`, `person_words`'s; `lower_case`, the
    article's words written in lower case."""
    first = tokens[match.first]
    word = first.text
    lone = match.first == match.last
    bare = word.lower().rstrip(".").removesuffix("'s").removesuffix("’s")
    # (A contraction has an apostrophe: most words need no regular expression.)
    if lone and (bare in toponyms.COMMON_WORDS
                 or (("'" in word or "’" in word) and toponyms.CONTRACTION.search(word))
                 or (len(bare) <= 2 and match.key not in short_names)):
        return True
    if text[match.start:match.end].lower() in toponyms.COMMON_PHRASES:
        return True
    # Part of a hyphenated name the gazetteer does not hold ("Wal-Mart").
    if text[match.end:match.end + 1] in "-‐‑" and text[match.end + 1:match.end + 2].isupper():
        return True
    if text[match.end:match.end + 6] in ("'s Day", "’s Day"):
        return True
    if toponyms.word_before(tokens, match.first) in toponyms.PERSON_TITLES:
        return True
    if after in toponyms.SPEECH_VERBS and not match.cue:
        return True
    written_lower = bare in lower_case and not word.isupper()
    if lone and not match.cue and (match.key in people or bare in toponyms.FIRST_NAMES
                                   or written_lower):
        return True
    # A place name inside a person's name: "Linda Scott", "Bill Clinton".
    run_opener = tokens[match.run_first].text.lower() if match.run_first >= 0 else ""
    return lone and run_opener in toponyms.FIRST_NAMES and match.first != match.run_first


def offered(quote, match, chosen, keep_weak, short_names) -> bool:
    """Whether a gazetteer match with pick `chosen` is offered: a lone word outside a
    place cue must score high enough, and a name inside a run must open it (or be a
    country or province). `short_names` as for `kept`."""
    if match.first == match.last and not match.cue and not keep_weak:
        word = quote.lower().rstrip(".")
        if chosen["score"] < WEAK_MATCH_SCORE:
            return False
        if word in toponyms.SURNAMES and chosen["score"] < SURNAME_MATCH_SCORE:
            return False
        # Reached only through folding or an alternate name ("Lane" for
        # Lääne, "Bruno" for Bron): plausible only with the article's backing.
        if ranking.plain(quote) != ranking.plain(chosen["name"] or "") and chosen["score"] < ALTERNATE_MATCH_SCORE:
            return False
        # An unknown acronym ("DAC", "KBR") that happens to be a town's name.
        if quote.isupper() and len(quote) <= 4 and match.key not in short_names and \
                chosen["feature"] not in ("PCLI", "ADM1"):
            return False
    return match.run_start or chosen["feature"] in ("PCLI", "ADM1") or bool(match.cue)
