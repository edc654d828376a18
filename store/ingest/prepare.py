"""A decoded text (or raw bytes) made into a document row ready to store.

Nothing here writes: rows are stored later, in batches, by the importer.
"""

from __future__ import annotations

import datetime as _dt

from store.errors import StoreError
from store.ingest import metadata
from store.ingest.outcomes import Prepared, Refused
from store.records import documents
from store.records.decoding import decode

OVERRIDE_FIELDS = ("title", "outlet", "published", "url")


def normalise_published(value: str) -> str:
    """An ISO date (or the ISO date-time given), from ISO or the written forms; else StoreError."""
    value = value.strip()
    iso = metadata.parse_date(value)
    if iso:
        return iso
    if metadata.ISO_PARTIAL.fullmatch(value):  # a year or a month: a coarser date
        return value
    try:
        _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        return value
    except ValueError:
        pass
    raise StoreError(f"published date {value!r} is not a date (use YYYY-MM-DD)")


def apply_fields(row: dict, fields: dict) -> dict:
    """Give or correct metadata on a prepared row: non-empty values win over what was extracted."""
    for key, value in fields.items():
        value = value.strip() if value is not None else ""
        if not value:
            continue  # not given: keep what was extracted
        row[key] = normalise_published(value) if key == "published" else value
    return row


def prepare_text(
    text: str,
    *,
    label: str,
    actor: str,
    bytes_sha256: str,
    encoding: str,
    bom: bool,
    source: str | None,
    fields: dict | None = None,
    warnings: tuple[str, ...] = (),
) -> Prepared:
    """A Prepared document for decoded text: metadata extracted, then `fields` applied over it."""
    found = metadata.extract(text)
    # UTF-8 without a BOM: the text's UTF-8 is the file, so one hash serves for both.
    same = encoding == "utf-8" and not bom
    row = documents.document_row(
        text=text, bytes_sha256=bytes_sha256, encoding=encoding, bom=bom, actor=actor,
        title=found.title, outlet=found.outlet, published=found.published, source=source,
        text_sha256=bytes_sha256 if same else None,
    )
    apply_fields(row, fields or {})
    return Prepared(label, row, warnings)


def prepare_bytes(
    data: bytes, *, label: str, actor: str, source: str | None, encoding: str | None = None,
    fields: dict | None = None,
) -> Prepared | Refused:
    """A text file's bytes decoded under the policy (store.records.decoding) and made a document."""
    try:
        decoded = decode(data, encoding)
        return prepare_text(
            decoded.text, label=label, actor=actor, bytes_sha256=documents.sha256_bytes(data),
            encoding=decoded.encoding, bom=decoded.bom, source=source, fields=fields,
            warnings=decoded.warnings,
        )
    except StoreError as exc:
        return Refused(label, str(exc))
