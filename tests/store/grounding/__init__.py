"""Tests for store.grounding (a package only so that same-named test files in sibling folders can be collected)."""
