"""doccano and Prodigy JSONL into the database (`eventdesk import FILE --format doccano|prodigy`).

One line is one document with its spans:

- doccano (sequence labeling): `{"text", "label": [[start, end, label], ...]}`, or the
  relation projects' `"entities": [{"start_offset", "end_offset", "label"}]`; the
  other keys are metadata (`title`, `outlet`, `published`, `url`, at the top or in `meta`).
- Prodigy: `{"text", "spans": [{"start", "end", "label", "token_start"?, "token_end"?,
  "text"?}], "tokens"?, "answer"?, "meta"?}`.  A task whose `answer` is "reject" or
  "ignore" is skipped (its spans are what someone turned down).  Several tasks with the
  same text (our export writes overlapping spans as one task per layer) make one
  document holding all their spans.

Offsets are code points (Python str indices), end exclusive, as both tools count.
Each span is checked as brat's T lines are: whole numbers, inside the text, not
empty, a label; a span's own `text` (Prodigy) must be the text at its offsets, its
tokens must start and end where it does.  A bad span is left out and reported as
`FILE:LINE: why` (counted in the summary, exit status 1); the line's other spans
and the other lines are imported.  A span already stored on the document (same
offsets and label) is not stored twice, so importing a file again adds nothing.
"""

from __future__ import annotations

import json

from store.db.connection import utc_now
from store.errors import StoreError
from store.ingest.jsonl import JSONL_FIELDS, _json_kind, read_text_object
from store.ingest.outcomes import Prepared, Refused, Skipped
from store.ingest.prepare import prepare_text
from store.records import documents, history
from store.records.decoding import check_text
from store.records.spans import span_row

FORMATS = ("doccano", "prodigy")


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_offsets(text: str, start, end, label) -> str | None:
    """Why (start, end, label) is not a span of `text`, or None."""
    if not _is_int(start) or not _is_int(end):
        return f"offsets must be whole numbers, not {start!r}..{end!r}"
    if not 0 <= start < end <= len(text):
        return f"{start}..{end} is outside the text (0..{len(text)}) or empty"
    if not isinstance(label, str) or not label.strip():
        return f"the label must be a non-empty string, not {label!r}"
    return None


def doccano_spans(value: dict, text: str) -> tuple[list[tuple[int, int, str]], list[str]]:
    """(good spans, reasons for the bad ones) of one doccano line."""
    good, bad = [], []
    labels = value.get("label", value.get("labels"))
    if labels is None and isinstance(value.get("entities"), list):
        for n, item in enumerate(value["entities"]):
            if not isinstance(item, dict):
                bad.append(f"entity {n} is not an object")
                continue
            s, e, lab = item.get("start_offset"), item.get("end_offset"), item.get("label")
            why = _check_offsets(text, s, e, lab)
            (bad.append(f"entity {n} ({lab!r}): {why}") if why else good.append((s, e, lab)))
        return good, bad
    if labels is None:
        return good, bad
    if not isinstance(labels, list):
        return good, [f'"label" must be an array of [start, end, label], not a JSON {_json_kind(labels)}']
    for n, item in enumerate(labels):
        if isinstance(item, str):
            bad.append(f"label {n} {item!r} is a category of the whole text (text classification), "
                       "not a span")
            continue
        if not isinstance(item, list) or len(item) != 3:
            bad.append(f"label {n} is not [start, end, label]: {json.dumps(item, ensure_ascii=False)[:80]}")
            continue
        s, e, lab = item
        why = _check_offsets(text, s, e, lab)
        (bad.append(f"label {n} ({lab!r}): {why}") if why else good.append((s, e, lab)))
    return good, bad


def prodigy_spans(value: dict, text: str) -> tuple[list[tuple[int, int, str]], list[str]]:
    good, bad = [], []
    spans = value.get("spans")
    if spans is None:
        return good, bad
    if not isinstance(spans, list):
        return good, [f'"spans" must be an array, not a JSON {_json_kind(spans)}']
    tokens = value.get("tokens") if isinstance(value.get("tokens"), list) else None
    for n, item in enumerate(spans):
        if not isinstance(item, dict):
            bad.append(f"span {n} is not an object")
            continue
        s, e, lab = item.get("start"), item.get("end"), item.get("label")
        why = _check_offsets(text, s, e, lab)
        if why is None and "text" in item and item["text"] != text[s:e]:
            why = f"its text {item['text']!r} is not the text at {s}..{e} ({text[s:e]!r})"
        if why is None and tokens is not None:
            why = _check_tokens(item, tokens, s, e)
        (bad.append(f"span {n} ({lab!r}): {why}") if why else good.append((s, e, lab)))
    return good, bad


def _check_tokens(item: dict, tokens: list, start: int, end: int) -> str | None:
    ts, te = item.get("token_start"), item.get("token_end")
    if ts is None and te is None:
        return None
    if not (_is_int(ts) and _is_int(te) and 0 <= ts <= te < len(tokens)):
        return f"token_start/token_end {ts!r}..{te!r} are not tokens of the task"
    first, last = tokens[ts], tokens[te]
    if not (isinstance(first, dict) and isinstance(last, dict)
            and first.get("start") == start and last.get("end") == end):
        return f"tokens {ts}..{te} do not start and end at {start}..{end}"
    return None


def _fields(value: dict) -> dict:
    meta = value.get("meta") if isinstance(value.get("meta"), dict) else {}
    fields = {}
    for key in JSONL_FIELDS[1:]:
        item = value.get(key, meta.get(key))
        fields[key] = item if isinstance(item, str) else None
    return fields


def parse_annotated_line(raw: bytes, fmt: str, *, label: str, actor: str,
                         source: str) -> Prepared | Refused | Skipped | None:
    """One doccano/Prodigy line: the document, with its checked spans stored by after_store."""
    value = read_text_object(raw, label)
    if value is None or isinstance(value, Refused):
        return value
    text = value["text"]
    if fmt == "prodigy" and value.get("answer") in ("reject", "ignore"):
        return Skipped(label, f'a Prodigy task answered "{value["answer"]}"; not imported')
    try:
        check_text(text, surrogates=True)
        prepared = prepare_text(text, label=label, actor=actor, bytes_sha256=documents.sha256_text(text),
                                encoding="utf-8", bom=False, source=source, fields=_fields(value))
    except UnicodeEncodeError:
        return Refused(label, "has a lone surrogate (an unpaired \\ud800-style escape)")
    except StoreError as exc:
        return Refused(label, str(exc))
    good, bad = (doccano_spans if fmt == "doccano" else prodigy_spans)(value, text)
    for why in bad:
        prepared.later.append(lambda reporter, why=why: reporter.not_stored(label, why))

    def after_store(db, document_id, created):
        store_spans(db, document_id, text, good, actor, source_ref=f"{fmt} {label}")

    prepared.after_store = after_store
    return prepared


def store_spans(db, document_id: str, text: str, spans: list[tuple[int, int, str]], actor: str,
                source_ref: str) -> int:
    """Store the spans the document does not have yet (same offsets and label); how many were new.

    Runs inside the importer's batch transaction.
    """
    have = {(r[0], r[1], r[2]) for r in db.execute(
        'SELECT start, "end", label FROM spans WHERE document_id = ?', [document_id])}
    now = utc_now()
    rows = []
    for start, end, lab in spans:
        if (start, end, lab) in have:
            continue
        have.add((start, end, lab))
        rows.append(span_row(text, document_id=document_id, start=start, end=end, label=lab,
                             author=actor, created_at=now))
    if rows:
        db["spans"].insert_all(rows)
        history.record_many(db, (dict(actor=actor, action="import", entity="span", entity_id=row["id"],
                                      after=dict(row, source_ref=source_ref), at=now) for row in rows))
    return len(rows)
