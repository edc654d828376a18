"""The workstation's screens: library, annotate, help, review, and the small modals."""
