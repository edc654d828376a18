"""Prodigy export (`--format prodigy`): annotation tasks as Prodigy's `ner.manual` reads them.

One task a line, in the shape Prodigy's documentation gives:

    {"text": "...", "spans": [{"start": 0, "end": 5, "label": "Actor"}, ...],
     "answer": "accept", "meta": {"document_id": ..., "title": ..., "url": ...}}

- `--tokens` adds `tokens` ({"text", "start", "end", "id", "ws"}) and each span's
  `token_start` / `token_end` (inclusive, Prodigy's convention).  Words are runs
  of letters/digits, every other non-space character is a token of its own, and
  the text is also cut at every span's edges, so every span covers whole tokens.
- Prodigy's NER interfaces cannot show overlapping spans, so a document whose
  spans overlap is written as one task per *layer* (spans that do not overlap
  each other; `meta.layer` 0, 1, ...), and one line on stderr says how many.
- `answer` is "accept": what is stored was accepted by whoever made it.
- Offsets are code points unless `--offsets utf16|bytes`; orphaned spans are left out.

`eventdesk import FILE --format prodigy` reads tasks back (store/ingest/annotated.py).
"""

from __future__ import annotations

import json
import re
from typing import IO

import sqlite_utils

from store.formats import Exporter, register
from store.formats.doccano import META_FIELDS, documents, positioned_spans
from store.formats.evidence import Texts
from store.formats.offsets import OffsetConverter
from store.formats.progress import tracked

_TOKEN = re.compile(r"\w+|[^\w\s]")


def layers(spans: list[dict]) -> list[list[dict]]:
    """Spans (in text order) into the fewest layers, greedily, none overlapping within a layer."""
    out: list[list[dict]] = []
    for span in spans:
        for layer in out:
            if layer[-1]["span"]["end"] <= span["span"]["start"]:
                layer.append(span)
                break
        else:
            out.append([span])
    return out or [[]]


def tokenize(text: str, cuts: set[int]) -> list[tuple[int, int]]:
    """(start, end) code-point offsets of the tokens, also cut at every offset in `cuts`."""
    tokens = []
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        inner = sorted(c for c in cuts if start < c < end)
        for cut in inner + [end]:
            tokens.append((start, cut))
            start = cut
    return tokens


def tasks_for(db: sqlite_utils.Database, texts: Texts, doc: dict, *, tokens: bool,
              lost: list | None = None) -> list[dict]:
    """The document's tasks: one, or one per layer when its spans overlap."""
    text = texts.text(doc["id"])
    spans = positioned_spans(db, texts, doc["id"], lost)
    meta = {"document_id": doc["id"]}
    meta.update({name: doc[name] for name in META_FIELDS if doc[name] is not None})
    token_list: list[tuple[int, int]] = []
    unit = OffsetConverter(text, texts.unit) if tokens and texts.unit != "codepoints" else None
    written_tokens = None
    if tokens:
        cuts = {s["span"][k] for s in spans for k in ("start", "end")}
        token_list = tokenize(text, cuts)
        written_tokens = []
        for i, (start, end) in enumerate(token_list):
            written_tokens.append({
                "text": text[start:end],
                "start": unit.convert(start) if unit else start,
                "end": unit.convert(end) if unit else end,
                "id": i, "ws": end < len(text) and text[end].isspace()})
    grouped = layers(spans)
    out = []
    for number, layer in enumerate(grouped):
        task_spans = []
        for s in layer:
            item = {"start": s["start"], "end": s["end"], "label": s["label"]}
            if tokens:
                inside = [i for i, (a, b) in enumerate(token_list)
                          if a >= s["span"]["start"] and b <= s["span"]["end"]]
                if inside:
                    item["token_start"], item["token_end"] = inside[0], inside[-1]
            task_spans.append(item)
        task = {"text": text, "spans": task_spans}
        if written_tokens is not None:
            task["tokens"] = written_tokens
        task["answer"] = "accept"
        task["meta"] = dict(meta, layer=number) if len(grouped) > 1 else dict(meta)
        out.append(task)
    return out


def write(db: sqlite_utils.Database, out: IO[str], offsets: str = "codepoints", warn=None,
          tokens: bool = False) -> None:
    texts = Texts(db, offsets)
    lost: list[str] = []
    layered = extra = 0
    docs = documents(db)
    for doc in tracked(docs, len(docs), "prodigy"):
        tasks = tasks_for(db, texts, doc, tokens=tokens, lost=lost)
        if len(tasks) > 1:
            layered, extra = layered + 1, extra + len(tasks) - 1
        for task in tasks:
            out.write(json.dumps(task, ensure_ascii=False))
            out.write("\n")
    if warn and layered:
        warn(f"{layered} documents have overlapping spans, which Prodigy's NER views cannot show: "
             f"written as one task per layer (meta.layer), {extra} tasks more than documents")
    if lost and warn:
        warn(f"{len(lost)} orphaned spans left out (no position)")


register(Exporter("prodigy", "Prodigy tasks (text, spans, answer, meta; --tokens adds tokens)",
                  "stream", write, options=("offsets", "warn", "tokens")))
