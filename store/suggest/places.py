"""Location suggestions: every place name in an article, grounded where the gazetteer knows it."""

from __future__ import annotations

from store.grounding.places import find_picks
from store.suggest.base import Suggestion

LABEL = "Location"
SUGGESTER = "places"


def suggest_places(text: str, gazetteer, *, country=None) -> list[Suggestion]:
    """One `Location` suggestion per place name `find_places` sees (`find_picks`: the same, as tuples), in text
    order. `value` is the chosen gazetteer candidate, or None for a name in a
    place context ("near X", "X province") that the gazetteer lacks; `why`
    says which ("gazetteer: Atme, Idlib, SY")."""
    # A mention's quote is cut from the text already (`text[start:end] == quote`), so
    # the suggestion is made straight from it; and only the pick is needed.
    return [Suggestion(LABEL, start, end, quote, SUGGESTER, why, chosen)
            for start, end, quote, why, chosen, _ in find_picks(text, gazetteer, country=country)]
