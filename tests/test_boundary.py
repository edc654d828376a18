"""store/ is the headless core: it must never import textual."""

import ast
import subprocess
import sys
from pathlib import Path

STORE = Path(__file__).resolve().parent.parent / "store"


def test_no_store_module_imports_textual_in_its_source():
    offenders = []
    for path in STORE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n == "textual" or n.startswith("textual.") or n == "tui" or n.startswith("tui.")
                   for n in names):
                offenders.append(f"{path.relative_to(STORE.parent)}:{node.lineno}")
    # The one allowed exception is the lazy import that opens the workstation.
    assert offenders == ["store/cli/main.py:" + str(_lazy_tui_import_line())]


def _lazy_tui_import_line() -> int:
    for number, line in enumerate((STORE / "cli" / "main.py").read_text().splitlines(), start=1):
        if "from tui.app import" in line:
            return number
    raise AssertionError("store/cli.py no longer opens the workstation")


def test_importing_every_store_module_and_running_a_command_loads_no_textual(tmp_path):
    code = (
        "import pkgutil, importlib, sys, store\n"
        "for m in pkgutil.walk_packages(store.__path__, 'store.'):\n"
        "    importlib.import_module(m.name)\n"
        "from store.cli.main import build_parser\n"
        "build_parser()\n"
        "bad = sorted(n for n in sys.modules if n == 'textual' or n.startswith('textual.'))\n"
        "print('LOADED', bad)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=STORE.parent)
    assert result.returncode == 0, result.stderr
    assert "LOADED []" in result.stdout
