"""From the command line's PATHs to the files an import reads.

Folders are walked recursively in a deterministic order (sorted names, depth
first); what cannot be read or is not an article is a `Refused` or `Skipped`
outcome, never an exception.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from store.ingest.outcomes import Refused, Skipped

#: Suffixes imported when walking a folder (a file named on the command line is always read).
TEXT_SUFFIXES = (".txt",)


JSONL_SUFFIXES = (".jsonl",)


#: A file bigger than this is not an article; refusing it keeps memory bounded.
MAX_FILE_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class InputFile:
    path: Path  # as the user gave it (or under the folder they gave): what messages name
    size: int
    named: bool  # given on the command line (read whatever its suffix) rather than found in a folder
    source: str  # the absolute path recorded as the document's source


def expand_paths(paths: Iterable[str | os.PathLike]) -> Iterator[InputFile | Refused | Skipped]:
    """Files to import, folders walked recursively in sorted order; hidden entries skipped."""
    for raw in paths:
        path = Path(raw)
        try:
            if path.is_dir():
                yield from _walk(path, _absolute(path))
            elif path.is_file():
                yield InputFile(path, path.stat().st_size, named=True, source=_absolute(path))
            elif path.exists():
                yield Refused(shown(path), "is not a regular file")
            else:
                yield Refused(shown(path), "does not exist")
        except OSError as exc:
            yield Refused(shown(path), f"cannot be read ({exc.strerror or exc})")


def _walk(folder: Path, source: str) -> Iterator[InputFile | Refused | Skipped]:
    """Depth first, each folder's entries in name order, so `a.txt, b/1.txt, c.txt`.

    Iterative (a stack of open listings), so no nesting depth is too deep.
    Symbolic links to folders are not followed (no loops); links to files are.
    """
    stack: list[tuple[Iterator[os.DirEntry], str]] = []
    listing = _listing(folder)
    if isinstance(listing, Refused):
        yield listing
        return
    stack.append((listing, source))
    while stack:
        entries, here = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            if entry.is_dir(follow_symlinks=False):
                listing = _listing(path)
                if isinstance(listing, Refused):
                    yield listing
                else:
                    stack.append((listing, os.path.join(here, shown(entry.name))))
            elif path.suffix.lower() == ".ann" and path.with_suffix(".txt").is_file():
                continue  # read with its .txt as a brat pair (store.formats.brat_export)
            elif path.suffix.lower() not in TEXT_SUFFIXES + JSONL_SUFFIXES:
                yield Skipped(shown(path), "not a .txt or .jsonl file")
            elif not entry.is_file():
                yield Refused(shown(path), "is not a regular file")
            else:
                yield InputFile(path, entry.stat().st_size, named=False,
                                source=os.path.join(here, shown(entry.name)))
        except OSError as exc:
            yield Refused(shown(path), f"cannot be read ({exc.strerror or exc})")


def _listing(folder: Path) -> Iterator[os.DirEntry] | Refused:
    """A folder's entries sorted by name (one folder's names in memory, not the corpus's)."""
    try:
        with os.scandir(folder) as it:
            return iter(sorted(it, key=lambda e: e.name))
    except OSError as exc:
        return Refused(shown(folder), f"cannot be read ({exc.strerror or exc})")


def shown(path: str | os.PathLike) -> str:
    """A path as text that can be stored and printed.

    A file name that is not valid UTF-8 (Python keeps its bytes as lone
    surrogates) gets those bytes written as `\\xe9`, instead of failing later.
    """
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _absolute(path: Path) -> str:
    """The source recorded for a file: its absolute path (where it came from)."""
    try:
        return shown(path.resolve())
    except OSError:
        return shown(path)
