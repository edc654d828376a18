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
    q = sub.add_parser("link", help="print a one-time sign-in URL for LOGIN (eventdesk serve; admins)")
    q.add_argument("login", metavar="LOGIN")
    q.add_argument("--base", metavar="URL", default="http://127.0.0.1:8000",
                   help="the address people reach the server at (default http://127.0.0.1:8000)")
    q.set_defaults(func=run_link)
    q = sub.add_parser("accept-as", help="honour --as LOGIN (SSH forced commands, eventdesk serve): "
                       "on or off; the file's owner, as an admin")
    q.add_argument("state", choices=("on", "off"))
    q.set_defaults(func=run_accept_as)


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


def run_link(args, ctx) -> int:
    from store.records import signin

    db = ctx.open()
    token, expires = signin.issue_link(db, ctx.login, args.login)
    print(f"{args.base.rstrip('/')}/signin?token={token}", file=ctx.out)
    print(f"one sign-in for {safe_line(args.login)}, until {expires[:19]} UTC", file=ctx.err)
    return 0


def run_accept_as(args, ctx) -> int:
    from store.records import signin

    db = ctx.open()
    signin.set_accept_as(db, ctx.login, ctx.db_path, args.state == "on")
    print(f"--as is now {args.state} for {safe_line(str(ctx.db_path))}", file=ctx.out)
    return 0
