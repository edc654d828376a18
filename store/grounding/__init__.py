"""Grounding: turning the words a coder selected into the values datasets need.

Each resolver is a pure function over text that returns a result saying how it
was reached (the rule, the gazetteer entry, the flags a reviewer should see).
Grounding never replaces the evidence: the span keeps its exact words, the
grounded value sits beside it.
"""
