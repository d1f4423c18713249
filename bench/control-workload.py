# Usage: python3 bench/control-workload.py [SECONDS] [PYTHON]   (alone on the machine)
"""Alternates worker processes of a gate workload and a control workload for
DURATION seconds; each process times 15 calls after 3 warm-ups and prints its
median. Then: how much do 1-minute windows of the gate's medians move, and
how much do windows of gate/control move?"""
import subprocess, sys, time, statistics, json, math
DURATION = float(sys.argv[1]) if len(sys.argv) > 1 else 600
PY = sys.argv[2] if len(sys.argv) > 2 else "/usr/bin/python3.11"
WORKER = r'''
import time, sys
kind = sys.argv[1]
def gate():
    total = 0
    for i in range(200_000):
        total += i * i % 7
    return total
def control():
    # different code: dict and string work
    d = {}
    for i in range(60_000):
        d[str(i)] = i
    return sum(len(k) for k in d)
f = gate if kind == "gate" else control
for _ in range(3): f()
vals = []
for _ in range(15):
    t = time.perf_counter(); f(); vals.append(time.perf_counter() - t)
vals.sort(); print(vals[7])
'''
rows = []
start = time.time()
while time.time() - start < DURATION:
    for kind in ("gate", "control"):
        out = subprocess.run([PY, "-c", WORKER, kind], capture_output=True, text=True).stdout
        rows.append((time.time() - start, kind, float(out)))

# windows of 60 s
windows = {}
for t, kind, v in rows:
    windows.setdefault(int(t // 60), {}).setdefault(kind, []).append(v)
g, r = [], []
for w in sorted(windows):
    if len(windows[w].get("gate", [])) < 3 or len(windows[w].get("control", [])) < 3: continue
    gm = statistics.median(windows[w]["gate"]); cm = statistics.median(windows[w]["control"])
    g.append(gm); r.append(gm / cm)
    print(f"window {w}: gate {gm*1e3:.3f} ms control {cm*1e3:.3f} ms ratio {gm/cm:.4f}")
def rsd(x): return statistics.stdev([math.log(v) for v in x]) * 100
print(f"windows {len(g)}: gate's sd {rsd(g):.2f}%, gate/control's sd {rsd(r):.2f}%")
