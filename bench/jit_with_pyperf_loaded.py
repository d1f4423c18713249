"""The seed's jit workload in a process that has imported pyperf first, as
pyperf's own workers have: `pythons bench bench/jit_with_pyperf_loaded.py:run
--args N` times the same calls as `pythons bench jit -n N` with pyperf's
import footprint, which by itself slows this allocation-heavy loop by a few
percent (see bench/README.md)."""
import os
import sys

import pyperf  # noqa: F401  (the footprint is the point)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources", "PythonsCore",
                                "Resources", "python", "workloads"))
from jit import run  # noqa: E402,F401
