"""Bringing another coder's work in: `eventdesk merge OTHER.db`, bundles, conflicts.

source.py    the other database (or bundle) read from a checked, migrated snapshot
records.py   row by row: what comes in, what is the same, what conflicts
run.py       the merge as one transaction: rows, the other's history chains, the
             entries that say what the merge did, and verify before it commits
conflicts.py records changed differently on both sides, and their resolution
bundle.py    a bundle: the other side's state and its history since a head
"""
