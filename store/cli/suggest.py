"""`eventdesk suggest`: stored suggestions per document as JSON lines; batch runs; pre-annotation.

    eventdesk suggest [DOCUMENT_ID...] --json     one object per document per line
    eventdesk suggest --all                       compute what is missing (a batch run)
    eventdesk suggest --accept-all KIND DOCUMENT_ID   accept every suggestion of a kind

Suggestions are computed when a document has none stored yet (or with
`--recompute`); rejected and already accepted ones are not printed. Place
suggestions need the gazetteer: when it is not built, the rest is printed and
one line on stderr says so (`--build-gazetteer` builds it first, ~20 s once).
"""

from __future__ import annotations

import json
import re
import sys

from store.annotate.gateway import Session
from store.annotate.suggestion_actions import AcceptAllOfKind
from store.cli.documents import resolve_document_id
from store.cli.terminal_safe import safe_line
from store.grounding.gazetteer import open_gazetteer
from store.records import suggestions as sugg

# C1 controls, DEL and bidi controls as \uXXXX: the same JSON value, inert on a terminal.
_TERMINAL_ACTIVE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "suggest", help="suggested spans per document (dates, places, casualties, claims, actors)",
        description="Print the stored suggestions of documents (all when no id is given), "
        "computing them where none are stored; or accept every suggestion of one kind.")
    p.add_argument("document_ids", nargs="*", metavar="DOCUMENT_ID")
    p.add_argument("--json", action="store_true", help="one JSON object per document per line")
    p.add_argument("--all", action="store_true",
                   help="compute suggestions for every document that has none (batch run)")
    p.add_argument("--recompute", action="store_true", help="compute again even when stored")
    p.add_argument("--accept-all", metavar="KIND",
                   help="accept every suggestion of KIND (a label such as Date, or a suggester)")
    p.add_argument("--no-places", action="store_true",
                   help="leave place suggestions out (fast batch; the workstation adds them on open)")
    p.add_argument("--build-gazetteer", action="store_true",
                   help="build the gazetteer first when it is missing (for place suggestions)")
    p.set_defaults(func=run)


def _gazetteer(args, ctx):
    if args.no_places:
        return None
    gazetteer = open_gazetteer(build=args.build_gazetteer)
    if not gazetteer.available:
        ctx.error(f"place suggestions off: {gazetteer.status or 'no gazetteer'}"
                  " (run with --build-gazetteer once)")
        return None
    return gazetteer


def _dumps(value) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return _TERMINAL_ACTIVE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def run(args, ctx) -> int:
    db = ctx.open()
    ids = [resolve_document_id(db, i) for i in args.document_ids]
    if args.accept_all:
        if len(ids) != 1:
            ctx.error("--accept-all takes one DOCUMENT_ID")
            return 2
        gazetteer = _gazetteer(args, ctx) if not sugg.is_computed(db, ids[0]) else None
        if not sugg.is_computed(db, ids[0]):
            sugg.compute_and_store(db, ids[0], gazetteer=gazetteer)
        applied = Session(db, ctx.login).perform(AcceptAllOfKind(ids[0], args.accept_all))
        print(f"accepted {applied.result['count']} {safe_line(args.accept_all)} suggestions"
              f" in {ids[0]}", file=ctx.out)
        return 0
    gazetteer = _gazetteer(args, ctx)
    if args.all or args.recompute:
        todo = (ids or [i for (i,) in db.execute("SELECT id FROM documents ORDER BY rowid")]
                if args.recompute else sugg.needing_suggestions(db, places=gazetteer is not None))
        if ids and not args.recompute:
            todo = [i for i in todo if i in set(ids)]
        done = sugg.compute_batch(db, todo, gazetteer=gazetteer)
        if args.all and not args.json:
            print(f"suggestions computed for {done} documents", file=ctx.out)
            return 0
    if not ids:
        ids = [i for (i,) in db.execute("SELECT id FROM documents ORDER BY rowid")]
    # Never computed, or computed without places (the fast batch) and the gazetteer is here now.
    stale = set(sugg.needing_suggestions(db, places=gazetteer is not None))
    missing = [i for i in ids if i in stale]
    if missing:
        sugg.compute_batch(db, missing, gazetteer=gazetteer)
    for document_id in ids:
        rows = sugg.pending(db, document_id)
        if args.json:
            print(_dumps({"document_id": document_id, "suggestions": [
                {k: r[k] for k in ("label", "start", "end", "quote", "value", "why")}
                | ({"parts": r["parts"]} if r["parts"] else {}) for r in rows]}), file=ctx.out)
            continue
        for r in rows:
            print(f"{document_id[:8]}  {r['start']}..{r['end']}  {safe_line(r['label'])}"
                  f"  {safe_line(repr(r['quote']))}  {safe_line(r['why'])}", file=ctx.out)
    if not args.json:
        print(f"{sum(len(sugg.pending(db, i)) for i in ids)} suggestions in {len(ids)} documents",
              file=ctx.out)
    sys.stdout.flush()
    return 0
