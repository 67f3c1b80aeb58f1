"""What one claim asserts, read with general English cues: stances on what it names, kinds, amounts.

Nothing here is specific to a corpus: the cue lists (``lexicon``) are ordinary English, so the same rules
judge claims about any subject. ``reader.analyse`` is the entry point; it reads, in order:
``words`` (lemmas, content and anchor words) -> ``negation`` (what is denied, prohibitions) -> ``subject``
(who the claim is about, what a cue names) -> ``stances`` (effects, safety, precision, evidence),
``categories`` ("X is a tree"), ``comparisons`` ("more ADJ than"), ``quantities`` (amounts); the result is
the ``records.Analysis`` record.
"""
