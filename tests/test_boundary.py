"""The layout's rules: store/ is headless (never imports textual), no import circles, nothing upward."""

import ast
import subprocess
import sys

from tests.support.imports import cycles, import_graph
from tests.support.paths import STORE


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
    # The allowed exceptions are the lazy imports inside the two commands that run
    # Textual: the workstation (main.py) and the browser server (serve.py).
    assert sorted(offenders) == [
        "store/cli/main.py:" + str(_lazy_tui_import_line("main.py", "from tui.app import")),
        "store/cli/serve.py:" + str(_lazy_tui_import_line("serve.py", "from tui.serve.server import")),
    ]


def _lazy_tui_import_line(module: str, statement: str) -> int:
    for number, line in enumerate((STORE / "cli" / module).read_text().splitlines(), start=1):
        if statement in line:
            return number
    raise AssertionError(f"store/cli/{module} no longer has `{statement}`")


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


# --- the layout's rules: no circles, nothing upward -------------------------------------


def test_no_import_circles_in_store_or_tui():
    assert cycles(import_graph()) == []


def test_tui_never_imports_the_command_line_layer():
    offenders = [f"{m} imports {d}" for m, deps in import_graph().items() if m.startswith("tui")
                 for d in deps if d == "store.cli" or d.startswith("store.cli.")]
    assert offenders == []


def test_only_the_command_line_layer_imports_it():
    offenders = [f"{m} imports {d}" for m, deps in import_graph().items()
                 if m.startswith("store.") and not m.startswith("store.cli")
                 for d in deps if d.startswith("store.cli")]
    assert offenders == []


def test_the_pure_text_models_do_not_import_textual():
    for path in (STORE.parent / "tui" / "document").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "import textual" not in source and "from textual" not in source, path


def test_store_keeps_few_modules_at_its_top_and_none_over_600_lines():
    top = [p.name for p in STORE.glob("*.py") if p.name != "__init__.py"]
    assert len(top) <= 10, top
    long = [f"{p.relative_to(STORE.parent)}: {n}" for root in ("store", "tui")
            for p in (STORE.parent / root).rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600]
    assert long == []
