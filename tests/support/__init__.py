"""Helpers the tests share: paths, databases to open, corpora. Not tests themselves."""
