"""`eventdesk serve`: the workstation in a browser, for people who signed in (tui/serve/)."""

from __future__ import annotations

from store.errors import StoreError


def register(subparsers) -> None:
    p = subparsers.add_parser("serve", help="serve the workstation to browsers (sign-in required)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--public-url", metavar="URL",
                   help="the address browsers use, e.g. https://desk.example.org behind a TLS proxy "
                   "(websockets from any other origin are refused)")
    p.add_argument("--trust-header", metavar="NAME",
                   help="take the login from this header (e.g. Remote-User), only from --proxy")
    p.add_argument("--proxy", action="append", metavar="ADDR",
                   help="the proxy's address for --trust-header (default 127.0.0.1 and ::1)")
    p.set_defaults(func=run)


def run(args, ctx) -> int:
    from store.records.signin import get_setting

    if not ctx.db_path.exists():
        raise StoreError(f"no database at {ctx.db_path}; create it first (eventdesk --db PATH users)")
    db = ctx.open()
    try:
        if get_setting(db, "accept_as") != "on":
            raise StoreError("serve runs each person's app with --as LOGIN; switch it on first "
                             "(as the database's owner: eventdesk users accept-as on)")
    finally:
        db.close()
    from tui.serve.server import EventDeskServer  # lazy: store/ never imports textual

    server = EventDeskServer(ctx.db_path, host=args.host, port=args.port,
                             public_url=args.public_url, trust_header=args.trust_header,
                             proxies=tuple(args.proxy or ("127.0.0.1", "::1")))
    server.serve()
    return 0
