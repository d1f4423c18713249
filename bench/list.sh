#!/usr/bin/env bash
# Times `pythons list` against `uv python list --only-installed`, cold (no
# cache) and warm, on this machine, run for run with hyperfine, and counts the
# interpreters each finds. Prints a Markdown section for bench/README.md.
# Usage: bash bench/list.sh [runs]   (needs a release build: swift build -c release)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
tools=$(scripts/install-test-tools.sh)
uv=$tools/uv
pythons=$(pwd)/.build/release/pythons
[ -x "$pythons" ] || { echo "build first: swift build -c release" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PYTHONS_HOME=$work/pythons-home

hyperfine -N --style basic --runs "$runs" --warmup 2 \
    --prepare "rm -rf $work/pythons-home/cache $work/uv-cache" \
    -n "pythons list (cold)" "$pythons list" \
    -n "uv python list (cold)" "env UV_CACHE_DIR=$work/uv-cache $uv python list --only-installed" \
    --export-json "$work/cold.json" >&2
"$pythons" list >/dev/null
env UV_CACHE_DIR="$work/uv-cache" "$uv" python list --only-installed >/dev/null 2>&1
hyperfine -N --style basic --runs "$runs" --warmup 2 \
    -n "pythons list (warm)" "$pythons list" \
    -n "uv python list (warm)" "env UV_CACHE_DIR=$work/uv-cache $uv python list --only-installed" \
    --export-json "$work/warm.json" >&2

pythons_rows=$("$pythons" list --format json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["interpreters"]))')
uv_rows=$(env UV_CACHE_DIR="$work/uv-cache" "$uv" python list --only-installed --output-format json 2>/dev/null | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
uv_warnings=$(env UV_CACHE_DIR="$work/uv-cache" "$uv" python list --only-installed 2>&1 >/dev/null | grep -c '^warning:' || true)

python3 - "$work/cold.json" "$work/warm.json" "$pythons_rows" "$uv_rows" "$uv_warnings" "$runs" <<'PY'
import json, os, platform, sys
cold, warm = (json.load(open(p))["results"] for p in sys.argv[1:3])
pythons_rows, uv_rows, uv_warnings, runs = sys.argv[3:7]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
print(f"Machine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, load {os.getloadavg()[0]:.2f}; {runs} runs each, medians.\n")
print("| command | median | min | max |")
print("|---|---|---|---|")
for r in cold + warm:
    print(f"| {r['command']} | {r['median']*1000:.1f} ms | {r['min']*1000:.1f} ms | {r['max']*1000:.1f} ms |")
for label, pair in (("cold", cold), ("warm", warm)):
    print(f"\n{label}: pythons / uv = {pair[0]['median'] / pair[1]['median']:.3f}", end="")
print(f"\n\nInterpreters found: pythons {pythons_rows}, uv {uv_rows} (uv printed {uv_warnings} warnings).")
PY
