"""`rag bench`: speed and memory measured as ratios in one run on this machine; writes benchmarks/results.*.

Nothing here asserts a timing: the figures, the goals and whether each was met go into the results files.
"""

from __future__ import annotations

from rag.benchmark.run import run_bench

__all__ = ["run_bench"]
