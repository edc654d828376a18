"""The ACLED event taxonomy (domain.md §3) as data: the type picker and the exports share it."""

from __future__ import annotations

#: event_type -> its sub_event_types, in ACLED's order.
ACLED_TAXONOMY: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Armed clash", "Government regains territory", "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": (
        "Air/drone strike", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
        "Suicide bomb", "Grenade", "Chemical weapon",
    ),
    "Violence against civilians": ("Attack", "Abduction/forced disappearance", "Sexual violence"),
    "Protests": (
        "Peaceful protest", "Protest with intervention", "Excessive force against protesters",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction",
        "Non-violent transfer of territory", "Other",
    ),
}


def type_pairs() -> list[tuple[str, str]]:
    """Every (event_type, sub_event_type) pair, in taxonomy order."""
    return [(etype, sub) for etype, subs in ACLED_TAXONOMY.items() for sub in subs]


def is_valid(event_type: str | None, sub_event_type: str | None) -> bool:
    """True when the pair is in the taxonomy."""
    return sub_event_type in ACLED_TAXONOMY.get(event_type or "", ())
