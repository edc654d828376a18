"""A wheel of the project, installed in a fresh venv, has the seed articles (no network needed)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import textwrap
import venv
import zipfile

from tests.support.paths import ROOT

CHECK = textwrap.dedent("""
    import sqlite3, sys, tempfile, os
    import store
    from store.db.connection import open_db
    from store.ingest.seeds import ensure_seeded, seeds_dir
    assert os.path.realpath(store.__file__).startswith(os.path.realpath(sys.prefix)), store.__file__
    db = open_db(os.path.join(tempfile.mkdtemp(), "w.db"))
    print(ensure_seeded(db, "alice"), seeds_dir().relative_to(os.path.realpath(sys.prefix)).as_posix())
""")


def test_a_wheel_installed_in_a_fresh_venv_opens_the_seeds(tmp_path):
    # Built from a copy, so no build/ left in the checkout can put a stale file in the wheel.
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, symlinks=True, ignore=shutil.ignore_patterns(
        ".venv", ".git", "build", "*.egg-info", "__pycache__", ".pytest_cache", "*.db*", "bench"))
    dist = tmp_path / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "-q", "-w", str(dist), str(src)],
        capture_output=True, text=True, cwd=tmp_path)
    assert build.returncode == 0, build.stderr
    (wheel,) = dist.glob("eventdesk-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert sum(n.startswith("store/ingest/seed_articles/") and n.endswith(".txt") for n in names) == 5

    fresh = tmp_path / "fresh"
    venv.EnvBuilder(with_pip=False).create(fresh)
    python = fresh / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                             capture_output=True, text=True, check=True).stdout.strip()
    # The wheel alone, unpacked as pip installs it (no dependencies, no network) ...
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q", "--target", purelib,
         str(wheel)], capture_output=True, text=True, cwd=tmp_path)
    assert install.returncode == 0, install.stderr
    # ... and the dependencies taken from this venv's site-packages, after the wheel's own files.
    deps = sysconfig.get_path("purelib")
    check = subprocess.run([str(python), "-c", f"import sys; sys.path.append({deps!r})\n" + CHECK],
                           capture_output=True, text=True, cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    imported, where = check.stdout.split()
    assert imported == "5"
    assert "site-packages/store/ingest/seed_articles" in where
