"""`eventdesk users`: list accounts and roles; `users grant|revoke LOGIN ROLE` (admins only)."""

from __future__ import annotations

from store.cli.terminal_safe import safe_line
from store.records import people


def register(subparsers) -> None:
    p = subparsers.add_parser("users", help="list accounts and roles; grant or revoke roles (admins)")
    p.set_defaults(func=run_list)
    sub = p.add_subparsers(dest="users_command", metavar="ACTION")
    for name, doc in (("grant", "give LOGIN the role ROLE (creates the account if needed)"),
                      ("revoke", "take ROLE from LOGIN: editor -> annotator, admin -> editor")):
        q = sub.add_parser(name, help=doc)
        q.add_argument("login", metavar="LOGIN")
        q.add_argument("role", metavar="ROLE", choices=people.ROLE_ORDER)
        q.set_defaults(func=run_change, change=name)


def run_list(args, ctx) -> int:
    db = ctx.open()
    users = people.list_users(db)
    width = max(len(u["login"]) for u in users)
    for u in users:
        print(f"{safe_line(u['login']):<{width}}  {u['role']:<9}  since {u['created_at'][:10]}",
              file=ctx.out)
    return 0


def run_change(args, ctx) -> int:
    db = ctx.open()
    change = people.grant if args.change == "grant" else people.revoke
    after = change(db, ctx.login, args.login, args.role)
    print(f"{safe_line(args.login)} is now {after['role']}", file=ctx.out)
    return 0
