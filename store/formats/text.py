"""`export --format text --output DIR`: each document's original bytes, one file each.

The stored text re-encoded with its recorded encoding and BOM is the file that
was imported, byte for byte (the import refuses anything for which that would
not hold).  Files are named after the imported file (`source`), or
`<id>.txt` for documents without one (JSONL lines); a name already used in this
export gets the document id added.
"""

from __future__ import annotations

from pathlib import Path, PurePath

import sqlite_utils

from store.errors import StoreError
from store.formats import Exporter, register
from store.formats.atomic import remove_stale_temporaries, unique_name, write_bytes
from store.records.decoding import encode_original
from store.records.documents import sha256_bytes


def file_name(row: dict) -> str:
    source = row["source"] or ""
    name = PurePath(source).name if source and ":" not in PurePath(source).name else ""
    return name if name and not name.startswith(".") else f"{row['id']}.txt"


def write(db: sqlite_utils.Database, folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(folder)
    used: set[str] = set()
    count = 0
    for row in db.query("SELECT id, text, encoding, bom, source, bytes_sha256 FROM documents ORDER BY rowid"):
        data = encode_original(row["text"], row["encoding"], bool(row["bom"]))
        if sha256_bytes(data) != row["bytes_sha256"]:
            raise StoreError(
                f"document {row['id']}: its text no longer gives back the original bytes "
                "(run `eventdesk verify`)"
            )
        name = unique_name(file_name(row), row["id"], used)
        write_bytes(folder / name, data)
        count += 1
    return count


register(Exporter("text", "each document's original file, byte for byte, into a folder",
                  "folder", write))
