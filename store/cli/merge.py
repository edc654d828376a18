"""`eventdesk merge OTHER.db`, `conflicts list|resolve`, `bundle export|import`."""

from __future__ import annotations

from pathlib import Path

from store.annotate.gateway import Session
from store.cli.terminal_safe import safe_line
from store.merge import bundle, conflicts
from store.merge.run import merge_path


def register(subparsers) -> None:
    p = subparsers.add_parser("merge", help="bring another coder's database in (editors)")
    p.add_argument("other", metavar="OTHER.db")
    p.set_defaults(func=run_merge)

    p = subparsers.add_parser("conflicts", help="records a merge found changed on both sides")
    p.set_defaults(func=run_list, all=False)
    sub = p.add_subparsers(dest="conflicts_command", metavar="ACTION")
    q = sub.add_parser("list", help="open conflicts (--all: resolved ones too)")
    q.add_argument("--all", action="store_true")
    q.set_defaults(func=run_list)
    q = sub.add_parser("resolve", help="keep this database's value or the other side's (editors)")
    q.add_argument("id", metavar="ID")
    q.add_argument("--keep", choices=("local", "other"), required=True)
    q.set_defaults(func=run_resolve)

    p = subparsers.add_parser("bundle", help="a file of this database's work to merge elsewhere")
    sub = p.add_subparsers(dest="bundle_command", metavar="ACTION", required=True)
    q = sub.add_parser("export", help="write a bundle: the records, and the history since HEAD")
    q.add_argument("file", metavar="FILE")
    q.add_argument("--since", metavar="HEAD",
                   help="a history head the receiver has (`history head of origin …` in its "
                        "verify): only entries after it are sent")
    q.add_argument("--replace", action="store_true", help="replace FILE if it exists")
    q.set_defaults(func=run_bundle_export)
    q = sub.add_parser("import", help="merge a bundle (the same as eventdesk merge)")
    q.add_argument("file", metavar="FILE")
    q.set_defaults(func=run_merge_bundle)


def run_merge(args, ctx) -> int:
    db = ctx.open()
    summary = merge_path(db, ctx.db_path, Path(args.other), ctx.login)
    for line in summary.lines():
        print(safe_line(line), file=ctx.out)
    return 0


def run_merge_bundle(args, ctx) -> int:
    args.other = args.file
    return run_merge(args, ctx)


def run_list(args, ctx) -> int:
    db = ctx.open_read()
    if not db["merge_conflicts"].exists():
        print("no conflicts", file=ctx.out)
        return 0
    found = conflicts.list_conflicts(db, all_of_them=args.all)
    if not found:
        print("no open conflicts" if not args.all else "no conflicts", file=ctx.out)
    for c in found:
        state = "open" if c["status"] == "open" else f"resolved: {c['kept']} kept by {c['resolved_by']}"
        print(safe_line(f"{c['id'][:8]}  {c['entity']} {c['entity_id'][:8]}  {c['kind']}  "
                        f"(from {c['origin'][:12]}, {c['found_at'][:10]})  {state}"), file=ctx.out)
        for name, ours, theirs in conflicts.differences(c):
            print(safe_line(f"    {name}: here {ours!r}, there {theirs!r}"), file=ctx.out)
    return 0


def run_resolve(args, ctx) -> int:
    db = ctx.open()
    applied = Session(db, ctx.login).apply(conflicts.ResolveConflict(args.id, args.keep))
    c = applied.result
    print(safe_line(f"resolved {c['id'][:8]} ({c['entity']} {c['entity_id'][:8]}): "
                    f"{args.keep} kept"), file=ctx.out)
    return 0


def run_bundle_export(args, ctx) -> int:
    db = ctx.open_read()
    target = Path(args.file)
    written = bundle.export_bundle(db, ctx.db_path, target, since=args.since, replace=args.replace)
    print(safe_line(f"bundle {target}: {written['entries']} history entries"
                    f"{' since ' + args.since[:16] + '…' if args.since else ''}, "
                    f"{written['documents']} documents; import it with eventdesk bundle import"),
          file=ctx.out)
    return 0
