"""Every change a person makes reaches the database through `Session.apply`.

A static call graph over `store/` and `tui/`: a function *writes* when it inserts,
updates or deletes rows (sqlite-utils table calls, INSERT/UPDATE/DELETE SQL) or
appends history, or calls a function that does. Outside the write layer (the
records, the workflow, revisions, the gateway and its actions), nothing may call a
writing function, except the named batch paths below, each for its own reason.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

#: Modules that make up the write layer: only the gateway's actions reach into them.
WRITE_LAYER = ("store.records.", "store.review.workflow", "store.revisions.", "store.annotate.",
               "store.db.", "store.incidents.store")

#: Batch paths that are not one person's edit, and why they may write directly.
BATCH_PATHS = {
    # Importing files: thousands of documents a transaction, each with its history entry.
    ("store.ingest.", None),
    ("store.cli.imports", "store.ingest."),
    ("tui.app", "store.ingest."),
    ("tui.worker", "store.ingest."),
    # Account administration: admins' grant/revoke, and the first write recording an account.
    ("store.cli.users", "store.records.people"),
    ("store.cli.main", "store.records.people"),
    ("tui.app", "store.records.people"),
    ("tui.worker", "store.records.people"),
    ("store.api", "store.records.people"),
    ("tui.serve", "store.records.people"),
    # The gazetteer index is a file of its own outside the project database, built once.
    ("store.grounding.gazetteer", None),
    ("", "store.grounding.gazetteer"),
    ("store.cli.ground", "store.cli.ground"),
    ("store.cli.suggest", "store.cli.suggest"),
    ("tui.places", "tui.places"),
    ("tui.app", "tui.places"),
    # Machine suggestions are computed and stored in batches; a person's accept/reject
    # goes through the gateway (store.annotate.suggestion_actions).
    ("store.cli.suggest", "store.records.suggestions"),
    ("tui.places", "store.records.suggestions"),
    ("tui.screens.suggestions", "store.records.suggestions"),
    # The indexed words beside the full-text index (store.search_terms): kept up inside
    # the transaction of whatever adds or removes documents, as the FTS triggers are;
    # its scratch table is a temporary one.
    ("store.search_terms", "store.search_terms"),
    # Sign-in links and browser sessions: the server's own bookkeeping, not an edit.
    ("store.cli.users", "store.records.signin"),
    ("tui.serve", "store.records.signin"),
    # Editors' gazetteer places: their own table, history-recorded, editors only.
    ("store.cli.ground", "store.records.places"),
    # Merging another coder's database or bundle: thousands of rows and the other side's
    # history entries in one transaction, with entries for what the merge did (editors
    # only). Resolving a conflict is a person's change: ResolveConflict via Session.apply.
    ("store.merge.", None),
    ("store.cli.merge", "store.merge."),
    ("store.cli.merge", "store.cli.merge"),
}

WRITE_METHODS = {"insert", "insert_all", "upsert", "upsert_all", "delete_where"}
SQL_WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.I)


def _modules():
    for folder in ("store", "tui"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            yield name.removesuffix(".__init__"), ast.parse(path.read_text(encoding="utf-8"))


def _imports(module: str, tree: ast.Module) -> dict[str, str]:
    """local name -> the module or module.function it stands for."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                names[alias.asname or alias.name.split(".")[0]] = alias.name
    return names


def _functions(tree: ast.Module):
    # Module-level code (a table of lambdas, say) counts as one more caller.
    yield "<module>", ast.Module(body=[n for n in tree.body if not isinstance(
        n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))], type_ignores=[])
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node.name, node
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    yield f"{node.name}.{item.name}", item


def _writes_directly(fn) -> bool:
    for node in ast.walk(fn):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            attr, target = node.func.attr, node.func.value
            if attr in WRITE_METHODS | {"update", "delete"} and isinstance(target, ast.Subscript):
                return True
            if attr in ("execute", "executemany") and node.args:
                arg = node.args[0]
                text = arg.value if isinstance(arg, ast.Constant) else (
                    arg.values[0].value if isinstance(arg, ast.JoinedStr) and arg.values
                    and isinstance(arg.values[0], ast.Constant) else "")
                if isinstance(text, str) and SQL_WRITE.match(text):
                    return True
    return False


def _calls(module: str, fn, imports: dict[str, str], local: set[str]) -> set[str]:
    out = set()
    for node in ast.walk(fn):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        if isinstance(f, ast.Name):
            if f.id in local:
                out.add(f"{module}.{f.id}")
            elif f.id in imports:
                out.add(imports[f.id])
        elif isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name):
            base = imports.get(f.value.id)
            if base:
                out.add(f"{base}.{f.attr}")
    return out


def _graph():
    writers, calls = set(), {}
    for module, tree in _modules():
        imports = _imports(module, tree)
        local = {name for name, _ in _functions(tree)}
        for name, fn in _functions(tree):
            qual = f"{module}.{name}"
            calls[qual] = _calls(module, fn, imports, local)
            if _writes_directly(fn):
                writers.add(qual)
    changed = True
    while changed:
        changed = False
        for qual, callees in calls.items():
            if qual not in writers and callees & writers:
                writers.add(qual)
                changed = True
    return writers, calls


def _allowed(caller: str, callee: str) -> bool:
    if caller.startswith(WRITE_LAYER):
        return True
    for source, target in BATCH_PATHS:
        if caller.startswith(source) and (target is None or callee.startswith(target)):
            return True
    return callee == "store.annotate.gateway.Session.apply" or callee.startswith(
        "store.annotate.gateway.Session")


def test_the_graph_sees_the_writes_it_must():
    writers, _ = _graph()
    for known in ("store.records.events.update_event", "store.records.spans.delete_span",
                  "store.records.documents.update_metadata", "store.review.workflow.approve",
                  "store.revisions.revise.place_orphan", "store.records.history.record"):
        assert known in writers, known


def test_nothing_outside_the_gateway_calls_a_writing_function():
    writers, calls = _graph()
    stray = sorted(f"{caller} -> {callee}" for caller, callees in calls.items()
                   for callee in callees & writers if not _allowed(caller, callee))
    assert stray == []
