"""The event form's fields as data: their order, which are folded away, the closed lists.

The order follows how a coder reads an article: what happened (type, trigger),
when (the date words, then the resolved dates), where (the location words, then
the place fields), who (actor 1 with its kind, the target with its kind), how
many were killed, then the rest.  The fields outside `CORE` are folded away
until asked for (ctrl+o shows them all, ctrl+g jumps to one by name); a folded
field that has a value still shows, so nothing stored is hidden.

`CHOICES` holds every closed list the form offers as a picker (the event type
has its own picker, tui.screens.type_picker).  Pure data and one filter: no
Textual, so the bench and tests can read the same lists.
"""

from __future__ import annotations

from store.records.validation import ACTOR_KINDS, GRADINGS

#: (field, label) in the order shown.
FORM_FIELDS = (
    ("event_type", "type"), ("sub_event_type", "sub-type"), ("trigger", "trigger"),
    ("date", "date"), ("date_start", "date from"), ("date_end", "date to"),
    ("time_precision", "time prec."),
    ("location", "location"), ("country", "country"), ("admin1", "admin1"), ("admin2", "admin2"),
    ("latitude", "latitude"), ("longitude", "longitude"), ("geo_precision", "geo prec."),
    ("actor1", "actor 1"), ("actor1_kind", "actor 1 kind"), ("assoc_actor_1", "assoc. 1"),
    ("actor2", "target"), ("actor2_kind", "target kind"), ("assoc_actor_2", "assoc. 2"),
    ("killed", "killed"), ("fatalities_best", "fatal. best"), ("fatalities_low", "fatal. low"),
    ("fatalities_high", "fatal. high"),
    ("injured", "injured"), ("injured_low", "inj. low"), ("injured_best", "inj. best"),
    ("injured_high", "inj. high"),
    ("civilian_targeting", "civ. target"), ("grading", "grading"), ("notes", "notes"),
)
LABELS = dict(FORM_FIELDS)

#: Shown (and reached by Tab) always; the others are folded until asked for.
CORE = frozenset({
    "event_type", "sub_event_type", "trigger", "date", "date_start", "date_end",
    "time_precision", "location", "country", "admin1", "actor1", "actor1_kind",
    "actor2", "actor2_kind", "killed", "fatalities_best",
})

#: What a field takes, shown in the empty field (domain.md §2).
HINTS = {
    "event_type": "type to pick from the ACLED taxonomy (or t)",
    "sub_event_type": "type to pick from the ACLED taxonomy (or t)",
    "date": "the words that date it (label 2)", "date_start": "YYYY-MM-DD",
    "date_end": "YYYY-MM-DD (date from unless changed)",
    "time_precision": "type to pick: 1 day · 2 week · 3 month",
    "geo_precision": "type to pick: 1 town · 2 part of a region · 3 larger region",
    "actor1_kind": "type to pick: State forces, Rebel group, …",
    "actor2_kind": "type to pick: … Protesters, Civilians, External/Other forces",
    "fatalities_low": "whole number", "fatalities_best": "whole number",
    "fatalities_high": "whole number", "injured_low": "whole number",
    "injured_best": "whole number", "injured_high": "whole number",
    "civilian_targeting": "type to pick: 1 yes · 0 no",
    "grading": "type to pick: " + ", ".join(GRADINGS),
    "latitude": "decimal degrees", "longitude": "decimal degrees",
    "country": "type to pick: Syria, Mali, … (or the place grounds it)",
}

#: The fields whose values come from the event-type picker.
TYPE_FIELDS = ("event_type", "sub_event_type")

_KINDS = tuple((f"{kind}  (inter {code})", kind) for kind, code in ACTOR_KINDS.items())
#: field -> (label shown, value stored) for every closed list but the event type.
CHOICES: dict[str, tuple[tuple[str, str], ...]] = {
    "actor1_kind": _KINDS,
    "actor2_kind": _KINDS,
    "time_precision": (("1 day", "1"), ("2 week", "2"), ("3 month", "3")),
    "geo_precision": (("1 town or village", "1"), ("2 near it, or part of a region", "2"),
                      ("3 a larger region", "3")),
    "civilian_targeting": (("1 yes: civilians targeted", "1"), ("0 no", "0")),
    "grading": tuple((g, g) for g in GRADINGS),
}

#: Fields whose picker lists what a module knows, read when first opened: the country
#: (store.grounding.countries, the names the place grounding fills in).
LISTED = frozenset({"country"})

#: Fields typed into as text (every other one opens a picker when typed into).
CLOSED = frozenset(CHOICES) | frozenset(TYPE_FIELDS) | LISTED


def choices(field: str) -> tuple[tuple[str, str], ...]:
    """The picker's entries for a closed field: (label shown, value stored)."""
    if field == "country":
        return _countries()
    return CHOICES[field]


def _countries() -> tuple[tuple[str, str], ...]:
    cached = globals().get("_COUNTRIES")
    if cached is None:
        from store.grounding.countries import all_countries

        names = sorted({(c["name"], c["iso2"]) for c in all_countries() if c.get("name")})
        cached = globals()["_COUNTRIES"] = tuple((f"{name}  ({code})", name) for name, code in names)
    return cached


def filter_choices(query: str, entries: tuple[tuple[str, str], ...] | list) -> list[tuple[str, str]]:
    """`entries` best matching `query`: whole label first, then labels starting with it, then
    words starting with it, then labels containing it, each in list order; if none, fuzzy."""
    q = query.strip().casefold()
    if not q:
        return list(entries)

    def rank(label: str) -> int | None:
        words = label.casefold()
        if words == q:
            return 0
        if words.startswith(q):
            return 1
        if any(w.startswith(q) for w in words.replace("/", " ").split()):
            return 2
        if q in words:
            return 3
        return None

    ranked = [(r, i) for i, (label, _) in enumerate(entries) if (r := rank(label)) is not None]
    if ranked:
        return [entries[i] for _, i in sorted(ranked)]
    from rapidfuzz import fuzz, process

    hits = process.extract(q, [label for label, _ in entries], scorer=fuzz.WRatio,
                           processor=str.casefold, limit=len(entries), score_cutoff=60)
    return [entries[index] for _, _, index in hits]


def jump_entries() -> list[tuple[str, str]]:
    """Every field by its label, for ctrl+g (type to filter, Enter goes there)."""
    return [(label, field) for field, label in FORM_FIELDS]
