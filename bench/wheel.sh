#!/usr/bin/env bash
# The wheel against `swift build -c release`: the wheel's size, and `pythons
# list` warm (probe cache filled) from the wheel installed by pip into a fresh
# venv against the plain release build, run for run with hyperfine. The two
# binaries differ in how they are linked: the wheel's carries Swift's runtime
# and SQLite (--static-swift-stdlib, stripped), the plain one loads
# libswiftCore, Foundation and libsqlite3 at start. Prints a Markdown section
# for bench/README.md. Timing: run it with nothing else on the machine.
# Usage: bash bench/wheel.sh [runs] [wheel]
#   (builds the wheel with scripts/build-wheel.sh when none is given or built,
#   and the plain binary with `swift build -c release` into .build-plain, its
#   own folder: a no-op when up to date)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-30}
tools=$(scripts/install-test-tools.sh)
wheel=${2:-$(ls .build-release/dist/pythons-*.whl 2>/dev/null | tail -n 1 || true)}
[ -n "$wheel" ] || wheel=$(PYTHONS_TEST_TOOLS=$tools scripts/build-wheel.sh)
swift build -c release --scratch-path .build-plain --product pythons >&2
plain=$(swift build -c release --scratch-path .build-plain --show-bin-path)/pythons

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$tools/python" -m venv "$work/venv" >&2
"$work/venv/bin/pip" install -q --no-index --disable-pip-version-check "$wheel" >&2
from_wheel=$work/venv/bin/pythons

# Both see the same interpreters (PATH, pyenv, the same PYTHONS_HOME) and a
# cache that the warm-up fills.
export PYTHONS_HOME=$work/pythons-home
"$from_wheel" list >/dev/null
"$plain" list >/dev/null
hyperfine -N --style basic --runs "$runs" --warmup 3 \
    -n "pythons list (wheel)" "$from_wheel list" \
    -n "pythons list (swift build -c release)" "$plain list" \
    --export-json "$work/warm.json" >&2

python3 - "$work/warm.json" "$wheel" "$from_wheel" "$plain" "$runs" <<'PY'
import json, os, platform, subprocess, sys
results = json.load(open(sys.argv[1]))["results"]
wheel, from_wheel, plain, runs = sys.argv[2:6]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
mib = lambda n: f"{n / 2**20:.1f} MiB"
print(f"Machine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
      f"load {os.getloadavg()[0]:.2f} at the end; {runs} runs each, warm probe cache.\n")
print(f"Wheel: `{os.path.basename(wheel)}`, {mib(os.path.getsize(wheel))} "
      f"(the binary in it {mib(os.path.getsize(from_wheel))} unpacked; "
      f"the plain release binary {mib(os.path.getsize(plain))}, plus the Swift runtime libraries it loads).\n")
print("| command | median | mean ± sd | min | max |")
print("|---|---|---|---|---|")
for r in results:
    print(f"| {r['command']} | {r['median']*1000:.1f} ms | {r['mean']*1000:.1f} ± {r['stddev']*1000:.1f} ms "
          f"| {r['min']*1000:.1f} ms | {r['max']*1000:.1f} ms |")
print(f"\nwheel / plain (medians) = {results[0]['median'] / results[1]['median']:.3f}")
PY
