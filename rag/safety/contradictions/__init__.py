"""Contradictions: claims of every document, paired and classified into a map at index time, looked up when asking.

In: documents (index time); cited spans (ask time). Out: ``Contradiction`` records with both sides quoted.
"""
