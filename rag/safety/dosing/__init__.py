"""Dosing: requests in questions (refused) and guidance in passages (never quoted).

In: a question with its conversation, or a sentence. Out: a ``DosingVerdict`` or a yes/no on dosing guidance.
The example banks and patterns are data files beside this package, read by ``bank``.
"""
