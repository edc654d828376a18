"""brat's `annotation.conf` and `visual.conf` for an exported folder.

brat shows only the types its configuration declares; without one, every
entity, event, relation and attribute we wrote is flagged as unknown. The
configuration is gathered from the annotations actually written, so it
declares exactly what the folder holds: each entity type, each event type
with its roles and the types that fill them, each relation with its argument
types, each attribute with its values and what it may sit on. Names are the
ones the `.ann` files use, already made brat-safe by `brat.safe_type`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from store.formats import brat

#: Label colours as the workstation draws them (tui/document/marks.py), for visual.conf.
LABEL_COLOURS = {
    "Trigger": "#e67e22", "Date": "#1f618d", "Location": "#1e8449", "Actor": "#7d3c98",
    "Target": "#b03a2e", "Killed": "#922b6b", "Injured": "#b9770e", "Speaker": "#117a65",
    "Claim": "#5d6d7e",
}


@dataclass
class BratTypes:
    """Every type a set of `.ann` files uses, with what fills each slot."""

    entities: set[str] = field(default_factory=set)
    events: dict[str, dict[str, set[str]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(set)))
    relations: dict[str, dict[str, set[str]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(set)))
    attributes: dict[str, tuple[set[str], set[str]]] = field(default_factory=dict)  # name -> (on, values)
    equivs: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # type -> member types

    def add(self, ann: brat.AnnFile) -> None:
        type_of: dict[str, str] = {}
        event_ids: set[str] = set()
        for t in ann.of(brat.TextBound):
            type_of[t.id] = t.type
        trigger_types = set()
        for e in ann.of(brat.Event):
            type_of[e.id] = e.type
            event_ids.add(e.id)
            trigger_types.add(type_of.get(e.trigger))
        for t in ann.of(brat.TextBound):
            if t.type not in self.events and t.type not in trigger_types:
                self.entities.add(t.type)
        for e in ann.of(brat.Event):
            roles = self.events[e.type]
            for role, target in e.args:
                roles[_role(role)].add(type_of.get(target, "<ENTITY>"))
        for r in ann.of(brat.Relation):
            args = self.relations[r.type]
            for role, target in r.args:
                args[role].add(type_of.get(target, "<ENTITY>"))
        for q in ann.of(brat.Equiv):
            self.equivs[q.type].update(type_of.get(t, "<ENTITY>") for t in q.targets)
        for a in ann.of(brat.Attribute):
            on, values = self.attributes.setdefault(a.name, (set(), set()))
            on.add("<EVENT>" if a.target in event_ids else type_of.get(a.target, "<ENTITY>"))
            if a.value is not None:
                values.add(a.value)


def _role(role: str) -> str:
    """brat numbers repeated roles (Place2, Place3); the configuration declares the base."""
    base = role.rstrip("0123456789")
    return base or role


def annotation_conf(types: BratTypes) -> str:
    """The `annotation.conf` text declaring `types`."""
    lines = ["# Written by eventdesk: the types this export uses.", "", "[entities]", ""]
    lines += sorted(types.entities - set(types.events))
    lines += ["", "[relations]", ""]
    for name in sorted(types.relations):
        args = ", ".join(f"{role}:{'|'.join(sorted(fill))}"
                         for role, fill in sorted(types.relations[name].items()))
        lines.append(f"{name}\t{args}")
    for name in sorted(types.equivs):
        members = "|".join(sorted(types.equivs[name]))
        lines.append(f"{name}\tArg1:{members}, Arg2:{members}, <REL-TYPE>:symmetric-transitive")
    lines.append("<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>")
    lines += ["", "[events]", ""]
    for name in sorted(types.events):
        # Every role may repeat and may be missing: coders fill what the article gives.
        roles = ", ".join(f"{role}*:{'|'.join(sorted(fill))}"
                          for role, fill in sorted(types.events[name].items()))
        lines.append(f"{name}\t{roles}" if roles else name)
    lines += ["", "[attributes]", ""]
    for name in sorted(types.attributes):
        on, values = types.attributes[name]
        spec = f"{name}\tArg:{'|'.join(sorted(on))}"
        if values:
            spec += f", Value:{'|'.join(sorted(values))}"
        lines.append(spec)
    return "\n".join(lines) + "\n"


def visual_conf(types: BratTypes) -> str:
    """A `visual.conf` giving our labels the workstation's colours and readable names."""
    lines = ["# Written by eventdesk.", "", "[labels]", ""]
    every = sorted(types.entities | set(types.events) | set(types.relations) | set(types.equivs))
    for name in every:
        lines.append(f"{name} | {name.replace('_', ' ')}")
    lines += ["", "[drawing]", "", "SPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken",
              "ARC_DEFAULT\tcolor:black, arrowHead:triangle-5"]
    for name in every:
        if name in LABEL_COLOURS:
            lines.append(f"{name}\tbgColor:{LABEL_COLOURS[name]}, fgColor:white")
    return "\n".join(lines) + "\n"
