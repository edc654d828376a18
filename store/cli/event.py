"""`eventdesk event show|submit|approve|reject|return|reopen ID`: one event from the command line.

The same store functions the workstation calls, so the same role, status,
version and four-eyes checks apply; a refusal is one line on stderr and exit 1.
An ID may be shortened to any unique prefix (at least 4 characters).
"""

from __future__ import annotations

from store.annotate import actions
from store.annotate.gateway import Session
from store.cli.terminal_safe import safe_line
from store.records import claims, documents, events, history, ids, spans
from store.review import queue


def register(subparsers) -> None:
    p = subparsers.add_parser("event", help="show an event or move it through review")
    sub = p.add_subparsers(dest="event_command", metavar="ACTION", required=True)

    q = sub.add_parser("show", help="fields, evidence with offsets, claims, reviews and history")
    q.add_argument("id", metavar="ID")
    q.set_defaults(func=run_show)

    for name, doc, words in (
        ("submit", "hand the event to the editors", None),
        ("approve", "approve a submitted event (editors; not your own)", None),
        ("reject", "reject a submitted event", "--reason"),
        ("return", "send a submitted event back to its annotator", "--comment"),
        ("reopen", "make an approved or rejected event editable again", "--reason"),
    ):
        q = sub.add_parser(name, help=doc)
        q.add_argument("id", metavar="ID")
        if words:
            q.add_argument(words, dest="reason", required=True, metavar="TEXT")
        q.add_argument("--version", type=int, metavar="N",
                       help="refuse if the event is no longer at version N (someone else acted)")
        q.set_defaults(func=run_transition, transition=name)


def resolve_event_id(db, given: str) -> str:
    """The full id of the event `given` names exactly or by a unique prefix (at least 4 characters)."""
    return ids.resolve(db, "events", given)


def transition_action(db, event_id: str, transition: str, reason: str | None,
                      version: int | None) -> actions.Action:
    """The typed action for a transition named on the command line (applied by the gateway,
    like the workstation's keys)."""
    document_id = events.get_event(db, event_id)["document_id"]
    if transition == "submit":
        return actions.Submit(document_id, event_id, version)
    return actions.Review(document_id, event_id, transition, reason, version)


def run_transition(args, ctx) -> int:
    db = ctx.open()
    event_id = resolve_event_id(db, args.id)
    action = transition_action(db, event_id, args.transition, getattr(args, "reason", None),
                               args.version)
    after = Session(db, ctx.login).apply(action).result["event"]
    status = after["status"].replace("_", " ")
    print(f"event {event_id} is {status} (version {after['version']})", file=ctx.out)
    return 0


def _value(value) -> str:
    return "-" if value is None or value == "" else safe_line(str(value))


def _quoted(text) -> str:
    return "\u201c" + safe_line(text) + "\u201d"


def _changed_fields(before: dict | None, after: dict | None) -> list[str]:
    if not before or not after:
        return []
    skip = {"version", "updated_by", "updated_at"}
    return [k for k in after if k not in skip and before.get(k) != after.get(k)]


def show_lines(db, event_id: str) -> list[str]:
    """The whole event as printable lines (every value made terminal-safe)."""
    event = events.get_event(db, event_id)
    doc = documents.get_document(db, event["document_id"])
    lines = [
        f"event {event['id']}",
        f"  status    {event['status'].replace('_', ' ')} (version {event['version']})",
        f"  document  {doc['id']}  {_quoted(doc['title'] or '')}",
        f"  created   {safe_line(event['created_by'])} {event['created_at']}",
        f"  updated   {safe_line(event['updated_by'])} {event['updated_at']}",
    ]
    if event["approved_hash"]:
        lines.append(f"  approved hash {event['approved_hash']}")
    comment = queue.review_comment(db, event_id)
    if comment:
        lines.append(f"  {comment['action']} by {safe_line(comment['actor'])}: "
                     f"{_quoted(comment['reason'] or '')}")
    missing = events.missing_for_submission(event)
    if missing and event["status"] in ("draft", "needs_revision"):
        lines.append(f"  cannot submit yet: {', '.join(missing)}")
    lines.append("fields")
    width = max(len(f) for f in events.EVENT_FIELDS)
    for field in events.EVENT_FIELDS:
        if event[field] not in (None, ""):
            lines.append(f"  {field:<{width}}  {_value(event[field])}")
    lines.append("evidence")
    evidence = events.evidence_for(db, event_id)
    if not evidence:
        lines.append("  (none)")
    for field, span_ids in evidence.items():
        for span_id in span_ids:
            span = spans.get_span(db, span_id)
            where = (f"{span['start']}..{span['end']}" if span["start"] is not None
                     else "orphaned")
            lines.append(f"  {field:<{width}}  {where}  {_quoted(span['quote'])}  "
                         f"[{safe_line(span['label'])}, span {span_id}]")
    lines.append("claims")
    event_claims = claims.list_claims(db, event_id=event_id)
    if not event_claims:
        lines.append("  (none)")
    for claim in event_claims:
        parts = []
        for role in ("speaker", "cue", "content"):
            span_id = claim[f"{role}_span_id"]
            if span_id:
                span = spans.get_span(db, span_id)
                parts.append(f"{role} {_quoted(span['quote'])} @{span['start']}..{span['end']}")
        lines.append(f"  {claim['polarity']} / {claim['certainty']} / {_value(claim['topic'])}: "
                     + ("; ".join(parts) or "(no spans)"))
    lines.append("reviews")
    reviews = queue.reviews_for(db, event_id)
    if not reviews:
        lines.append("  (none)")
    for r in reviews:
        why = f"  {_quoted(r['reason'])}" if r["reason"] else ""
        lines.append(f"  {r['at']}  {safe_line(r['actor'])}  {r['action']}: "
                     f"{r['from_status']} -> {r['to_status']}{why}")
    lines.append("history")
    for entry in history.entries_for(db, "event", event_id):
        detail = ""
        if entry["action"] in ("link", "unlink"):
            link = entry["after"] or entry["before"] or {}
            detail = f" {link.get('field')} <- span {link.get('span_id')}"
        else:
            changed = _changed_fields(entry["before"], entry["after"])
            if changed and entry["action"] == "update":
                detail = " " + ", ".join(changed)
        lines.append(f"  #{entry['seq']} {entry['at']}  {safe_line(entry['actor'])}  "
                     f"{entry['action']}{detail}")
    return lines


def run_show(args, ctx) -> int:
    db = ctx.open_read()
    for line in show_lines(db, resolve_event_id(db, args.id)):
        print(line, file=ctx.out)
    return 0
