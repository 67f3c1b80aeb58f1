"""Stage 3, safety: what may be shown. Dosing requests and guidance, and contradictions between sources.

In: the question and conversation, candidate sentences, and (at index time) the documents. Out: a dosing verdict
(refuse or not), which sentences are withheld as dosing guidance, and the contradictions touching the evidence.
"""
