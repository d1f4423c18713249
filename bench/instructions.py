# Usage: python3 bench/instructions.py [PYTHON] [REPEATS]   (needs valgrind)
"""Instructions per call of bench/gate_workload.py's work() under callgrind:
a process that makes K calls minus one that makes none, both after the same
start-up, PYTHONHASHSEED fixed. Prints per-call counts for WORK and WORK*1.05."""
import subprocess, sys, os, re, tempfile, time, statistics
PY = sys.argv[1] if len(sys.argv) > 1 else "/usr/bin/python3.11"
REPS = int(sys.argv[2]) if len(sys.argv) > 2 else 3
K = 3
DRIVER = r'''
import sys
WORK = int(sys.argv[1]); calls = int(sys.argv[2])
def work():
    total = 0
    for i in range(WORK):
        total += i * i % 7
    return total
for _ in range(calls): work()
'''
def total(work, calls):
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "cg.out")
        env = dict(os.environ, PYTHONHASHSEED="0")
        subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", PY, "-c", DRIVER, str(work), str(calls)],
                       env=env, capture_output=True, check=True)
        text = open(out).read()
        m = re.search(r"^summary:\s+(\d+)", text, re.M) or re.search(r"^totals:\s+(\d+)", text, re.M)
        return int(m.group(1))
for work in (200_000, 210_000):
    per = []
    for _ in range(REPS):
        t = time.time()
        a = total(work, K); b = total(work, 0)
        per.append((a - b) / K)
        print(f"WORK={work}: {per[-1]:.0f} instructions a call ({time.time()-t:.1f} s)", flush=True)
    print(f"WORK={work}: spread {(max(per)-min(per))/statistics.median(per)*100:.4f}%")
