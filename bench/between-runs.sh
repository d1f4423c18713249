#!/usr/bin/env bash
# What moves a median between runs on this machine, and what narrows that
# without moving it: each variant runs the interpreter through a small
# wrapper (so the worker itself is unchanged), and rounds of one run per
# variant, the order rotated, repeat the same `pythons bench`:
#   plain      the interpreter as it is
#   pinned     taskset -c 1: every worker on one CPU
#   aslr-off   setarch -R: one memory layout for every process (CodSpeed's
#              way; narrower, but it measures that one layout)
#   env-large  16 KiB more environment (the stack starts elsewhere)
# For each: the level (mean of the runs' medians, against plain), the spread
# from run to run (standard deviation of the log medians), and the typical
# within-run interval.
# Usage: bash bench/between-runs.sh [rounds] [python] [`pythons bench` workload arguments...]
#   defaults: 10 rounds, /usr/bin/python3.11, jit -n 1000 --repeat 20
#   (needs a release build: swift build -c release; the machine to itself)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-10}
python=${2:-/usr/bin/python3.11}
shift $(( $# > 1 ? 2 : $# ))
arguments=("$@")
[ ${#arguments[@]} -gt 0 ] || arguments=(jit -n 1000 --repeat 20)
pythons=${PYTHONS_BINARY:-$(pwd)/.build/release/pythons}
[ -x "$pythons" ] || { echo "build first: swift build -c release" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
large=$(head -c 12288 /dev/zero | tr '\0' x)
variants=(plain pinned aslr-off env-large)
wrap() {  # $1 variant, $2 command prefix
    printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$2" "$python" > "$work/python-$1"
    chmod +x "$work/python-$1"
}
wrap plain ""
wrap pinned "taskset -c 1"
wrap aslr-off "setarch $(uname -m) -R"
wrap env-large "env PYTHONS_BENCH_PADDING=$large"

for round in $(seq 1 "$rounds"); do
    shift_by=$(( (round - 1) % ${#variants[@]} ))
    for index in $(seq 0 $(( ${#variants[@]} - 1 ))); do
        variant=${variants[$(( (index + shift_by) % ${#variants[@]} ))]}
        PYTHONS_HOME=$work/home-$variant "$pythons" bench "${arguments[@]}" --python "$work/python-$variant" \
            --quiet --format json > "$work/$variant-$round.json"
    done
    echo "round $round of $rounds done" >&2
done

python3 - "$work" "$rounds" "$python" "${arguments[*]}" "${variants[@]}" <<'PY'
import json, math, os, platform, statistics, sys
work, rounds, python, arguments, variants = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5:]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
print(f"Machine: {cpu}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f} at the end; `pythons bench {arguments} --python {python}` "
      f"through each wrapper, {rounds} rounds, the variants' order rotated.\n")
print("| variant | mean of medians | against plain | run-to-run SD | typical within-run ± |")
print("|---|---|---|---|---|")
levels = {}
for variant in variants:
    docs = [json.load(open(f"{work}/{variant}-{r}.json")) for r in range(1, rounds + 1)]
    times = [d["analysis"]["configurations"][0]["time"] for d in docs]
    medians = [t["value"] for t in times]
    logs = [math.log(m) for m in medians]
    levels[variant] = statistics.mean(medians)
    within = statistics.median(max(t["value"] - t["withinRun"]["lower"], t["withinRun"]["upper"] - t["value"]) / t["value"]
                               for t in times if t.get("withinRun"))
    print(f"| {variant} | {levels[variant]*1e3:.3f} ms | {levels[variant]/levels[variants[0]]*100-100:+.1f}% | "
          f"{statistics.stdev(logs)*100:.2f}% | ±{within*100:.1f}% |")
PY
