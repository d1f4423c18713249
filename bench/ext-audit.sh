#!/usr/bin/env bash
# Times `pythons ext audit --python VENV/bin/python` on a venv of the 3.13t
# build holding the real cp313t wheels the tests use (numpy, markupsafe,
# psutil, frozenlist, rpds-py) and the project's re-enabling greeter, beside
# the hand loop it replaces: `python -c 'import X'` once per module, one after
# the other. Both import every module in a fresh process; the audit also
# imports each module's packages first, reports the GIL after the import, and
# runs two imports at a time on two cores. Prints a Markdown section for
# bench/README.md. Run it alone on the machine: other work changes both sides.
# Usage: bash bench/ext-audit.sh [runs] [python3.13t]   (needs a release build: swift build -c release)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
base=${2:-${PYTHONS_TEST_HOME:-$HOME/.cache/pythons/test-home}/installs/cpython-3.13.5+freethreaded/bin/python3.13t}
pythons=$(pwd)/.build/release/pythons
[ -x "$pythons" ] || { echo "build first: swift build -c release" >&2; exit 2; }
[ -x "$base" ] || { echo "no 3.13t at $base: scripts/test.sh builds it (or pass its path)" >&2; exit 2; }
export PYTHONS_TEST_TOOLS=${PYTHONS_TEST_TOOLS:-$(scripts/install-test-tools.sh)}
wheels=$(scripts/provide-test-wheels.sh)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PYTHONS_HOME=$work/pythons-home
load_before=$(cut -d' ' -f1 /proc/loadavg)

venv=$work/venv
"$base" -m venv "$venv"
"$venv/bin/python" -m pip install -q --no-index --find-links "$wheels/x86_64" \
    numpy==2.4.6 markupsafe==3.0.3 psutil==7.2.2 frozenlist==1.8.0 rpds-py==2026.5.1
site=$("$venv/bin/python" -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")
"$pythons" ext build examples/greeter_single_phase.c --python "$venv/bin/python" -o "$site" >/dev/null

# One audit first: it fills the probe cache (as any earlier command would) and
# gives the modules for the hand loop.
"$pythons" ext audit --python "$venv/bin/python" --format json >"$work/audit.json" 2>/dev/null || true
python3 - "$work/audit.json" >"$work/modules" <<'PY'
import json, sys
print("\n".join(result["module"] for result in json.load(open(sys.argv[1]))["results"]))
PY
{
    echo '#!/usr/bin/env bash'
    while read -r module; do
        printf '%q -c %q 2>/dev/null || true\n' "$venv/bin/python" "import $module"
    done <"$work/modules"
} >"$work/hand-loop.sh"

hyperfine -N --style basic --runs "$runs" --warmup 1 -i \
    -n "pythons ext audit" "$pythons ext audit --python $venv/bin/python" \
    -n "hand loop: python -c 'import X' per module" "bash $work/hand-loop.sh" \
    --export-json "$work/times.json" >&2

python3 - "$work/times.json" "$work/audit.json" "$runs" "$load_before" <<'PY'
import json, os, platform, sys
times = json.load(open(sys.argv[1]))["results"]
audit = json.load(open(sys.argv[2]))
runs, load_before = sys.argv[3:5]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
print(f"Machine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
      f"load {load_before} before, {os.getloadavg()[0]:.2f} after; {runs} runs each, medians; "
      f"{len(audit['results'])} modules ({audit['interpreter']['description']}).\n")
print("| command | median | min | max |")
print("|---|---|---|---|")
for r in times:
    print(f"| {r['command']} | {r['median']:.2f} s | {r['min']:.2f} s | {r['max']:.2f} s |")
print(f"\naudit / hand loop = {times[0]['median'] / times[1]['median']:.2f} (target: at most 1.5)")
PY
