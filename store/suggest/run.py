"""All suggesters over one document: one sorted, de-duplicated, capped list.

Dates and places come from their own modules when they are installed
(`store.suggest.dates.suggest_dates(text, dct=None)`,
`store.suggest.places.suggest_places(text, gazetteer, *, country=None)`);
without them the rest still runs. What a coder rejected before, by label and
folded words, is not offered again.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable

from store.grounding.folding import fold
from store.suggest.actors import suggest_actors
from store.suggest.base import Suggestion
from store.suggest.casualties import suggest_casualties
from store.suggest.claims import suggest_claims
from store.suggest.learned import LearnedPatterns, suggest_learned

DEFAULT_CAP = 1000


def _optional(module_name: str, function_name: str) -> Callable | None:
    """The function if its module exists in this installation, else None.
    A module that exists but fails to import is a bug and is not hidden."""
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name == module_name:
            return None
        raise
    return getattr(module, function_name, None)


def rejection_key(label: str, quote: str) -> tuple[str, str]:
    """The key a rejected suggestion is remembered by: its label and folded words."""
    return label, fold(quote)


def suggest_document(text: str, *, dct=None, gazetteer=None, learned: LearnedPatterns | None = None,
                     accepted_actors: Iterable[str] = (), rejected: frozenset = frozenset(),
                     cap: int = DEFAULT_CAP) -> list[Suggestion]:
    """Every available suggester's suggestions for `text`, sorted by start.

    A suggestion whose (label, fold(quote)) is in `rejected` is dropped; of
    two with the same label and offsets the first suggester's is kept (order:
    casualties, claims, actors, learned, dates, places). The cap keeps the
    first `cap` in reading order.
    """
    if not isinstance(text, str) or not text or cap <= 0:
        return []
    runs: list[Callable[[], list[Suggestion]]] = [
        lambda: suggest_casualties(text),
        lambda: suggest_claims(text),
        lambda: suggest_actors(text, tuple(accepted_actors)),
    ]
    if learned is not None:
        runs.append(lambda: suggest_learned(text, learned))
    suggest_dates = _optional("store.suggest.dates", "suggest_dates")
    if suggest_dates is not None:
        runs.append(lambda: suggest_dates(text, dct=dct))
    suggest_places = _optional("store.suggest.places", "suggest_places")
    if suggest_places is not None and gazetteer is not None:
        runs.append(lambda: suggest_places(text, gazetteer))
    seen: set[tuple[str, int, int]] = set()
    kept: list[Suggestion] = []
    for run in runs:
        for suggestion in run():
            key = (suggestion.label, suggestion.start, suggestion.end)
            if key in seen or (rejected and rejection_key(suggestion.label, suggestion.quote) in rejected):
                continue
            seen.add(key)
            kept.append(suggestion)
    kept.sort(key=lambda s: (s.start, s.end, s.label))
    return kept[:cap]
