#!/usr/bin/env bash
# pyperformance benchmarks measured twice on one interpreter: by the real
# pyperf (2.10.0, installed in a venv of that interpreter for this arm only),
# running the very run_benchmark.py files of the pyperformance package that
# Pythons fetched, as pyperformance itself runs them (`python run_benchmark.py
# EXTRA_OPTS -o FILE`); and by `pythons bench pyperformance:NAME --python
# INTERPRETER` (through the pyperf stand-in).
# The two arms are interleaved in slices, ABBA: a host that slows down for a
# minute (this machine's blocks moved by up to a third) then moves both tools'
# medians alike instead of one. Each slice is `pyperf -p 4` (pyperf's default of 20
# processes × 3 values is 5 slices) and `pythons --repeat 16`; the figures
# pool the slices: pyperf's median over all its values, Pythons' median over
# all its processes (each process's median, as Pythons' summary counts them).
# Prints a Markdown section for bench/README.md.
# Usage: bash bench/pyperformance-vs-pyperf.sh [python] [benchmarks] [slices]
#   python: default the test home's stock 3.13.5, else python3;
#   benchmarks: comma-separated pyperformance names (default nbody,richards,float);
#   slices: default 8.
#   PYTHONS_BENCH_JIT=on|off: run both arms with PYTHON_JIT set (pyperf gets
#   --inherit-environ PYTHON_JIT, Pythons --jit).
#   (needs a release build: swift build -c release)
set -euo pipefail
cd "$(dirname "$0")/.."
home_python=$HOME/.cache/pythons/test-home/installs/cpython-3.13.5/bin/python3.13
python=${1:-$( [ -x "$home_python" ] && echo "$home_python" || command -v python3 )}
benchmarks=${2:-nbody,richards,float}
slices=${3:-8}
jit=${PYTHONS_BENCH_JIT:-}
pythons=${PYTHONS_BINARY:-$(pwd)/.build/release/pythons}
[ -x "$pythons" ] || { echo "build first: swift build -c release" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PYTHONS_HOME=$work/pythons-home

# pyperf in a venv of the measured interpreter, for the pyperf arm alone.
venv=$work/pyperf-venv
"$python" -m venv "$venv" >&2
"$venv/bin/python" -m pip install -q --disable-pip-version-check pyperf==2.10.0 >&2

jit_options=() pyperf_environment=() pyperf_options=()
if [ -n "$jit" ]; then
    jit_options=(--jit "$jit")
    pyperf_environment=(env "PYTHON_JIT=$([ "$jit" = on ] && echo 1 || echo 0)")
    pyperf_options=(--inherit-environ PYTHON_JIT)
fi

now() { python3 -c 'import time; print(time.monotonic())'; }
add_since() {  # $1: start, $2: file holding the seconds so far
    python3 -c "import time, os; f='$2'; t=float(open(f).read()) if os.path.exists(f) else 0.0; open(f, 'w').write(str(t + time.monotonic() - $1))"
}
pythons_slice() {  # $1: name, $2: slice
    local start
    start=$(now)
    "$pythons" bench "pyperformance:$1" --python "$python" "${jit_options[@]}" --repeat 16 --format json -q \
        > "$work/pythons-$1-$2.json"
    add_since "$start" "$work/pythons-$1.wall"
}
pyperf_slice() {  # $1: name, $2: slice, $3: script, $4...: its options
    local name=$1 slice=$2 script=$3 start
    shift 3
    start=$(now)
    "${pyperf_environment[@]}" "$venv/bin/python" "$script" "$@" "${pyperf_options[@]}" -p 4 --quiet \
        -o "$work/pyperf-$name-$slice.json" >&2
    add_since "$start" "$work/pyperf-$name.wall"
}
IFS=, read -ra names <<< "$benchmarks"
for name in "${names[@]}"; do
    pythons_slice "$name" 1
    # The same script and options the suite ran, from the package Pythons fetched.
    read -r script extra < <("$python" - "$work/pythons-$name-1.json" <<'PY'
import json, sys
suite = json.load(open(sys.argv[1]))["suite"]
workload = suite["benchmarks"][0]["run"]["workload"]
print(workload["file"], " ".join(workload.get("arguments", [])))
PY
)
    read -ra extra_options <<< "$extra"
    pyperf_slice "$name" 1 "$script" "${extra_options[@]}"
    for slice in $(seq 2 "$slices"); do
        # ABBA: slice 1 Pythons first, slice 2 pyperf first, and so on.
        if (( slice % 2 == 0 )); then
            pyperf_slice "$name" "$slice" "$script" "${extra_options[@]}"
            pythons_slice "$name" "$slice"
        else
            pythons_slice "$name" "$slice"
            pyperf_slice "$name" "$slice" "$script" "${extra_options[@]}"
        fi
        echo "$name: slice $slice of $slices done" >&2
    done
done

"$venv/bin/python" - "$work" "$benchmarks" "$python" "${jit:-default}" "$slices" <<'PY'
import json, os, platform, random, statistics, sys
import pyperf
work, names, python, jit, slices = sys.argv[1], sys.argv[2].split(","), sys.argv[3], sys.argv[4], int(sys.argv[5])
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
print(f"Machine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, load {os.getloadavg()[0]:.2f} at the end; "
      f"CPython {platform.python_version()} ({python}), JIT {jit}; {slices} slices a benchmark, ABBA.\n")
print("| benchmark | pyperf median | pyperf processes × values | pyperf wall | pythons median | pythons processes | pythons wall "
      "| medians differ | 95% interval of the difference | slice by slice (pythons / pyperf − 1) |")
print("|---|---|---|---|---|---|---|---|---|---|")
def unit(seconds):
    return f"{seconds*1e3:.2f} ms" if seconds < 1 else f"{seconds:.3f} s"
for name in names:
    pythons_wall = float(open(f"{work}/pythons-{name}.wall").read())
    pyperf_wall = float(open(f"{work}/pyperf-{name}.wall").read())
    first = json.load(open(f"{work}/pythons-{name}-1.json"))
    for member in (b["name"] for b in first["suite"]["benchmarks"] if b.get("run")):
        pythons_all, pyperf_runs, by_slice = [], [], []
        for slice in range(1, slices + 1):
            document = json.load(open(f"{work}/pythons-{name}-{slice}.json"))
            run = next(b["run"] for b in document["suite"]["benchmarks"] if b["name"] == member)
            medians = [statistics.median(p["values"]) for p in run["configurations"][0]["processes"] if p["values"]]
            runs = [run.values for run in pyperf.BenchmarkSuite.load(f"{work}/pyperf-{name}-{slice}.json").get_benchmark(member).get_runs()
                    if run.values]
            pythons_all += medians
            pyperf_runs += runs
            by_slice.append(statistics.median(medians) / statistics.median([v for r in runs for v in r]) - 1)
        pyperf_all = [v for r in pyperf_runs for v in r]
        pythons_median, pyperf_median = statistics.median(pythons_all), statistics.median(pyperf_all)
        # The sampling uncertainty of the difference: both tools' processes
        # resampled with replacement (pyperf's with their values), 2000 times.
        generator = random.Random(1)
        differences = sorted(
            statistics.median(generator.choices(pythons_all, k=len(pythons_all)))
            / statistics.median([v for r in generator.choices(pyperf_runs, k=len(pyperf_runs)) for v in r]) - 1
            for _ in range(2000))
        low, high = differences[50], differences[1949]
        print(f"| {member} | {unit(pyperf_median)} | {len(pyperf_runs)} × {len(pyperf_all) // max(1, len(pyperf_runs))} | {pyperf_wall:.1f} s "
              f"| {unit(pythons_median)} | {len(pythons_all)} | {pythons_wall:.1f} s | {(pythons_median / pyperf_median - 1)*100:+.1f}% "
              f"| {low*100:+.1f}% to {high*100:+.1f}% | {' '.join(f'{d*100:+.1f}%' for d in by_slice)} |")
PY
