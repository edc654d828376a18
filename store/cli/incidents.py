"""`eventdesk incidents`: candidate pairs, links between events, an incident's reconciled fields.

    incidents suggest [--json] [--events] [--likely]   candidate pairs of documents (or events)
    incidents link A B                                 A, B: event ids, or documents with one event
    incidents unlink EVENT
    incidents not-same A B                             never propose this pair again
    incidents pick INCIDENT FIELD VALUE                an editor's value (best fatalities ...)
    incidents show [INCIDENT]                          one incident, or the list
    incidents review INCIDENT submit|approve|reject|return|reopen [--reason R]

Every change goes through the gateway (`Session.apply`), as in the workstation.
"""

from __future__ import annotations

import json

from store.annotate.gateway import Session
from store.annotate.incident_actions import (
    LinkEvents,
    NotTheSame,
    PickIncidentValue,
    ReviewIncident,
    UnlinkEvents,
)
from store.cli.terminal_safe import safe_line
from store.incidents import from_db
from store.incidents.store import incident_view
from store.records import incidents as records


def register(subparsers) -> None:
    p = subparsers.add_parser("incidents", help="reports of one incident: candidates, links, reconciled fields")
    sub = p.add_subparsers(dest="incidents_command", metavar="SUBCOMMAND", required=True)
    s = sub.add_parser("suggest", help="candidate pairs of documents (or --events) that may be one incident")
    s.add_argument("--json", action="store_true", help="one JSON object a line: a, b, score, likely, why")
    s.add_argument("--events", action="store_true", help="pairs of coded events instead of documents")
    s.add_argument("--likely", action="store_true", help="only the pairs the screen calls likely")
    s.set_defaults(func=run_suggest)
    link = sub.add_parser("link", help="put two events in one incident")
    link.add_argument("a")
    link.add_argument("b")
    link.set_defaults(func=run_link)
    unlink = sub.add_parser("unlink", help="take an event out of its incident")
    unlink.add_argument("event")
    unlink.set_defaults(func=run_unlink)
    ns = sub.add_parser("not-same", help="two reports are not of one incident: never propose them again")
    ns.add_argument("a")
    ns.add_argument("b")
    ns.set_defaults(func=run_not_same)
    pk = sub.add_parser("pick", help="an editor's value for an incident field ('' clears it)")
    pk.add_argument("incident")
    pk.add_argument("field", choices=records.PICKABLE)
    pk.add_argument("value")
    pk.set_defaults(func=run_pick)
    show = sub.add_parser("show", help="an incident's sources and reconciled fields, or every incident")
    show.add_argument("incident", nargs="?")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=run_show)
    rv = sub.add_parser("review", help="submit, approve, reject, return or reopen an incident")
    rv.add_argument("incident")
    rv.add_argument("decision", choices=("submit", "approve", "reject", "return", "reopen"))
    rv.add_argument("--reason")
    rv.set_defaults(func=run_review)


def run_suggest(args, ctx) -> int:
    db = ctx.open_read()  # a read: not even a user row is written
    lost: list[str] = []
    for c in from_db.suggest(db, events=args.events, likely_only=args.likely, lost=lost):
        if args.json:
            print(json.dumps(c.as_json(), ensure_ascii=True), file=ctx.out)
        else:
            mark = "likely " if c.likely else "       "
            print(f"{mark}{c.score:.3f}  {c.a}  {c.b}  {safe_line(c.why)}", file=ctx.out)
    if lost:  # on stderr: stdout stays one JSON object a line
        what = ("event" if args.events else "article") + ("s have" if len(lost) > 1 else " has")
        shown = ", ".join(lost[:5]) + (", …" if len(lost) > 5 else "")
        print(f"{len(lost)} {what} no date and no place: compared with nothing; link by hand"
              f" ({shown})", file=ctx.err)
    return 0


def _key(db, value: str) -> str:
    """A document or event id from a prefix of either (for not-same)."""
    for table in ("events", "documents"):
        try:
            return records._resolve(db, table, value, table[:-1])
        except Exception:
            continue
    raise records.StoreError(f"no event or document with id {value}")


def run_link(args, ctx) -> int:
    db = ctx.open()
    a, b = records.resolve_event(db, args.a), records.resolve_event(db, args.b)
    of = records.incident_of(db, a) or records.incident_of(db, b)
    done = Session(db, ctx.login).apply(LinkEvents(a, b, incident_id=of)).result
    incident = done["incident"]
    if not done["added"]:
        print(f"already linked: incident {incident['id']}", file=ctx.out)
    else:
        verb = "new incident" if done["created"] else "added to incident"
        print(f"{verb} {incident['id']}: {', '.join(done['added'])}", file=ctx.out)
    return 0


def run_unlink(args, ctx) -> int:
    db = ctx.open()
    event = records.resolve_event(db, args.event)
    incident = Session(db, ctx.login).apply(UnlinkEvents((event,))).result["incident"]
    left = len(records.member_ids(db, incident["id"]))
    print(f"unlinked {event} from incident {incident['id']} ({left} events left)", file=ctx.out)
    return 0


def run_not_same(args, ctx) -> int:
    db = ctx.open()
    a, b = _key(db, args.a), _key(db, args.b)
    Session(db, ctx.login).apply(NotTheSame(a, b))
    print(f"not the same: {a} and {b} will not be proposed again", file=ctx.out)
    return 0


def run_pick(args, ctx) -> int:
    db = ctx.open()
    incident_id = records.resolve_incident(db, args.incident)
    Session(db, ctx.login).apply(PickIncidentValue(incident_id, args.field, args.value))
    print(f"incident {incident_id}: {args.field} = {safe_line(args.value) or '(reconciled)'}"
          f", picked by {safe_line(ctx.login)}", file=ctx.out)
    return 0


def run_review(args, ctx) -> int:
    db = ctx.open()
    incident_id = records.resolve_incident(db, args.incident)
    incident = Session(db, ctx.login).apply(
        ReviewIncident(incident_id, args.decision, args.reason)).result["incident"]
    print(f"incident {incident_id}: {incident['status'].replace('_', ' ')}", file=ctx.out)
    return 0


def _value(v) -> str:
    return "-" if v is None or v == "" else safe_line(str(v))


def run_show(args, ctx) -> int:
    db = ctx.open_read()
    if not args.incident:
        rows = records.list_incidents(db)
        if not rows:
            print("no incidents", file=ctx.out)
        for row in rows:
            print(f"{row['id']}  {records.state(db, row)}  {len(row['members'])} events", file=ctx.out)
        return 0
    view = incident_view(db, records.resolve_incident(db, args.incident))
    if args.json:
        print(json.dumps({k: view[k] for k in ("incident", "state", "fields", "reconciled")},
                         ensure_ascii=True, default=str), file=ctx.out)
        return 0
    incident = view["incident"]
    print(f"incident {incident['id']}  {view['state']}  version {incident['version']}", file=ctx.out)
    if view["empty_note"]:
        print(view["empty_note"], file=ctx.out)
    print(f"sources ({view['reconciled']['number_of_sources']}):", file=ctx.out)
    for e in view["events"]:
        print(f"  {e['id']}  {_value(e['outlet'])}  {_value(e['published'])}  "
              f"\u201c{_value(e['title'])}\u201d", file=ctx.out)
    print("fields:", file=ctx.out)
    for name, f in view["fields"].items():
        extra = "" if f["agree"] else "  (sources differ)"
        if "suggested" in f and f["suggested"] is not None:
            extra += f"  suggested {f['suggested']}"
        print(f"  {name:16} {_value(f['value'])}  [{safe_line(f['source'])}]{extra}", file=ctx.out)
    for line in view["reconciled"]["conflicts"]:
        print(f"conflict: {safe_line(line)}", file=ctx.out)
    return 0
