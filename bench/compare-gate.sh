#!/usr/bin/env bash
# `pythons compare` as a CI gate: pairs of consecutive runs (A, then B) of the
# same user function, where B's function does FACTOR times A's work (same
# file name, function and label: a real slowdown, or none with 1.00). Each
# pair gets a fresh PYTHONS_HOME, as a CI machine would, so the run-to-run
# noise comes from the runs' own blocks (--runs 3), not from history.
#   FACTOR 1.00: false alarms; "unchanged" should hold in at least 9 of 10.
#   FACTOR 1.05: power; a regression (exit 3) in at least 9 of 10.
#   FACTOR 1.02: reported with its interval, whatever the verdict.
# Usage: bash bench/compare-gate.sh [pairs] [factor] [`pythons bench` arguments...]
#   default bench arguments: --python 3.11 --runs 3
#   COMPARE="--threshold 2%" (extra `pythons compare` arguments)
#   (needs a release build: swift build -c release; the machine to itself)
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-10}
factor=${2:-1.00}
shift $(( $# > 1 ? 2 : $# ))
arguments=("$@")
[ ${#arguments[@]} -gt 0 ] || arguments=(--python 3.11 --runs 3)
read -r -a compare_arguments <<< "${COMPARE:-}"
pythons=${PYTHONS_BINARY:-$(pwd)/.build/release/pythons}
[ -x "$pythons" ] || { echo "build first: swift build -c release" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
base=$(sed -n 's/^WORK = \([0-9_]*\)$/\1/p' bench/gate_workload.py | tr -d _)

write_workload() {  # $1: WORK
    sed "s/^WORK = .*/WORK = $1/" bench/gate_workload.py > "$work/gate.py"
}

for pair in $(seq 1 "$pairs"); do
    export PYTHONS_HOME=$work/home-$pair
    write_workload "$base"
    "$pythons" bench "$work/gate.py:work" "${arguments[@]}" --quiet --format json > "$work/a-$pair.json"
    write_workload "$(python3 -c "print(round($base * $factor))")"
    "$pythons" bench "$work/gate.py:work" "${arguments[@]}" --quiet --format json > "$work/b-$pair.json"
    status=0
    "$pythons" compare "$work/a-$pair.json" "$work/b-$pair.json" "${compare_arguments[@]}" --format json \
        > "$work/compare-$pair.json" 2> "$work/compare-$pair.err" || status=$?
    echo "$status" > "$work/compare-$pair.status"
    echo "pair $pair of $pairs done (exit $status)" >&2
done

python3 - "$work" "$pairs" "$factor" "${arguments[*]}" "${compare_arguments[*]:-}" <<'PY'
import json, os, platform, sys
work, pairs, factor, arguments, compare = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
print(f"Machine: {cpu}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f} at the end; B does {factor:.2f}× A's work; "
      f"`pythons bench gate.py:work {arguments}`, `pythons compare A B {compare}`, {pairs} pairs, each in a fresh PYTHONS_HOME.\n")
print("| pair | A median | B median | speedup (A/B) | B slower by | 95% CI | noise | verdict | exit |")
print("|---|---|---|---|---|---|---|---|---|")
verdicts, exits = [], []
for pair in range(1, pairs + 1):
    status = int(open(f"{work}/compare-{pair}.status").read())
    exits.append(status)
    try:
        entry = json.load(open(f"{work}/compare-{pair}.json"))["entries"][0]
    except (ValueError, IndexError, KeyError):
        print(f"| {pair} | – | – | – | – | – | – | {open(f'{work}/compare-{pair}.err').read().strip()} | {status} |")
        verdicts.append("error")
        continue
    interval = entry.get("interval")
    noise = entry.get("noise")
    verdicts.append(entry["verdict"])
    print(f"| {pair} | {entry['medianA']*1e3:.3f} ms | {entry['medianB']*1e3:.3f} ms | {entry['speedup']:.3f}× | "
          f"{(1 / entry['speedup'] - 1)*100:+.1f}% | "
          + (f"{interval['lower']:.3f}–{interval['upper']:.3f}" if interval else "–") + " | "
          + (f"±{(2.718281828459045 ** noise['halfWidth'] - 1)*100:.1f}% ({noise['basis']}, {noise['units']})" if noise else "unknown")
          + f" | {entry['verdict']} | {status} |")
print()
print(f"unchanged in {verdicts.count('unchanged')} of {pairs}; regression (exit 3) in {exits.count(3)} of {pairs}; "
      f"improvement in {verdicts.count('improvement')} of {pairs}.")
PY
