"""Incidents: which reports are of one real-world incident, and what it was.

reports.py    Report, what scoring knows of one article or one event
candidates.py CandidateIndex (blocking) and Candidate (a pair, its score, likely, why)
scoring.py    how alike two reports are, component by component, in words
textsim.py    TF-IDF cosine over folded tokens, frequencies kept incrementally
reconcile.py  an incident's fields across its events: low/best/high, conflicts

Pure Python over plain data; no database, no textual.
"""
