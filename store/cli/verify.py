"""`eventdesk verify`: every invariant, each violation on its own line; exit 1 if any."""

from __future__ import annotations

from store.cli.terminal_safe import safe_line
from store.records.history import local_head
from store.verify.checks import verify
from store.verify.origins import origin_heads


def register(subparsers) -> None:
    p = subparsers.add_parser("verify", help="check every invariant (spans, hashes, keys, history)")
    p.add_argument("--head", metavar="HASH",
                   help="a history head recorded elsewhere (from `history head: #N HASH`): "
                   "fail unless the chain still contains it")
    p.set_defaults(func=run)


def head_problem(db, recorded: str) -> str | None:
    """Why the recorded head is not in this chain (rewritten or cut back), or None.

    The chain may have grown since it was recorded: the head must be one of its entries,
    and the chain check then vouches for everything up to it."""
    digest = recorded.strip().split()[-1].lower() if recorded.strip() else ""
    if not digest or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        return f"--head {recorded!r} is not a SHA-256 hash (64 hex digits)"
    if db.execute("SELECT 1 FROM history WHERE hash = ?", [digest]).fetchone() is None:
        return (f"history: the recorded head {digest[:16]}… is not in the chain "
                "(the history was rewritten or cut back since it was recorded)")
    return None


def run(args, ctx) -> int:
    db = ctx.open_read()
    report = verify(db)
    if args.head is not None:
        problem = head_problem(db, args.head)
        if problem:
            report.violations.append(problem)
    if report.ok:
        print(report.summary(), file=ctx.out)
        # Worth writing down elsewhere: a chain rebuilt wholesale (every hash
        # recomputed) passes every check but cannot reproduce this head.
        for origin, seq, digest in origin_heads(db):
            print(safe_line(f"history head of origin {origin}: #{seq} {digest}"), file=ctx.out)
        head = local_head(db)
        if head:
            print(f"history head: #{head[0]} {head[1]}", file=ctx.out)
        return 0
    for violation in report.violations:
        print(safe_line(str(violation)), file=ctx.out)
    ctx.out.flush()  # piped (`verify 2>&1 | tee`), the count still comes after the lines
    print(f"{len(report.violations)} violation(s) found", file=ctx.err)
    return 1
