"""`eventdesk verify`: every invariant, each violation on its own line; exit 1 if any."""

from __future__ import annotations

from store.cli.terminal_safe import safe_line
from store.verify.checks import verify


def register(subparsers) -> None:
    p = subparsers.add_parser("verify", help="check every invariant (spans, hashes, keys, history)")
    p.set_defaults(func=run)


def run(args, ctx) -> int:
    db = ctx.open_read()
    report = verify(db)
    if report.ok:
        print(report.summary(), file=ctx.out)
        # Worth writing down elsewhere: a chain rebuilt wholesale (every hash
        # recomputed) passes every check but cannot reproduce this head.
        head = db.execute("SELECT seq, hash FROM history ORDER BY seq DESC LIMIT 1").fetchone()
        if head:
            print(f"history head: #{head[0]} {head[1]}", file=ctx.out)
        return 0
    for violation in report.violations:
        print(safe_line(str(violation)), file=ctx.out)
    ctx.out.flush()  # piped (`verify 2>&1 | tee`), the count still comes after the lines
    print(f"{len(report.violations)} violation(s) found", file=ctx.err)
    return 1
