"""`eventdesk COMMAND` imports only that command's module; the table naming them is right."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from store.cli import main as cli

ROOT = Path(__file__).resolve().parents[3]


def _names(parser) -> set[str]:
    action = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return set(action.choices)


def test_the_table_names_what_each_module_registers():
    for module, names in cli.COMMANDS.items():
        parser = cli.build_parser([names[0]])
        assert _names(parser) == set(names), module
    assert _names(cli.build_parser()) == {n for names in cli.COMMANDS.values() for n in names}


def test_the_command_is_found_past_the_global_options():
    assert cli.command_module(["search", "x"]) == "store.cli.search"
    assert cli.command_module(["--db", "a.db", "search", "x"]) == "store.cli.search"
    assert cli.command_module(["--db=a.db", "--as", "bob", "places", "list"]) == "store.cli.ground"
    assert cli.command_module(["--db", "search", "verify"]) == "store.cli.verify"  # a file named search


def test_anything_else_gets_the_whole_parser():
    for argv in ([], ["-h"], ["--help", "search"], ["nosuch"], ["--d", "a.db", "search"]):
        assert cli.command_module(argv) is None
        assert len(_names(cli.build_parser(argv))) > 10


def test_search_imports_no_other_command(tmp_path):
    code = ("import sys\nfrom store.cli.main import main\n"
            f"main(['--db', {str(tmp_path / 'x.db')!r}, 'search', 'nothing'], login='alice')\n"
            "print('LOADED', sorted(m for m in sys.modules if m.startswith('store.cli.')))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    loaded = result.stdout.split("LOADED", 1)[1]
    assert "store.cli.search" in loaded
    assert "store.cli.imports" not in loaded and "store.cli.verify" not in loaded


def test_help_and_unknown_commands_still_list_every_command(capsys):
    try:
        cli.main(["nosuch"], login="alice")
    except SystemExit as exc:
        assert exc.code == 2
    err = capsys.readouterr().err
    assert "search" in err and "verify" in err


def test_the_store_does_not_load_numpy_yet_numpy_still_imports():
    code = ("import sys\nimport store.db.connection, sqlite_utils\n"
            "print('NUMPY', 'numpy' in sys.modules)\n"
            "import numpy\nprint('LATER', numpy.float64(1.5) + 1)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "NUMPY False" in result.stdout and "LATER 2.5" in result.stdout
