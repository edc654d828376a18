"""Tests for store.suggest (a package only so that same-named test files in sibling folders can be collected)."""
