#!/usr/bin/env bash
# Checks the claim behind `pythons bench`'s intervals: runs the same command
# several times, minutes apart, in one PYTHONS_HOME (so that later runs have
# history), and reports how often each kind of 95% interval covers the median
# of all runs' values (the best estimate of the truth here), for each
# configuration's median time and for each speedup against the baseline:
#   within   over the run's own processes (or interleaved rounds)
#   shown    what the table shows: across runs when known (the wider of the
#            two below, never narrower than within), else within
#   blocks   across the run's --runs blocks alone (Student's t)
#   history  across this machine's earlier runs alone (from the third run on)
# The same runs are also judged with a naive interval that pools every timed
# value as if independent (what measurement.md warns against).
#
# Usage: bash bench/coverage.sh [runs] [`pythons bench` arguments...]
#   default arguments: jit -n 1000 --python 3.11 --python 3.12 --runs 3
#   PAUSE=90 (seconds between runs: ten runs then span about 20 minutes)
#   (needs a release build: swift build -c release; the machine to itself)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
shift $(( $# > 0 ? 1 : 0 ))
arguments=("$@")
[ ${#arguments[@]} -gt 0 ] || arguments=(jit -n 1000 --python 3.11 --python 3.12 --runs 3)
pause=${PAUSE:-90}
pythons=${PYTHONS_BINARY:-$(pwd)/.build/release/pythons}
[ -x "$pythons" ] || { echo "build first: swift build -c release" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PYTHONS_HOME=$work/pythons-home

for run in $(seq 1 "$runs"); do
    [ "$run" -eq 1 ] || sleep "$pause"
    start=$(python3 -c 'import time; print(time.monotonic())')
    "$pythons" bench "${arguments[@]}" --format json > "$work/run-$run.json" || true
    python3 -c "import time; print(time.monotonic() - $start)" > "$work/run-$run.wall"
    echo "run $run of $runs done" >&2
done

python3 - "$work" "$runs" "${arguments[*]}" "$pause" <<'PY'
import json, math, os, platform, statistics, sys
work, runs, command, pause = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]

def order_interval(values, confidence=0.95):
    """The exact interval Pythons uses within a run, here over any list of values."""
    values = sorted(values)
    n, best, cumulative = len(values), None, 0.0
    for k in range(1, (n + 1) // 2 + 1):
        cumulative += math.comb(n, k - 1) / 2 ** n
        if 1 - 2 * cumulative >= confidence:
            best = k
        else:
            break
    return None if best is None else (values[best - 1], values[n - best])

def bounds(interval):
    if not interval:
        return None
    inner = interval.get("interval", interval)
    return (inner["lower"], inner["upper"])

docs = [json.load(open(f"{work}/run-{run}.json")) for run in range(1, runs + 1)]
walls = [float(open(f"{work}/run-{run}.wall").read()) for run in range(1, runs + 1)]
first = docs[0]["run"]
names = [c["label"] + (f", {c['threads']} threads" if c.get("threads") else "") for c in first["configurations"]]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
started = [d["run"]["startedAt"] for d in docs]
print(f"Machine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, load {os.getloadavg()[0]:.2f} at the end; "
      f"`pythons bench {command}`, {runs} runs {pause} s apart ({started[0]} to {started[-1]}); wall time per run: median "
      f"{statistics.median(walls):.1f} s, {min(walls):.1f} to {max(walls):.1f} s.\n")

def row(name, values, estimates, pooled=None, fmt=lambda v: f"{v:.4f}"):
    truth = statistics.median(values)
    cells = [name, fmt(truth), f"{min(values)/truth*100-100:+.1f}% to {max(values)/truth*100-100:+.1f}%"]
    for kind in ("withinRun", "shown", "acrossBlocks", "acrossHistory"):
        intervals = []
        for value, estimate in zip(values, estimates):
            if kind == "shown":
                interval = bounds(estimate.get("acrossRuns")) or bounds(estimate.get("withinRun"))
            else:
                interval = bounds(estimate.get(kind))
            if interval:
                intervals.append((value, interval))
        if not intervals:
            cells.append("–")
            continue
        covered = sum(1 for _, (low, high) in intervals if low <= truth <= high)
        width = statistics.median(max(v - low, high - v) / v for v, (low, high) in intervals)
        cells.append(f"{covered} of {len(intervals)} (±{width*100:.1f}%)")
    if pooled is not None:
        cells.append(f"{sum(1 for i in pooled if i and i[0] <= truth <= i[1])} of {runs}")
    else:
        cells.append("")
    print("| " + " | ".join(cells) + " |")

print("| quantity | median of runs | spread of runs | within covers (typical ±) | shown covers | blocks cover | history covers | naive pooled covers |")
print("|---|---|---|---|---|---|---|---|")
for index, name in enumerate(names):
    times = [d["analysis"]["configurations"][index]["time"] for d in docs]
    pooled = [order_interval([v for p in d["run"]["configurations"][index]["processes"] for v in p["values"]]) for d in docs]
    row(f"{name}: median time", [t["value"] for t in times], times, pooled, fmt=lambda v: f"{v*1e3:.3f} ms")
for index, name in enumerate(names):
    speedups = [d["analysis"]["configurations"][index].get("speedup") for d in docs]
    if not all(speedups):
        continue
    row(f"{name} against {speedups[0]['baseline']}: speedup", [s["value"] for s in speedups], speedups)
# Each run's median in order: a spread of runs can be one run off or a drift,
# and only the sequence tells which.
print()
for index, name in enumerate(names):
    medians = [d["analysis"]["configurations"][index]["time"]["value"] * 1e3 for d in docs]
    print(f"{name}, each run's median in order (ms): " + ", ".join(f"{m:.3f}" for m in medians) + "  ")
PY
