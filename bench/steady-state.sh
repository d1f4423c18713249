#!/usr/bin/env bash
# Steady state per process on real interpreters: a JIT build whose timings
# may flip between levels, and a stock build that should hold one level.
# Prints, per configuration, how many processes were steady, warmed up late,
# slowed down or flipped between modes (with the levels), and whether the
# configuration is flagged.
# Usage: bash bench/steady-state.sh JIT_PYTHON STOCK_PYTHON [processes]
#   e.g. bash bench/steady-state.sh ~/.cache/pythons/debian-pythons/root/usr/bin/python3.15 \
#            ~/.cache/pythons/test-home/installs/cpython-3.13.5/bin/python3.13
#   (needs a release build: swift build -c release; the machine to itself:
#   on a busy machine preempted calls make levels of their own)
set -euo pipefail
cd "$(dirname "$0")/.."
jit_python=${1:?give a JIT build (3.15 from Debian: see ../shared/notes/environment.md)}
stock_python=${2:?give a stock build, e.g. 3.13}
processes=${3:-10}
pythons=${PYTHONS_BINARY:-$(pwd)/.build/release/pythons}
[ -x "$pythons" ] || { echo "build first: swift build -c release" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PYTHONS_HOME=$work/home
"$pythons" bench jit -n 500 --python "$jit_python" --jit on,off --values 20 --repeat "$processes" --quiet --format json > "$work/jit.json"
"$pythons" bench jit -n 1000 --python "$stock_python" --values 20 --repeat "$processes" --quiet --format json > "$work/stock.json"
python3 - "$work" <<'PY'
import json, os, sys
work = sys.argv[1]
print(f"load {os.getloadavg()[0]:.2f} at the end\n")
print("| configuration | processes checked | steady | warmed up late | slowed down | flipped (levels) | flagged |")
print("|---|---|---|---|---|---|---|")
for name in ("jit", "stock"):
    doc = json.load(open(f"{work}/{name}.json"))
    for configuration, result in zip(doc["run"]["configurations"], doc["analysis"]["configurations"]):
        s = result.get("steadiness") or {}
        modes = s.get("modes")
        levels = f" ({modes[0]*1e3:.2f} and {modes[1]*1e3:.2f} ms)" if modes else ""
        # Steadiness.flaggingCount: two unsteady processes, and a tenth of those checked.
        unsteady, checked = len(s.get("unsteadyProcesses") or []), s.get("checked", 0)
        flagged = "yes" if unsteady >= max(2, -(-checked // 10)) else "no"
        print(f"| {configuration['label']} ({configuration['interpreter']['version']}) | {s.get('checked', 0)} | {s.get('steady', 0)} | "
              f"{s.get('warmedUpLate', 0)} | {s.get('slowedDown', 0)} | {s.get('flipped', 0)}{levels} | {flagged} |")
PY
