"""How much what a process has imported moves a workload's time: the seed's
jit.run(1000), timed alike (5 warm-up calls, the median of 3 timed calls) in
fresh `python -S -s` processes that first import nothing, pyperf, a few
pure-Python standard modules, a few C modules, or build a heap of 60,000
dicts. Variants are interleaved, process by process.

Usage: python3 bench/import_footprint.py PYTHON [processes] [pyperf's site-packages]
(without the last, the pyperf variant is left out)."""
import os
import statistics
import subprocess
import sys

WORKLOADS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources", "PythonsCore",
                         "Resources", "python", "workloads")
PRELUDES = {
    "nothing": "",
    "pyperf": "import sys; sys.path.append(SITE); import pyperf",
    "pure-Python stdlib": "import argparse, tempfile, textwrap, string, shlex, dataclasses",
    "C modules": "import _json, _decimal, _random, _struct, _bisect, math, select, _posixsubprocess",
    "60,000 dicts": "keep = [dict(a=i) for i in range(60000)]",
}
TIMING = """
import sys, time
sys.path.insert(0, WORKLOADS)
import jit
for _ in range(5):
    jit.run(1000)
values = []
for _ in range(3):
    start = time.perf_counter_ns()
    jit.run(1000)
    values.append(time.perf_counter_ns() - start)
print(sorted(values)[1])
"""


def main():
    python = sys.argv[1]
    processes = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    site = sys.argv[3] if len(sys.argv) > 3 else None
    variants = {name: prelude for name, prelude in PRELUDES.items() if site or name != "pyperf"}
    times = {name: [] for name in variants}
    for _ in range(processes):
        for name, prelude in variants.items():
            code = "SITE = %r; WORKLOADS = %r\n%s\n%s" % (site, WORKLOADS, prelude, TIMING)
            output = subprocess.run([python, "-S", "-s", "-c", code], capture_output=True, text=True, check=True)
            times[name].append(int(output.stdout))
    base = statistics.median(times["nothing"])
    print("| imported first | median of %d processes | against nothing |" % processes)
    print("|---|---|---|")
    for name, values in times.items():
        median = statistics.median(values)
        print("| %s | %.3f ms | %+.1f%% |" % (name, median / 1e6, (median / base - 1) * 100))


main()
