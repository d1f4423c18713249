"""pyperf's side of bench/pythons-vs-pyperf.sh: the seed's jit workload (the
very file `pythons bench jit` runs), measured by pyperf's default Runner."""
import os
import sys

import pyperf

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "Sources", "PythonsCore", "Resources", "python", "workloads"))
import jit  # noqa: E402

runner = pyperf.Runner()
runner.metadata["description"] = "jit.run(n): the seed's iterative fib(i) for i in range(n)"
n = int(os.environ.get("PYTHONS_BENCH_N", "1000"))
runner.bench_func("jit_fib_range%d" % n, jit.run, n)
