"""Suggestions: spans the machine proposes and a coder accepts or rejects with one key.

Each suggester is one module with a plain function over the text that returns
`Suggestion`s, each saying why it was made. Nothing here writes: accepting a
suggestion is a coder's action through the annotation gateway.
"""
