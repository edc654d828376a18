"""Suggestions: spans the machine proposes and a coder accepts or rejects with one key.

Each suggester is one module with a plain function over the text that returns
`Suggestion`s, each saying why it was made. Nothing here writes: accepting a
suggestion is a coder's action through the annotation gateway.

casualties (Killed / Injured counts), claims (speaker, cue, content), actors
(a list with ACLED kinds, plus accepted spans), learned (accepted spans found
again), dates and places; `run.suggest_document` runs them all on one text.
"""
