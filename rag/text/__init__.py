"""Shared text tools, below every stage: sentence segmentation with offsets, the tokeniser and the stemmers.

In: raw text. Out: sentence spans (exact character offsets) and normalised word tokens. Imports nothing else of rag.
"""
