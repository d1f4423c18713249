"""The seed's workloads in a process that has imported pyperf first, as
pyperf's own workers have: `pythons bench bench/workload_with_pyperf_loaded.py:jit
--args N` times the same calls as `pythons bench jit -n N` (and :gil as
`pythons bench gil -n N --threads 1`) with pyperf's import footprint, which
by itself moves an allocation-heavy loop by several percent (see
bench/README.md)."""
import os
import sys

import pyperf  # noqa: F401  (the footprint is the point)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources", "PythonsCore",
                                "Resources", "python", "workloads"))
import gil as _gil  # noqa: E402
import jit as _jit  # noqa: E402


def jit(n):
    _jit.run(n)


def gil(n):
    _gil.run(1, n)
