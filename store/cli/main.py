"""The `eventdesk` command: headless subcommands, and the workstation when given none.

Each group of subcommands lives in its own module under `store/commands/` and
adds itself to the parser with `register(subparsers)`; the function it sets as
`func` takes `(args, ctx)` and returns the exit status.  The Textual app is
imported only when the bare command opens it, so headless commands start fast
and `store/` never imports `textual`.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import sqlite_utils

from store.cli.terminal_safe import safe_line
from store.db.connection import open_db, open_db_readonly, resolve_db_path
from store.db.sharing import explain_access_error
from store.errors import StoreError
from store.records import people

#: Modules under store/cli/, each with register(subparsers), and the commands each adds
#: (tests/store/cli/test_lazy_commands.py checks the names against what they register).
COMMANDS = {
    "store.cli.imports": ("import",),
    "store.cli.documents": ("document",),
    "store.cli.search": ("search",),
    "store.cli.export": ("export",),
    "store.cli.verify": ("verify",),
    "store.cli.orphans": ("orphans",),
    "store.cli.event": ("event",),
    "store.cli.review": ("review",),
    "store.cli.users": ("users",),
    "store.cli.agreement": ("agreement",),
    "store.cli.incidents": ("incidents",),
    "store.cli.serve": ("serve",),
    "store.cli.backup": ("backup",),
    "store.cli.merge": ("merge", "conflicts", "bundle"),
    "store.cli.datasette": ("datasette-metadata",),
    "store.cli.suggest": ("suggest",),
    "store.cli.ground": ("ground", "places"),
}
COMMAND_MODULES = tuple(COMMANDS)
#: The options before the command that take a value (`--db PATH`, `--as LOGIN`).
_VALUE_OPTIONS = ("--db", "--as")


@dataclass
class Context:
    """What every subcommand needs: where the database is, who is working, where to write."""

    db_path: Path
    login: str
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    #: The screen the workstation opens on ("review" for `eventdesk review`), None for the library.
    start_screen: str | None = None

    def open(self) -> sqlite_utils.Database:
        """For commands that write: a first-time account is recorded here, at its first write."""
        db = open_db(self.db_path)
        people.ensure_user(db, self.login)
        return db

    def open_read(self) -> sqlite_utils.Database:
        """For commands that only read: read-only, so nothing (not even a user row) is written."""
        return open_db_readonly(self.db_path)

    def error(self, message: str) -> None:
        """One line on stderr, never a traceback."""
        print(f"eventdesk: {safe_line(message)}", file=self.err)


def open_workstation(ctx: Context) -> int:
    """Run the Textual workstation (on `ctx.start_screen`, if a command set one)."""
    from tui.app import run_workstation  # lazy: headless commands never load Textual

    return run_workstation(ctx)


def resolve_as_login(ctx: Context, as_login: str) -> str:
    """`--as LOGIN`, checked (store/records/signin.py): the login to work as."""
    from store.records.signin import resolve_as

    if not ctx.db_path.exists():
        raise StoreError(f"--as needs an existing database; there is none at {ctx.db_path}")
    db = open_db(ctx.db_path)
    try:
        return resolve_as(db, ctx.db_path, as_login)
    finally:
        db.close()


class SafeArgumentParser(argparse.ArgumentParser):
    """argparse, with its messages made terminal-safe: "unrecognized arguments" echoes
    what was typed, and that may carry ESC or OSC 52 sequences."""

    def error(self, message: str):  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {safe_line(message)}\n")

    def _print_message(self, message: str, file=None) -> None:
        if message:
            lines = message.splitlines(keepends=True)
            message = "".join(safe_line(line.rstrip("\n")) + ("\n" if line.endswith("\n") else "")
                              for line in lines)
        super()._print_message(message, file)


def command_module(argv: list[str]) -> str | None:
    """The module of the command `argv` names, or None (no command, `-h`, a name unknown):
    only that module is imported, so `eventdesk search` does not load every command's
    code (1-3 s on a shared machine, measured with `python -X importtime`)."""
    i = 0
    while i < len(argv):
        word = argv[i]
        if word in _VALUE_OPTIONS:
            i += 2
            continue
        if word.startswith("-"):
            if not any(word.startswith(option + "=") for option in _VALUE_OPTIONS):
                return None  # -h, or an option argparse will explain: the whole parser
            i += 1
            continue
        return next((module for module, names in COMMANDS.items() if word in names), None)
    return None


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser; with `argv`, holding only the command it names when it names one."""
    parser = SafeArgumentParser(
        prog="eventdesk",
        description="Turn news articles into evidence-backed event records. "
        "With no command, opens the workstation.",
    )
    parser.add_argument("--db", metavar="PATH",
                        help="database file (default: $EVENTDESK_DB, else ./eventdesk.db)")
    parser.add_argument("--as", dest="as_login", metavar="LOGIN",
                        help="work as LOGIN (SSH forced commands, eventdesk serve); honoured only "
                        "for the database file's owner, with `users accept-as on`")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    only = command_module(argv) if argv is not None else None
    for name in (only,) if only else COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def _never_fail_on_encoding() -> None:
    """Under a non-UTF-8 locale, print what cannot be encoded as escapes instead of failing."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def main(argv: list[str] | None = None, *, login: str | None = None,
         out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the command line; `login`, `out` and `err` are for tests to inject."""
    if out is None and err is None:
        _never_fail_on_encoding()
    parser = build_parser(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(argv)
    try:
        login = login or people.os_login()
    except StoreError as exc:
        print(f"eventdesk: {safe_line(str(exc))}", file=err or sys.stderr)
        return 1
    ctx = Context(
        db_path=resolve_db_path(args.db),
        login=login,
        out=out or sys.stdout,
        err=err or sys.stderr,
    )
    try:
        if getattr(args, "as_login", None):
            ctx.login = resolve_as_login(ctx, args.as_login)
        if args.command is None:
            return open_workstation(ctx)
        code = args.func(args, ctx)
        ctx.out.flush()  # a reader gone away shows here, not at interpreter exit
        return code
    except BrokenPipeError:
        return _reader_gone()
    except StoreError as exc:
        ctx.error(str(exc))
        return 1
    except sqlite3.DatabaseError as exc:
        ctx.error(explain_access_error(ctx.db_path, exc)
                  or f"database error: {exc} ({ctx.db_path})")
        return 1
    except OSError as exc:
        where = f": {exc.filename}" if exc.filename else ""
        ctx.error(f"{exc.strerror or exc}{where}")
        return 1
    except KeyboardInterrupt:
        ctx.error("interrupted")
        return 130


def _reader_gone() -> int:
    """`eventdesk verify | head -1`: the reader left; that is not an error.

    stdout is pointed at /dev/null so the interpreter's last flush does not fail again.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
