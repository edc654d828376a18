"""eventdesk's store: the database, its records and every headless command."""

import importlib as _importlib
import sys as _sys


def _import_sqlite_utils_without_numpy() -> None:
    """Import sqlite_utils without letting it import numpy (and pandas).

    sqlite_utils imports them only to know their number types when it makes a table
    from Python values; eventdesk's tables come from its own schema
    (store/db/schema.py) and its values are Python's.  numpy (installed for
    reverse_geocode) costs 150-500 ms of every command's start on a shared machine
    (`python -X importtime -m store.cli.main search x`), more than the search itself.
    numpy stays importable: only sqlite_utils' own module sees it missing.
    """
    if "sqlite_utils" in _sys.modules:
        return
    hidden = [name for name in ("numpy", "pandas") if name not in _sys.modules]
    for name in hidden:
        _sys.modules[name] = None  # type: ignore[assignment]  # import raises ImportError
    try:
        _importlib.import_module("sqlite_utils")
    finally:
        for name in hidden:
            if _sys.modules.get(name, 0) is None:
                del _sys.modules[name]


_import_sqlite_utils_without_numpy()
