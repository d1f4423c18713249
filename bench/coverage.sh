#!/usr/bin/env bash
# Checks the claim behind `pythons bench`'s intervals: runs the same command
# several times and reports how often each run's 95% interval of the median
# covers the median of all runs' medians (the best estimate of the truth
# here), and how far the medians spread. The same runs are also judged with a
# naive interval that pools every timed value as if independent (what
# measurement.md warns against), to show why Pythons counts processes.
# Usage: bash bench/coverage.sh [runs] [python] [extra `pythons bench` arguments...]
#   (needs a release build: swift build -c release)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
python=${2:-$(command -v python3.11 || command -v python3)}
shift $(( $# > 2 ? 2 : $# ))
extra=("$@")
[ ${#extra[@]} -gt 0 ] || extra=(jit -n 1000)
pythons=$(pwd)/.build/release/pythons
[ -x "$pythons" ] || { echo "build first: swift build -c release" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PYTHONS_HOME=$work/pythons-home

for run in $(seq 1 "$runs"); do
    start=$(python3 -c 'import time; print(time.monotonic())')
    "$pythons" bench "${extra[@]}" --python "$python" --format json > "$work/run-$run.json" || true
    python3 -c "import time; print(time.monotonic() - $start)" > "$work/run-$run.wall"
    echo "run $run done" >&2
done

python3 - "$work" "$runs" "$python" "${extra[*]}" <<'PY'
import json, math, os, platform, statistics, sys
work, runs, python, command = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]

def order_interval(values, confidence=0.95):
    """The same exact interval Pythons uses, over any list of values."""
    values = sorted(values)
    n = len(values)
    best, cumulative = None, 0.0
    for k in range(1, (n + 1) // 2 + 1):
        cumulative += math.comb(n, k - 1) / 2 ** n
        if 1 - 2 * cumulative >= confidence:
            best = k
        else:
            break
    return None if best is None else (values[best - 1], values[n - best])

results = []
for run in range(1, runs + 1):
    doc = json.load(open(f"{work}/run-{run}.json"))
    configuration = doc["run"]["configurations"][0]
    summary = doc["analysis"]["configurations"][0]["summary"]
    pooled = [v for process in configuration["processes"] for v in process["values"]]
    results.append({
        "median": summary["median"], "interval": (summary["medianInterval"]["lower"], summary["medianInterval"]["upper"]),
        "processes": summary["count"], "values": len(pooled), "pooled": order_interval(pooled),
        "converged": doc["analysis"]["configurations"][0]["converged"],
        "wall": float(open(f"{work}/run-{run}.wall").read()),
    })
truth = statistics.median(r["median"] for r in results)
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
print(f"Machine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, load {os.getloadavg()[0]:.2f} at the end; "
      f"`pythons bench {command} --python {python}` (defaults), {runs} runs.\n")
print("| run | median | Pythons' 95% CI (processes) | covers | naive pooled CI (values) | covers | processes | converged | wall |")
print("|---|---|---|---|---|---|---|---|---|")
covered = naive_covered = 0
for i, r in enumerate(results, 1):
    lo, hi = r["interval"]
    ok = lo <= truth <= hi
    covered += ok
    plo, phi = r["pooled"]
    naive_ok = plo <= truth <= phi
    naive_covered += naive_ok
    print(f"| {i} | {r['median']*1e3:.3f} ms | {lo*1e3:.3f}–{hi*1e3:.3f} ms (±{max(r['median']-lo, hi-r['median'])/r['median']*100:.1f}%) | {'yes' if ok else 'no'} "
          f"| {plo*1e3:.3f}–{phi*1e3:.3f} ms | {'yes' if naive_ok else 'no'} | {r['processes']} | {'yes' if r['converged'] else 'no'} | {r['wall']:.1f} s |")
medians = [r["median"] for r in results]
print(f"\nMedian of medians {truth*1e3:.3f} ms; medians spread {min(medians)/truth*100-100:+.1f}% to {max(medians)/truth*100-100:+.1f}%.")
print(f"Pythons' intervals covered it in {covered} of {runs} runs; the naive pooled intervals in {naive_covered} of {runs}.")
PY
