"""`eventdesk review`: the review queue.

With `--list` (or any filter) it prints the queue headless, oldest submission
first; without, it opens the workstation on its review screen (the same screen
as `R` in the app).
"""

from __future__ import annotations

from store.cli.terminal_safe import safe_line
from store.incidents import store as incident_store
from store.review import queue
from store.review import workflow as review


def register(subparsers) -> None:
    p = subparsers.add_parser("review", help="the review queue: open it in the app, or --list it")
    p.add_argument("--list", action="store_true", help="print the queue instead of opening the app")
    p.add_argument("--document", metavar="ID", help="only events of this document")
    p.add_argument("--annotator", metavar="LOGIN", help="only events this account created")
    p.add_argument("--older-than", metavar="AGE", help="only events waiting at least AGE (90m, 36h, 2d)")
    p.set_defaults(func=run)


TITLE_CHARS = 50


def _short(title: str) -> str:
    return title if len(title) <= TITLE_CHARS else title[:TITLE_CHARS - 1] + "\u2026"


def run(args, ctx) -> int:
    older = queue.parse_age(args.older_than) if args.older_than else None
    if not (args.list or args.document or args.annotator or older):
        from store.cli.main import open_workstation

        ctx.start_screen = "review"
        return open_workstation(ctx)
    db = ctx.open_read()
    waiting = queue.review_queue(db, document_id=args.document, annotator=args.annotator,
                                older_than=older)
    # Submitted incidents wait in the same queue (none of them is one document's).
    spec = " ".join(w for w in (args.annotator and f"annotator:{args.annotator}",
                                args.older_than and f"older:{args.older_than}") if w)
    linked = [] if args.document else queue.filter_queue(incident_store.review_rows(db), spec)
    if not waiting and not linked:
        print("no events waiting for review", file=ctx.out)
        return 0
    for r in linked:
        problem = incident_store.approval_problem(db, r["id"], ctx.login)
        mark = "  (you cannot approve: " + problem + ")" if problem else ""
        print(f"{r['id']}  {r['submitted_at'][:16].replace('T', ' ')}  {safe_line(r['created_by'])}  "
              f"incident: {safe_line(r['event_type'] or '-')}  {safe_line(r['date'] or '-')}  "
              f"{safe_line(r['location'] or '-')}  \u201c{safe_line(r['document_title'])}\u201d"
              f"{safe_line(mark)}", file=ctx.out)
    for e in waiting:
        problem = review.approval_problem(db, e["id"], ctx.login)
        mark = "  (you cannot approve: " + problem + ")" if problem else ""
        print(
            f"{e['id']}  {e['submitted_at'][:16].replace('T', ' ')}  "
            f"{safe_line(e['created_by'])}  {safe_line(e['event_type'] or '-')}  "
            f"{safe_line(e['date'] or '-')}  {safe_line(e['location'] or '-')}  "
            f"\u201c{safe_line(_short(e['document_title'] or ''))}\u201d{safe_line(mark)}",
            file=ctx.out,
        )
    return 0
