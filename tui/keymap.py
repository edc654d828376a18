"""User key remaps: binding id -> keys, read from a TOML file and handed to `App.set_keymap`.

The file is `$EVENTDESK_KEYMAP` if set, else `~/.config/eventdesk/keymap.toml`:

    [keys]
    "annotate.label_1" = "a"          # Trigger on `a` instead of `1`
    "app.help" = "f1,question_mark"   # several keys, comma-separated
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path


def keymap_path() -> Path:
    env = os.environ.get("EVENTDESK_KEYMAP")
    if env:
        return Path(env)
    return Path.home() / ".config" / "eventdesk" / "keymap.toml"


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], str | None]:
    """(binding id -> keys, one-line error or None).  A missing file is an empty keymap."""
    path = path or keymap_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return {}, f"keymap {path} ignored: {exc}"
    table = data.get("keys", data)
    if not isinstance(table, dict):
        return {}, f"keymap {path} ignored: [keys] is not a table"
    keymap, bad = {}, []
    for binding_id, keys in table.items():
        if isinstance(keys, list) and keys and all(isinstance(k, str) for k in keys):
            keys = ",".join(keys)
        problem = entry_problem(binding_id, keys)
        if problem is None:
            keymap[binding_id] = ",".join(k.strip() for k in keys.split(","))
        elif binding_id != "keys":
            bad.append(f"keymap {path}: {safe_key(binding_id)} skipped: {problem}")
    return keymap, "\n".join(bad) or None


#: What a key name looks like to Textual: `z`, `]`, `f1`, `ctrl+r`, `question_mark`.
_KEY = re.compile(r"[A-Za-z0-9_+\-]{2,40}|[!-~]")
_BINDING_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)+")


def safe_key(text: str) -> str:
    """A name from the file, shown without its control characters."""
    return repr(text) if not text.isprintable() else text


def entry_problem(binding_id, keys) -> str | None:
    """Why one keymap entry cannot be applied, or None: each is checked on its own, so one
    bad line (`"app.help" = "f1,"`) is skipped and the rest of the keymap applies."""
    if not isinstance(binding_id, str) or not _BINDING_ID.fullmatch(binding_id):
        return "not a binding id (like annotate.label_3)"
    if not isinstance(keys, str) or not keys.strip():
        return "keys must be a string such as \"z\" or \"f1,question_mark\""
    for key in keys.split(","):
        if not _KEY.fullmatch(key.strip()):
            return f"{safe_key(key.strip()) or 'an empty key'} is not a key name"
    return None


def clashes(keymap: dict[str, str], binding_sets: dict[str, list]) -> list[str]:
    """One line per remapped key that another, not remapped binding of the same place uses.

    `binding_sets` maps a place ("annotate", "library", …) to the bindings active
    there together.  Textual lets the remap win silently; people should know
    which key they lost.
    """
    from textual.binding import Binding

    lines = []
    for place, bindings in binding_sets.items():
        expanded = list(Binding.make_bindings(bindings))
        for binding_id, keys in keymap.items():
            if not any(b.id == binding_id for b in expanded):
                continue
            for key in (k.strip() for k in keys.split(",")):
                key = list(Binding.make_bindings([Binding(key, "")]))[0].key
                lost = sorted({b.id or b.action for b in expanded
                               if b.key == key and b.id != binding_id and b.id not in keymap})
                if lost:
                    lines.append(f"keymap: {key} for {binding_id} replaces {', '.join(lost)} ({place})")
    return lines


def unknown_ids(keymap: dict[str, str], known: set[str]) -> str | None:
    """One line naming the remapped ids no binding has (a typo would otherwise do nothing)."""
    unknown = sorted(set(keymap) - known)
    if not unknown:
        return None
    return f"keymap: no binding has the id {', '.join(unknown)} (`?` lists the ids)"


def known_ids() -> set[str]:
    """Every binding id of the workstation's screens, widgets and the app."""
    import importlib
    import pkgutil

    from textual.binding import Binding
    from textual.dom import DOMNode

    import tui.screens
    import tui.widgets

    for package in (tui.screens, tui.widgets):
        for info in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{info.name}")
    importlib.import_module("tui.app")
    ids: set[str] = set()
    todo = [DOMNode]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("tui."):
            for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", [])):
                if binding.id:
                    ids.add(binding.id)
    return ids
