"""pyperf's side of bench/pythons-vs-pyperf.sh: one of the seed's workloads
(the very files `pythons bench` runs), measured by pyperf's default Runner.
PYTHONS_BENCH_WORKLOAD: jit (jit.run(n)) or gil (gil.run(1, n): one thread);
PYTHONS_BENCH_N: n. pyperf starts its workers with a clean environment, so
the script passes --inherit-environ for both."""
import os
import sys

import pyperf

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "Sources", "PythonsCore", "Resources", "python", "workloads"))
import gil  # noqa: E402
import jit  # noqa: E402

runner = pyperf.Runner()
workload = os.environ.get("PYTHONS_BENCH_WORKLOAD", "jit")
n = int(os.environ.get("PYTHONS_BENCH_N", "1000"))
if workload == "jit":
    runner.metadata["description"] = "jit.run(n): the seed's iterative fib(i) for i in range(n)"
    runner.bench_func("jit_fib_range%d" % n, jit.run, n)
else:
    runner.metadata["description"] = "gil.run(1, n): the seed's recursive fib(n) in one pool thread"
    runner.bench_func("gil_fib%d_1thread" % n, gil.run, 1, n)
