"""Contradictions: claims of every document, paired and classified into a map at index time, looked up when asking.

In: documents (index time); cited spans (ask time). Out: ``Contradiction`` records with both sides quoted.

Reading order: ``claims`` (a document's claims) -> ``analysis/`` (what one claim asserts) -> ``pairing`` (which
claims to compare) -> ``classify`` / ``nli`` with ``topics`` (whether a pair contradicts, and on what) ->
``contradiction_map`` (the map; its Chroma records in ``map_collections``, the pairs of an update in
``map_candidates``, the in-memory view readers use in ``map_snapshot``). ``lexicon`` holds the English cue lists.
"""
