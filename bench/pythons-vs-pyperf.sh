#!/usr/bin/env bash
# The same workload and interpreter measured by pyperf's default run and by
# `pythons bench` (defaults: 1% precision, at least 10 processes), round by
# round, alternating the tools. Reports each tool's median, its interval and
# its wall time. A third arm times the same calls with Pythons in a process
# that has imported pyperf first (bench/workload_with_pyperf_loaded.py), which
# separates the two harnesses' timing from pyperf's import footprint.
# Prints a Markdown section for bench/README.md.
# Usage: bash bench/pythons-vs-pyperf.sh [rounds] [n] [python] [workload]
#   python: the interpreter both tools time the workload in ("default": the test
#   tools' pyperf venv); another gets its own venv with pyperf from PyPI.
#   workload: jit (default: jit.run(n)) or gil (gil.run(1, n), one thread).
#   (needs a release build: swift build -c release)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
n=${2:-1000}
workload=${4:-jit}
case $workload in
    jit) pythons_workload=(jit -n "$n") ;;
    gil) pythons_workload=(gil -n "$n" --threads 1) ;;
    *) echo "workload must be jit or gil, got $workload" >&2; exit 2 ;;
esac
if [ $# -ge 3 ] && [ "$3" != default ]; then
    venv=${PYTHONS_CACHE:-$HOME/.cache/pythons}/pyperf-venv-$(echo "$3" | md5sum | cut -c1-8)
    if ! "$venv/bin/python" -c 'import pyperf' 2>/dev/null; then
        "$3" -m venv "$venv" >&2
        "$venv/bin/pip" install -q pyperf==2.10.0 >&2
    fi
    python=$venv/bin/python
else
    python=$(scripts/install-test-tools.sh)/python
fi
pythons=$(pwd)/.build/release/pythons
[ -x "$pythons" ] || { echo "build first: swift build -c release" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PYTHONS_HOME=$work/pythons-home
"$pythons" list --python "$python" >/dev/null   # fill the probe cache, as a user's second run would

now() { python3 -c 'import time; print(time.monotonic())'; }
since() { python3 -c "import time; print(time.monotonic() - $1)"; }
for round in $(seq 1 "$rounds"); do
    start=$(now)
    PYTHONS_BENCH_WORKLOAD=$workload PYTHONS_BENCH_N=$n "$python" bench/pyperf_workload.py --inherit-environ PYTHONS_BENCH_WORKLOAD,PYTHONS_BENCH_N --quiet -o "$work/pyperf-$round.json" >&2
    since "$start" > "$work/pyperf-$round.wall"
    start=$(now)
    "$pythons" bench "${pythons_workload[@]}" --python "$python" --format json > "$work/pythons-$round.json"
    since "$start" > "$work/pythons-$round.wall"
    "$pythons" bench "bench/workload_with_pyperf_loaded.py:$workload" --args "$n" --python "$python" --format json > "$work/loaded-$round.json"
done

"$python" - "$work" "$rounds" "$n" "$workload" <<'PY'
import json, os, platform, statistics, sys
import pyperf
work, rounds, n, workload = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
print(f"Machine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, load {os.getloadavg()[0]:.2f} at the end; "
      f"CPython {platform.python_version()}, `{workload} -n {n}`{' --threads 1' if workload == 'gil' else ''}, {rounds} rounds.\n")
print("| round | pyperf median | pyperf mean ± sd | pyperf wall | pythons median | pythons 95% CI | pythons processes | pythons wall | medians differ | wall ratio | pythons, pyperf imported | differs from pyperf |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
rows = []
def summary_of(path):
    return json.load(open(path))["analysis"]["configurations"][0]["summary"]
for r in range(1, rounds + 1):
    bench = pyperf.Benchmark.load(f"{work}/pyperf-{r}.json")
    pyperf_wall = float(open(f"{work}/pyperf-{r}.wall").read())
    summary = summary_of(f"{work}/pythons-{r}.json")
    loaded = summary_of(f"{work}/loaded-{r}.json")
    interval = summary["medianInterval"]
    pythons_wall = float(open(f"{work}/pythons-{r}.wall").read())
    difference = summary["median"] / bench.median() - 1
    loaded_difference = loaded["median"] / bench.median() - 1
    rows.append((bench.median(), pyperf_wall, summary["median"], pythons_wall, difference, loaded["median"], loaded_difference))
    print(f"| {r} | {bench.median()*1e3:.3f} ms | {bench.mean()*1e3:.3f} ± {bench.stdev()*1e3:.3f} ms | {pyperf_wall:.1f} s "
          f"| {summary['median']*1e3:.3f} ms | {interval['lower']*1e3:.3f}–{interval['upper']*1e3:.3f} ms | {summary['count']} | {pythons_wall:.1f} s "
          f"| {difference*100:+.1f}% | {pythons_wall/pyperf_wall:.2f} | {loaded['median']*1e3:.3f} ms | {loaded_difference*100:+.1f}% |")
med = lambda i: statistics.median(row[i] for row in rows)
print(f"\nMedians over rounds: pyperf {med(0)*1e3:.3f} ms in {med(1):.1f} s; pythons {med(2)*1e3:.3f} ms in {med(3):.1f} s; "
      f"medians differ by {med(4)*100:+.1f}%; pythons' wall time / pyperf's = {med(3)/med(1):.2f} (target: at most 0.33). "
      f"With pyperf imported in Pythons' workers too: {med(5)*1e3:.3f} ms, {med(6)*100:+.1f}% from pyperf's.")
PY
