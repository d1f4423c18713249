#!/usr/bin/env bash
# Runs a fixed set of deterministic commands (the README's tour and its bad
# inputs, text and --format json) with two `pythons` binaries, one after the
# other in the same folders, and diffs what each printed: stdout, stderr and
# the exit code of every command. A restructuring that keeps the output
# byte-identical prints "identical" and exits 0; any difference is shown
# (diff -u) and the script exits 1.
#
# Usage: bash scripts/tour-diff.sh OLD_PYTHONS NEW_PYTHONS [WORK_FOLDER]
#   e.g. build main into its own folder (git archive main | tar -x -C /tmp/main-src;
#   cd /tmp/main-src && swift build) and compare with this tree's .build/debug/pythons.
#
# Needs the test home's four 3.13.5 builds (PYTHONS_TEST_HOME, default
# ~/.cache/pythons/test-home; scripts/test.sh builds them). They are copied
# once into WORK_FOLDER (default /tmp/pythons-tour), never changed where they
# are. The results database the history/show/compare/report commands read is
# made once, by OLD_PYTHONS, with three small runs (kept in WORK_FOLDER, so
# that both binaries read the same runs); delete WORK_FOLDER/results.sqlite
# to make it again.
set -euo pipefail
[ $# -ge 2 ] || { sed -n 2,11p "$0" >&2; exit 2; }
old=$(realpath "$1")
new=$(realpath "$2")
work=${3:-/tmp/pythons-tour}
repo=$(cd "$(dirname "$0")/.." && pwd)
test_home=${PYTHONS_TEST_HOME:-$HOME/.cache/pythons/test-home}
mkdir -p "$work"
work=$(realpath "$work")

# The variables every command sees: nothing else of the caller's environment.
run_env=(env -i "HOME=$HOME" "PATH=/usr/local/bin:/usr/bin:/bin" "LANG=C.UTF-8" "COLUMNS=100"
         "PYTHONS_HOME=$work/home" "PYTHONS_BIN=$work/home/bin")

if [ ! -d "$work/installs" ]; then
    for build in cpython-3.13.5 cpython-3.13.5+freethreaded cpython-3.13.5+jit cpython-3.13.5+tier2; do
        [ -d "$test_home/installs/$build" ] || { echo "no $build in $test_home/installs (scripts/test.sh builds it)" >&2; exit 2; }
    done
    echo "copying the test home's installs into $work/installs (once)" >&2
    cp -a "$test_home/installs" "$work/installs.partial"
    mv "$work/installs.partial" "$work/installs"
fi

# A fresh home (the copied installs, the fixed database) and a fresh working
# folder with the examples, at the same paths for every binary.
reset() {
    rm -rf "$work/home" "$work/cwd"
    mkdir -p "$work/home" "$work/cwd"
    ln -s "$work/installs" "$work/home/installs"
    if [ -f "$work/results.sqlite" ]; then cp "$work/results.sqlite" "$work/home/results.sqlite"; fi
    cp -a "$repo/examples/fib.py" "$repo/examples/greeter_single_phase.c" "$repo/examples/greeter_multi_phase.c" "$work/cwd/"
}

if [ ! -f "$work/results.sqlite" ]; then
    echo "making the fixed results database with $old (three small runs)" >&2
    reset
    (cd "$work/cwd" && "${run_env[@]}" "$old" bench gil --python 3.13t --gil on,off --threads 1,2 -n 20 --repeat 6 --quiet >/dev/null)
    (cd "$work/cwd" && "${run_env[@]}" "$old" bench jit --python 3.13j --jit on,off -n 2000 --repeat 6 --quiet >/dev/null)
    (cd "$work/cwd" && "${run_env[@]}" "$old" bench gil --python 3.13t --gil on,off --threads 1,2 -n 20 --repeat 6 --quiet >/dev/null)
    cp "$work/home/results.sqlite" "$work/results.sqlite"
fi

ext_t=greeter_single_phase.cpython-313t-x86_64-linux-gnu.so
ext_multi_t=greeter_multi_phase.cpython-313t-x86_64-linux-gnu.so
# One command a line, words split by the shell (quotes kept as written).
commands=$(cat <<EOF
--version
--help
bench --help
ext build --help
ext check --help
info --help
list
list --format json
list --python /usr/bin/python3.11
info 3.13t
info 3.13t --gil off
info 3.13j --jit off
info 3.13+tier2 --jit on --format json
info --gil off
info --format json 3.13.5
doctor
doctor --format json
history
history --limit 2
history --format json
show 1
show 2 --markdown
show 3 --format json
show latest
compare 1 3
compare 1 3 --noise within
compare 1 3 --threshold 50% --format json
report 1 2 -o report.html
report 1 --format json -o report-1.html
ext build greeter_single_phase.c --python 3.13.5,3.13t -o build
ext build greeter_multi_phase.c --python 3.13.5,3.13t -o build
ext build greeter_multi_phase.c --python 3.13t -o build --format json
ext check build/$ext_t --python 3.13t
ext check build/$ext_multi_t --python 3.13t
ext check build/$ext_multi_t --python 3.13t --format json
ext audit build --python 3.13t
ext audit build --python 3.13t --format json
uops fib.py:fib --python 3.13+tier2 --call fib(10) --call fib(20)
uops fib.py:fib --python 3.13+tier2 --call fib(20) --verbose
uops fib.py:fib --python 3.13+tier2 --call fib(20) --format json
install 3.13t
install 3.13+tier2 --format json
info 3.99
info 3.13tj
info /usr/bin/python3.11 --gil off
list --python
bench gil --repeat 0
bench gil --runs 3 --repeat 4
bench gil --python 3.99
bench nosuch.py:f --python 3.13t --repeat 2
bench gil --csv /nonexistent/folder/x.csv --python 3.13t
bench gil --threshold 3
show 99
show nosuch.json
compare 1 99
compare 1 3 --threshold abc
report 99 -o r.html
report -o /dev/null
history --limit 0
install /usr/bin/python3.11
install 3.13t --sha256 xyz
uninstall 3.99
uninstall
ext check nosuch.so --python 3.13t
ext check build/$ext_t --python 3.13.5
ext build nosuch.c
ext audit nosuch-folder --python 3.13t
uops nofile.py:f --python 3.13+tier2
uops fib.py --python 3.13+tier2
uops fib.py:fib --python 3.13t --call fib(20)
repl 3.99
repl 3.13t --jit on
doctor --llvm-tools /nonexistent
nosuchcommand
EOF
)

# What no two runs share: how long a call or a no-op install took, and the
# addresses micro-ops carry as operands.
normalise() {
    sed -E -i -e 's/in [0-9.]+ (µs|ms|s)\b/in TIME/g' -e 's/"seconds" : [0-9.e+-]+/"seconds" : TIME/' \
        -e 's/\b[0-9]{12,}\b/ADDRESS/g' "$1"
}

run_all() {
    local binary=$1 out=$2
    rm -rf "$out"
    mkdir -p "$out"
    reset
    local index=0
    while IFS= read -r line; do
        index=$((index + 1))
        local name
        name=$(printf '%02d' "$index")
        printf '%s\n' "$line" > "$out/$name.command"
        # shellcheck disable=SC2086
        set -f
        set +e
        (cd "$work/cwd" && "${run_env[@]}" "$binary" $line) > "$out/$name.stdout" 2> "$out/$name.stderr" < /dev/null
        echo $? > "$out/$name.status"
        normalise "$out/$name.stdout"
        normalise "$out/$name.stderr"
        set -e
        set +f
    done <<< "$commands"
    # The pages `report` wrote, without the line that says when.
    for page in report.html report-1.html; do
        if [ -f "$work/cwd/$page" ]; then grep -v -i 'generated' "$work/cwd/$page" > "$out/$page.body" || true; fi
    done
}

run_all "$old" "$work/old"
run_all "$new" "$work/new"
count=$(wc -l <<< "$commands")
if diff -ru "$work/old" "$work/new"; then
    echo "identical: $count commands, stdout, stderr and exit status each, and the report pages"
else
    echo "different (above): $work/old and $work/new" >&2
    exit 1
fi
