"""Widgets of the workstation."""
