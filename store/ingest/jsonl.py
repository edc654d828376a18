"""One JSONL line into an import outcome: an object with `text` and optional metadata."""

from __future__ import annotations

import json

from store.errors import StoreError
from store.ingest.outcomes import Prepared, Refused
from store.ingest.prepare import prepare_text
from store.records import documents
from store.records.decoding import check_text

JSONL_FIELDS = ("text", "title", "url", "published", "outlet")


def parse_jsonl_line(raw: bytes, *, label: str, actor: str, source: str) -> Prepared | Refused | None:
    """One JSONL line: an object with "text" and optional title/url/published/outlet strings.

    Returns None for a blank line.  The document's "original bytes" are its text as UTF-8.
    """
    value = read_text_object(raw, label)
    if value is None or isinstance(value, Refused):
        return value
    text = value["text"]
    fields = {}
    for key in JSONL_FIELDS[1:]:
        item = value.get(key)
        if item is not None and not isinstance(item, str):
            return Refused(label, f'"{key}" must be a string, not {type(item).__name__}')
        fields[key] = item
    try:
        check_text(text, surrogates=True)
        for key, item in fields.items():
            if item is not None:
                item.encode("utf-8")  # lone surrogates from \ud800 escapes cannot be stored
        return prepare_text(
            text, label=label, actor=actor, bytes_sha256=documents.sha256_text(text),
            encoding="utf-8", bom=False, source=source, fields=fields,
        )
    except UnicodeEncodeError:
        return Refused(label, "has a lone surrogate (an unpaired \\ud800-style escape) in a field")
    except StoreError as exc:
        return Refused(label, str(exc))


def _json_kind(value) -> str:
    """JSON's own word for a parsed value's kind (a person reads "array", not "list")."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return {list: "array", str: "string"}.get(type(value), type(value).__name__)


def read_text_object(raw: bytes, label: str) -> dict | Refused | None:
    """A JSON line as an object with a "text" string (a BOM before it is no part of it),
    None for a blank line, or a Refused saying in JSON's words what it is instead."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if not raw.strip():
        return None
    try:
        value = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return Refused(label, f"is not valid UTF-8 (at byte {exc.start} of the line)")
    except json.JSONDecodeError as exc:
        return Refused(label, f"is not valid JSON ({exc.msg} at column {exc.colno})")
    except RecursionError:
        return Refused(label, "is not valid JSON (nested too deeply)")
    if not isinstance(value, dict):
        return Refused(label, f"is a JSON {_json_kind(value)}, not an object with \"text\"")
    if not isinstance(value.get("text"), str):
        return Refused(label, 'has no "text" string')
    return value
