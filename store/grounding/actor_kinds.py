"""An actor's ACLED kind from its words: "US special operations troops" in Syria ->
External/Other forces; "women and children" -> Civilians; "militants" -> Rebel group.

`ground_actor_kind(words, country="Syria")` answers `{"kind", "rule", "why", "state"}`
or `{"unresolved": True, "why": ...}`; the kinds are spelt as ACLED spells them
(store.records.validation.ACTOR_KINDS). State forces are the forces of a state at
home; the same forces operating in another country are ACLED's External/Other forces,
so the event's country decides: with no country known, forces named by their state
stay unresolved rather than guessed.  Forces with no state named ("police",
"soldiers") are read as the home state's.

`actor_phrase(text, offset)` is the phrase around `offset` these words make up
("US special operations troops", "women and children"), for a label key pressed
with nothing selected.  Pure: no database, no Textual.
"""

from __future__ import annotations

import unicodedata

import regex

from store.grounding.countries import ALIASES, all_countries, country_code


def fold(text: str) -> str:
    """Case and accents folded ("Türkiye" -> "turkiye"); nothing else changed."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()

STATE, REBEL, POLITICAL, IDENTITY = "State forces", "Rebel group", "Political militia", "Identity militia"
RIOTERS, PROTESTERS, CIVILIANS, EXTERNAL = "Rioters", "Protesters", "Civilians", "External/Other forces"

#: Nouns that name an actor, by the kind they make it.  Folded, singular and plural.
NOUNS: dict[str, str] = {}
for _kind, _words in (
    (STATE, """forces force troops troop soldiers soldier army armies military militaries
            police policemen policeman policewomen gendarmes gendarmerie marines navy
            airforce commandos commando paratroopers servicemen personnel officers
            guards"""),
    (REBEL, """militants militant rebels rebel insurgents insurgent jihadists jihadist
            guerrillas guerrilla insurgency separatists separatist extremists
            terrorists terrorist"""),
    (POLITICAL, "militia militias militiamen gunmen gunman vigilantes assailants attackers"),
    (RIOTERS, "rioters rioter mob looters"),
    (PROTESTERS, "protesters protester protestors protestor demonstrators demonstrator marchers"),
    (CIVILIANS, """civilians civilian residents resident villagers villager children child
            kids women woman men man girls girl boys boy families family people
            worshippers students pupils farmers herders shepherds passengers
            journalists refugees migrants pilgrims inhabitants locals bystanders
            shoppers patients workers teachers traders displaced"""),
    (EXTERNAL, "peacekeepers peacekeeper coalition"),
):
    for _word in _words.split():
        NOUNS[_word] = _kind

#: Words that make a militia an identity militia.
IDENTITY_WORDS = frozenset("ethnic clan tribal communal community tribesmen".split())
#: Named groups ACLED codes as rebel groups (folded, hyphens as spaces).
NAMED_REBELS = frozenset({
    "al qaeda", "al qaida", "al shabaab", "al shabab", "boko haram", "islamic state", "isis",
    "isil", "daesh", "hts", "hay at tahrir al sham", "hayat tahrir al sham", "taliban",
    "farc", "eln", "jnim", "iswap", "al nusra front", "nusra front", "houthis", "houthi",
    "ansar allah", "pkk", "m23", "adf", "tplf",
})
#: Words that may stand inside an actor phrase without naming one.
MODIFIERS = frozenset("""special operations security armed government pro government anti
    local foreign federal national regional state elite unidentified suspected
    coalition allied militant rebel islamist opposition riot air naval ground
    paramilitary border defence defense""".split())
JOINS = frozenset({"and", "or"})

_TOKEN = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’]*")


def _states() -> dict[str, str]:
    """Folded demonym or country name -> ISO2 ("american" -> US, "syrian" -> SY)."""
    cached = getattr(_states, "_cache", None)
    if cached is None:
        cached = {}
        for record in all_countries():
            for word in (record.get("demonym"), record.get("name")):
                if word:
                    cached[fold(word)] = record["iso2"]
        _states._cache = cached
    return cached


def _state_of(token: str) -> str | None:
    """The ISO2 a token names as a state ("US", "Syrian", "Russia"), or None."""
    if not token[:1].isupper():
        return None
    if token.isupper() and 2 <= len(token) <= 3:
        return country_code(token)
    word = fold(token)
    code = _states().get(word) or ALIASES.get(word)
    return code if code and len(word) > 3 else None


def ground_actor_kind(words: str, *, country: str | None = None) -> dict:
    """The ACLED kind the actor's words name, with the rule and why; or unresolved."""
    if not isinstance(words, str) or not words.strip():
        return {"unresolved": True, "why": "no words"}
    tokens = [t.strip("'’") for t in _TOKEN.findall(words[:300])]
    folded = [fold(t) for t in tokens]
    joined = " " + " ".join(regex.sub(r"[^\p{L}\p{N}]+", " ", fold(words)).split()) + " "
    group = next((g for g in NAMED_REBELS if f" {g} " in joined), None)
    if group:
        return {"kind": REBEL, "rule": "named-group", "why": f"{group!r} is a rebel group"}
    kinds = [(i, NOUNS[w]) for i, w in enumerate(folded) if w in NOUNS]
    if not kinds:
        return {"unresolved": True, "why": "no word that names a kind of actor"}
    head_index, kind = kinds[-1]  # the head noun comes last: "militia gunmen", "police officers"
    noun = folded[head_index]
    if kind == POLITICAL and any(w in IDENTITY_WORDS for w in folded):
        return {"kind": IDENTITY, "rule": "identity-militia", "why": f"{noun!r} of a community"}
    if kind != STATE:
        return {"kind": kind, "rule": f"noun:{noun}", "why": f"{noun!r} names {kind}"}
    state = next((code for t in tokens if (code := _state_of(t))), None)
    if state is None:
        return {"kind": STATE, "rule": "state-forces", "why": f"{noun!r} with no state named"}
    home = country_code(country) if country else None
    if home is None:
        return {"unresolved": True, "state": state,
                "why": f"forces of {state}: no event country to tell home from abroad"}
    if home == state:
        return {"kind": STATE, "rule": "state-forces-home", "state": state,
                "why": f"forces of {state} in {home}"}
    return {"kind": EXTERNAL, "rule": "state-forces-abroad", "state": state,
            "why": f"forces of {state} outside it (event in {home})"}


def _is_actor_word(token: str) -> bool:
    word = fold(token.strip("'’"))
    return word in NOUNS or word in MODIFIERS or _state_of(token.strip("'’")) is not None


def actor_phrase(text: str, offset: int) -> tuple[int, int] | None:
    """(start, end) of the actor phrase the word at `offset` belongs to: state words,
    modifiers and actor nouns, joined by "and"/"or", ending in a noun; None when the
    word is none of these."""
    low, high = max(0, offset - 200), min(len(text), offset + 200)
    tokens = [(m.start() + low, m.end() + low, m.group())
              for m in _TOKEN.finditer(text[low:high].replace("-", " "))]
    here = next((i for i, (s, e, _) in enumerate(tokens) if s <= offset < e), None)
    if here is None or not _is_actor_word(tokens[here][2]):
        return None

    def joined(a: int, b: int) -> bool:  # only spaces (or a hyphen) between two tokens
        return text[tokens[a][1]:tokens[b][0]] in (" ", "-")

    first = last = here
    while first > 0 and joined(first - 1, first) and (
            _is_actor_word(tokens[first - 1][2])
            or (fold(tokens[first - 1][2]) in JOINS and first > 1 and joined(first - 2, first - 1)
                and fold(tokens[first - 2][2]) in NOUNS)):
        first -= 1
    while last + 1 < len(tokens) and joined(last, last + 1) and (
            _is_actor_word(tokens[last + 1][2])
            or (fold(tokens[last + 1][2]) in JOINS and last + 2 < len(tokens)
                and joined(last + 1, last + 2) and _is_actor_word(tokens[last + 2][2]))):
        last += 1 if _is_actor_word(tokens[last + 1][2]) else 2
    while last > first and fold(tokens[last][2]) not in NOUNS:
        last -= 1  # end on the noun: "US forces" not "US forces and"
    while first < last and fold(tokens[first][2]) in JOINS:
        first += 1
    if fold(tokens[last][2]) not in NOUNS:
        return None
    return tokens[first][0], tokens[last][1]
