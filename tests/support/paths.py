"""Where the project's own files are, for tests in any folder below tests/."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "tests" / "fixtures"
STORE = ROOT / "store"
