#!/usr/bin/env bash
# Times `pythons install 3.13t` against the same configure, make and make
# install run by hand (same flags, same extracted source, same machine), taking
# turns (pythons, hand, pythons, hand, ...) so that drift on a shared machine
# falls on both alike; and times the no-op reinstall with hyperfine. ccache is
# off for both builds (`--no-ccache`, CCACHE_DISABLE=1), so each compiles
# everything. Besides the wall times it reports Pythons' own time: its total
# minus the configure, make and make install it ran (from the manifest's
# phaseSeconds), which machine noise hardly touches.
# Writes the figures into bench/README.md (the "install" section).
# Usage: bash bench/install.sh [ROUNDS]   (default 3; each round builds twice, ~6 min on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}

swift build -c release >&2
pythons="$(swift build -c release --show-bin-path)/pythons"
source=$(scripts/fetch-cpython-source.sh)
py="$(scripts/install-test-tools.sh)/python"   # a Python that is never a pyenv shim
work=$(mktemp -d "${TMPDIR:-/tmp}/pythons-bench-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
home=$work/home
export CCACHE_DISABLE=1
jobs=$(nproc)

# First install: also unpacks the source, which both sides then share.
PYTHONS_HOME=$home "$pythons" install 3.13t --source "$source" --no-ccache --jobs "$jobs" >&2
manifest=$home/installs/cpython-3.13.5+freethreaded/manifest.json
tree=$(ls -d "$home"/sources/Python-3.13.5-*)
regen=$("$py" -c 'import json,sys; print(json.load(open(sys.argv[1]))["pythonForRegen"])' "$manifest")

now() { date +%s.%N; }
since() { printf '%.1f' "$(echo "$(now) - $1" | bc)"; }
pythons_times=(); hand_times=(); ratios=(); own_times=()
declare -A phase_p phase_h   # phase -> space-separated seconds per round

run_pythons() {
    local start; start=$(now)
    PYTHONS_HOME=$home "$pythons" install 3.13t --source "$source" --no-ccache --jobs "$jobs" --force --format json >"$work/report.json" 2>/dev/null
    pythons_times+=("$(since "$start")")
    read -r own configure compile install < <("$py" -c '
import json, sys
r = json.load(open(sys.argv[1])); p = r["manifest"]["phaseSeconds"]
print("%.2f %.1f %.1f %.1f" % (r["seconds"] - p["configure"] - p["compile"] - p["install"], p["configure"], p["compile"], p["install"]))' "$work/report.json")
    own_times+=("$own")
    phase_p[configure]+="$configure "; phase_p[make]+="$compile "; phase_p[install]+="$install "
}

# The hand build gets the environment pythons gives its build: no PYTHON*
# variables (this machine sets PYTHONDONTWRITEBYTECODE, for one).
run_hand() {
    rm -rf "$work/hand-build" "$work/hand-prefix"; mkdir "$work/hand-build"
    local clean=(); for name in $(env | sed -n 's/^\(PYTHON[^=]*\)=.*/\1/p'); do case $name in PYTHONS_*) ;; *) clean+=(-u "$name");; esac; done
    local start step; start=$(now)
    cd "$work/hand-build"
    step=$(now); env "${clean[@]}" "$tree/configure" --prefix="$work/hand-prefix" --disable-gil PYTHON_FOR_REGEN="$regen" >"$work/hand.log" 2>&1
    phase_h[configure]+="$(since "$step") "
    step=$(now); env "${clean[@]}" make -j"$jobs" >>"$work/hand.log" 2>&1
    phase_h[make]+="$(since "$step") "
    step=$(now); env "${clean[@]}" make install >>"$work/hand.log" 2>&1
    phase_h[install]+="$(since "$step") "
    cd - >/dev/null
    hand_times+=("$(since "$start")")
}

# ABBA order (pythons first in odd rounds, the hand build first in even ones),
# so that a build's position in the sequence favours neither side.
for round in $(seq "$rounds"); do
    if [ $((round % 2)) -eq 1 ]; then run_pythons; run_hand; else run_hand; run_pythons; fi
    ratios+=("$(printf '%.3f' "$(echo "scale=4; ${pythons_times[-1]} / ${hand_times[-1]}" | bc)")")
    echo "round $round: pythons ${pythons_times[-1]} s (own ${own_times[-1]} s), by hand ${hand_times[-1]} s" >&2
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
p_median=$(median "${pythons_times[@]}")
h_median=$(median "${hand_times[@]}")
ratio=$(median "${ratios[@]}")
own_median=$(median "${own_times[@]}")

# No-op reinstall: with --source the tarball is hashed to recognise it.
noop_json=$work/noop.json
hyperfine --warmup 3 --runs 30 --export-json "$noop_json" \
    "PYTHONS_HOME=$home $pythons install 3.13t" \
    "PYTHONS_HOME=$home $pythons install 3.13t --source $source" >&2
read -r noop_plain noop_source < <("$py" -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"]
print(" ".join("%.0f" % (x["median"] * 1000) for x in r))' "$noop_json")

cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
section=$(cat <<MD
## install

\`bash bench/install.sh $rounds\` on $(date -u +%Y-%m-%d): $cpu, $(nproc) cores, $(awk '{print int($2/1048576)}' /proc/meminfo | head -1) GiB,
load average $(cut -d' ' -f1-3 /proc/loadavg) at the end (the machine is shared, so absolute times drift;
rounds run in ABBA order so that drift and position fall on both sides alike).
CPython 3.13.5 free-threaded, \`-j$jobs\`, ccache off on both sides, same extracted source and
the same configure flags (\`--prefix=... --disable-gil PYTHON_FOR_REGEN=...\`) and environment.

| | rounds (s) | median (s) |
|---|---|---|
| \`pythons install 3.13t --force\` (configure, make, make install into staging, verify, move) | ${pythons_times[*]} | $p_median |
| by hand: configure, make, make install | ${hand_times[*]} | $h_median |
| pythons / by hand, round by round | ${ratios[*]} | **$ratio** |
| Pythons' own time: its total minus its configure, make and make install | ${own_times[*]} | **$own_median** |
| configure: pythons / by hand | ${phase_p[configure]}/ ${phase_h[configure]}| $(median ${phase_p[configure]}) / $(median ${phase_h[configure]}) |
| make -j$jobs: pythons / by hand | ${phase_p[make]}/ ${phase_h[make]}| $(median ${phase_p[make]}) / $(median ${phase_h[make]}) |
| make install: pythons / by hand | ${phase_p[install]}/ ${phase_h[install]}| $(median ${phase_p[install]}) / $(median ${phase_h[install]}) |

Target: at most 5% overhead. The round-by-round ratio carries the machine's noise (other jobs
share these 2 cores); Pythons' own time (discovery of a Python for regeneration, hashing the
tarball, verifying the new interpreter, the moves, and deleting the install that \`--force\`
replaces) is the overhead itself, $(printf '%.1f' "$(echo "scale=3; 100 * $own_median / $h_median" | bc)")% of the hand build's median.

No-op reinstall (already installed; hyperfine, 30 runs, median):
\`pythons install 3.13t\` **$noop_plain ms**; with \`--source Python-3.13.5.tar.xz\` (hashes the 22 MB
tarball to recognise it) **$noop_source ms**.
MD
)

readme=bench/README.md
if [ ! -f "$readme" ]; then
    printf '# Benchmarks\n\nEach section is written by the script it names; the machine is noted with every figure.\n' > "$readme"
fi
"$py" - "$readme" "$section" <<'PY'
import re, sys
path, section = sys.argv[1], sys.argv[2].rstrip() + "\n"
text = open(path).read()
block = "<!-- install:begin -->\n" + section + "<!-- install:end -->\n"
if "<!-- install:begin -->" in text:
    text = re.sub(r"<!-- install:begin -->.*?<!-- install:end -->\n", lambda m: block, text, flags=re.S)
else:
    text = text.rstrip() + "\n\n" + block
open(path, "w").write(text)
PY
echo "$section"
