"""Stage 4, answer: choose the sentences that answer, quote them verbatim in context, number the citations.

In: a ``Retrieval`` and what safety allows. Out: the citations and reply text that make up an ``Answer``.
"""
