"""Export formats, registered by name (`eventdesk export --format NAME`).

An exporter writes either one stream (`kind="stream"`: `write(db, handle)`,
to stdout or, atomically, to `--output FILE`) or a folder of files
(`kind="folder"`: `write(db, folder)`, `--output DIR` required).  A module
adds itself with `register(Exporter(...))`; `load_all()` imports the modules
listed in FORMAT_MODULES so the CLI sees every format.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable, Literal

from store.errors import StoreError

#: Modules under store/formats/ that register exporters (others add brat, w3c, acled, ...).
FORMAT_MODULES = (
    "store.formats.native_json",
    "store.formats.text",
    "store.formats.brat_export",
    "store.formats.w3c",
    "store.formats.acled",
    "store.formats.ucdp",
    "store.formats.jsonl",
    "store.formats.doccano",
    "store.formats.prodigy",
)


@dataclass(frozen=True)
class Exporter:
    name: str
    description: str
    kind: Literal["stream", "folder"]
    write: Callable  # (db, handle) for a stream, (db, folder: Path) for a folder
    binary: bool = False  # a stream exporter that writes bytes
    #: Keyword options `write` accepts beyond (db, target): "offsets" (unit of the offsets
    #: written: codepoints, utf16 or bytes), "warn" (a callable for one-line notes) and
    #: "tokens" (a bool, `--tokens`: prodigy writes tokens).
    options: tuple[str, ...] = ()


EXPORTERS: dict[str, Exporter] = {}


def register(exporter: Exporter) -> Exporter:
    EXPORTERS[exporter.name] = exporter
    return exporter


def load_all() -> dict[str, Exporter]:
    for name in FORMAT_MODULES:
        importlib.import_module(name)
    return EXPORTERS


def get(name: str) -> Exporter:
    load_all()
    try:
        return EXPORTERS[name]
    except KeyError:
        raise StoreError(
            f"unknown export format {name!r} (known: {', '.join(sorted(EXPORTERS))})"
        ) from None
