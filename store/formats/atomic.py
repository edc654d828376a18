"""Write a file so that readers see the old content or the new, never half of it.

The data goes to a temporary file in the same directory (so the rename cannot
cross file systems), is flushed and fsynced, then `os.replace`d over the target;
the directory is fsynced so the rename itself survives a crash.  On any error the
temporary file is removed and the target is untouched.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path
from typing import IO, Iterator


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    """Yield a file to write; on success it replaces `path` atomically.  `mode` is "w" or "wb"."""
    if mode not in ("w", "wb"):
        raise ValueError("atomic_write mode must be 'w' or 'wb'")
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    remove_stale_temporaries(directory, target.name)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        os.chmod(tmp_name, 0o666 & ~_umask())  # mkstemp makes 0600; give what open() would
        if mode == "wb":
            handle = os.fdopen(fd, "wb")
        else:
            handle = os.fdopen(fd, "w", encoding=encoding, newline="")
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    _fsync_directory(directory)


def remove_stale_temporaries(directory: str | os.PathLike, name: str | None = None) -> int:
    """Remove what an interrupted export left: `.NAME.XXXXXXXX.tmp` files (mkstemp's
    pattern, ours alone), for `name` or for every name in `directory`."""
    pattern = re.compile(r"\.(?P<name>.+)\.[A-Za-z0-9_]{8}\.tmp")
    removed = 0
    with contextlib.suppress(FileNotFoundError, NotADirectoryError):
        for entry in os.scandir(directory):
            match = pattern.fullmatch(entry.name)
            if match and entry.is_file(follow_symlinks=False) and (
                    name is None or match["name"] == name):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)
                    removed += 1
    return removed


def unique_name(name: str, document_id: str, taken: set[str],
                variants: list[str] | None = None) -> str:
    """`name`, or a variant with the document id, never one already `taken` (compared
    case-blind, as some file systems do), so no document's file overwrites another's."""
    stem, dot, suffix = name.rpartition(".")
    candidates = [name] + list(variants or [])
    if variants:
        candidates.append(document_id)
    elif dot and stem:
        candidates += [f"{stem}.{document_id}.{suffix}", f"{document_id}.{suffix}"]
    else:
        candidates += [f"{name}-{document_id}", document_id]
    for candidate in candidates:
        if candidate.lower() not in taken:
            taken.add(candidate.lower())
            return candidate
    n = 2
    while f"{candidates[-1]}-{n}".lower() in taken:
        n += 1
    taken.add(f"{candidates[-1]}-{n}".lower())
    return f"{candidates[-1]}-{n}"


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _fsync_directory(directory: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform lets a directory be opened
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_bytes(path: str | os.PathLike, data: bytes) -> None:
    with atomic_write(path, "wb") as handle:
        handle.write(data)
