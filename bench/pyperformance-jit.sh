#!/usr/bin/env bash
# "Is the JIT worth it?" as CPython's developers answer it: the pyperformance
# suite's standard-library benchmarks with the JIT off (the baseline) and on,
# on one interpreter, through `pythons bench pyperformance`. Prints a Markdown
# section for bench/README.md: the geometric mean of the speedups with its
# interval, how many benchmarks are faster, slower or unchanged, the
# benchmarks the budget did not let finish, and the run time.
# Usage: bash bench/pyperformance-jit.sh PYTHON [BUDGET_SECONDS] [NAMES]
#   PYTHON: a JIT build (3.13j, or Debian's 3.15 with the JIT built in);
#   BUDGET_SECONDS: the suite's --max-time (default: 30 s per benchmark);
#   NAMES: a selection such as nbody,float (default: the whole suite).
#   (needs a release build: swift build -c release)
set -euo pipefail
cd "$(dirname "$0")/.."
python=${1:?give a JIT build: bash bench/pyperformance-jit.sh PYTHON [BUDGET_SECONDS] [NAMES]}
budget=${2:-}
names=${3:-}
pythons=${PYTHONS_BINARY:-$(pwd)/.build/release/pythons}
[ -x "$pythons" ] || { echo "build first: swift build -c release" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The package cache is kept between runs of this script.
export PYTHONS_HOME=${PYTHONS_BENCH_HOME:-$HOME/.cache/pythons/bench-home}
suite=pyperformance${names:+:$names}
options=(--python "$python" --jit off,on --format json)
[ -n "$budget" ] && options+=(--max-time "$budget")
start=$(date +%s)
# Exit 1 (a benchmark failed) still prints the suite: keep going to report it.
"$pythons" bench "$suite" "${options[@]}" > "$work/suite.json" || echo "pythons bench exited $?" >&2
end=$(date +%s)

python3 - "$work/suite.json" "$((end - start))" "$suite" "$python" <<'PY'
import json, sys
document = json.load(open(sys.argv[1]))
seconds, suite_name, python = int(sys.argv[2]), sys.argv[3], sys.argv[4]
suite, analysis = document["suite"], document["analysis"]
machine = suite["machine"]
load = machine["loadAverage"][0] if machine.get("loadAverage") else float("nan")
print(f"`pythons bench {suite_name} --python {python} --jit off,on`; machine: {machine['cpuModel']}, "
      f"{machine['logicalCores']} cores, load {load:.2f} at the start; {seconds // 60} min {seconds % 60} s; "
      f"budget {suite.get('budget', 'none')} s.\n")
statuses = {}
for benchmark in suite["benchmarks"]:
    statuses.setdefault(benchmark["status"], []).append(benchmark["name"])
for mean in analysis["geometricMeans"]:
    s = mean["speedup"]
    print(f"- {mean['label']} against {analysis['baseline']}: geometric mean speedup **{s['value']:.3f}** "
          f"(95% interval {s['low']:.3f}–{s['high']:.3f}) over {mean['benchmarks']} benchmarks; "
          f"{mean['faster']} faster, {mean['slower']} slower, {mean['unchanged']} unchanged beyond noise.")
for status in ("unfinished", "notRun", "failed", "interrupted"):
    if statuses.get(status):
        print(f"- {status}: {', '.join(statuses[status])}")
print(f"- skipped (third-party packages or bench_command): {len(statuses.get('skipped', []))}")
rows = []
for benchmark in analysis["benchmarks"]:
    cells = [c for c in benchmark["cells"] if c.get("speedup")]
    if cells:
        judged = "verdict" in cells[-1]
        rows.append((cells[-1]["speedup"], benchmark["name"], cells[-1]["verdict"] if judged else "too few processes: no interval, not in the geometric mean", judged))
if rows:
    rows.sort(key=lambda row: row[0]["value"])
    print("\n| benchmark | speedup | 95% interval | verdict |\n|---|---|---|---|")
    for speedup, name, verdict, judged in rows:
        interval = f"{speedup['low']:.3f}–{speedup['high']:.3f}" if judged else "-"
        print(f"| {name} | {speedup['value']:.3f} | {interval} | {verdict} |")
PY
