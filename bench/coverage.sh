#!/usr/bin/env bash
# Checks the claim behind `pythons bench`'s intervals: runs the same command
# several times and reports how often each run's 95% interval covers the
# median of all runs' values (the best estimate of the truth here), for each
# configuration's median time and for each ratio against the baseline, and how
# far the medians spread. The same runs are also judged with a naive interval
# that pools every timed value as if independent (what measurement.md warns
# against), to show why Pythons counts processes.
# Usage: bash bench/coverage.sh [runs] [`pythons bench` arguments...]
#   default arguments: jit -n 1000 --python 3.11 --python 3.12
#   (needs a release build: swift build -c release)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
shift $(( $# > 0 ? 1 : 0 ))
arguments=("$@")
[ ${#arguments[@]} -gt 0 ] || arguments=(jit -n 1000 --python 3.11 --python 3.12)
pythons=$(pwd)/.build/release/pythons
[ -x "$pythons" ] || { echo "build first: swift build -c release" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PYTHONS_HOME=$work/pythons-home

for run in $(seq 1 "$runs"); do
    start=$(python3 -c 'import time; print(time.monotonic())')
    "$pythons" bench "${arguments[@]}" --format json > "$work/run-$run.json" || true
    python3 -c "import time; print(time.monotonic() - $start)" > "$work/run-$run.wall"
    echo "run $run of $runs done" >&2
done

python3 - "$work" "$runs" "${arguments[*]}" <<'PY'
import json, math, os, platform, statistics, sys
work, runs, command = sys.argv[1], int(sys.argv[2]), sys.argv[3]

def order_interval(values, confidence=0.95):
    """The exact interval Pythons uses, here over any list of values."""
    values = sorted(values)
    n, best, cumulative = len(values), None, 0.0
    for k in range(1, (n + 1) // 2 + 1):
        cumulative += math.comb(n, k - 1) / 2 ** n
        if 1 - 2 * cumulative >= confidence:
            best = k
        else:
            break
    return None if best is None else (values[best - 1], values[n - best])

docs = [json.load(open(f"{work}/run-{run}.json")) for run in range(1, runs + 1)]
walls = [float(open(f"{work}/run-{run}.wall").read()) for run in range(1, runs + 1)]
names = [c["label"] + (f", {c['threads']} threads" if c.get("threads") else "") for c in docs[0]["run"]["configurations"]]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
print(f"Machine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, load {os.getloadavg()[0]:.2f} at the end; "
      f"`pythons bench {command}` (defaults otherwise), {runs} runs; wall time per run: median {statistics.median(walls):.1f} s, "
      f"{min(walls):.1f} to {max(walls):.1f} s.\n")
print("| quantity | median of runs | spread of runs | runs whose 95% CI covers it | typical CI | naive pooled CI covers |")
print("|---|---|---|---|---|---|")
for index, name in enumerate(names):
    medians, intervals, pooled = [], [], []
    for doc in docs:
        summary = doc["analysis"]["configurations"][index]["summary"]
        medians.append(summary["median"])
        interval = summary.get("medianInterval")
        intervals.append((interval["lower"], interval["upper"]) if interval else None)
        values = [v for p in doc["run"]["configurations"][index]["processes"] for v in p["values"]]
        pooled.append(order_interval(values))
    truth = statistics.median(medians)
    covered = sum(1 for i in intervals if i and i[0] <= truth <= i[1])
    naive = sum(1 for i in pooled if i and i[0] <= truth <= i[1])
    width = statistics.median(max(m - i[0], i[1] - m) / m for m, i in zip(medians, intervals) if i)
    print(f"| {name}: median time | {truth*1e3:.3f} ms | {min(medians)/truth*100-100:+.1f}% to {max(medians)/truth*100-100:+.1f}% "
          f"| {covered} of {runs} | ±{width*100:.1f}% | {naive} of {runs} |")
for index, name in enumerate(names):
    comparisons = [doc["analysis"]["configurations"][index].get("comparison") for doc in docs]
    if not all(comparisons):
        continue
    ratios = [c["ratio"]["ratio"] for c in comparisons]
    intervals = [c["ratio"].get("interval") for c in comparisons]
    truth = statistics.median(ratios)
    covered = sum(1 for i in intervals if i and i["lower"] <= truth <= i["upper"])
    width = statistics.median(max(r - i["lower"], i["upper"] - r) / r for r, i in zip(ratios, intervals) if i)
    print(f"| {name} / {comparisons[0]['baseline']}: ratio | {truth:.4f} | {min(ratios)/truth*100-100:+.1f}% to {max(ratios)/truth*100-100:+.1f}% "
          f"| {covered} of {runs} | ±{width*100:.1f}% | |")
PY
