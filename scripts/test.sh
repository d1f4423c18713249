#!/usr/bin/env bash
# Runs every test. First it provides what the tests need and a fresh machine
# lacks: Debian and PyPI tools (scripts/install-test-tools.sh), the CPython
# 3.13.5 source and LLVM 18, and the CPython builds the integration tests check
# (3.13.5 stock, 3.13t, 3.13j and 3.13+tier2, built with `pythons install`),
# then Debian's CPython 3.14 and 3.15 and LLVM 19 and 21.
# Everything it downloads or builds is cached under ~/.cache/pythons, which
# only speeds a rerun: nothing depends on it being there. On a rerun the four
# installs are no-ops (well under a second each).
# Usage: bash scripts/test.sh [extra `swift test` arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '== %s\n' "$*" >&2; }

log "test tools"
PYTHONS_TEST_TOOLS=$(scripts/install-test-tools.sh)
export PYTHONS_TEST_TOOLS

log "build"
swift build
pythons="$(swift build --show-bin-path)/pythons"

# The wheel users install (scripts/build-wheel.sh): a release build with the
# Swift runtime linked in, into .build-release and reused on a rerun. The
# wheel tests (Tests/PythonsCoreTests/Packaging/WheelTests.swift) install it
# into fresh venvs and read its path from PYTHONS_TEST_WHEEL; without it they
# are skipped. On this project's 2-core machine the first build took 31 min
# with other builds loading it to 13 (7 min of CPU time), a rerun 31 s.
log "wheel (scripts/build-wheel.sh)"
PYTHONS_TEST_WHEEL=$(scripts/build-wheel.sh)
export PYTHONS_TEST_WHEEL

# The builds live in their own PYTHONS_HOME, separate from the user's; tests
# find them through PYTHONS_TEST_HOME and do not change the installs there.
log "CPython builds (pythons install)"
PYTHONS_TEST_HOME=${PYTHONS_TEST_HOME:-$HOME/.cache/pythons/test-home}
PYTHONS_TEST_CPYTHON_SOURCE=$(scripts/fetch-cpython-source.sh)
PYTHONS_TEST_LLVM_TOOLS=$(scripts/provide-llvm18.sh)
export PYTHONS_TEST_HOME PYTHONS_TEST_CPYTHON_SOURCE PYTHONS_TEST_LLVM_TOOLS
for request in 3.13.5 3.13.5t 3.13.5+tier2 3.13.5j; do
    PYTHONS_HOME=$PYTHONS_TEST_HOME "$pythons" install "$request" \
        --source "$PYTHONS_TEST_CPYTHON_SOURCE" --llvm-tools "$PYTHONS_TEST_LLVM_TOOLS"
done

# CPython 3.14 and 3.15 as users have them (Debian sid's builds, JIT built in
# and off by default, unpacked privately; no free-threaded 3.14/3.15 exists
# there) for the tests under Tests/PythonsCoreTests/Today, and the LLVM 19 and
# 21 their JIT builds need, for the install checks. PYTHONS_TEST_PYTHONS puts
# the two interpreters into every test's discovery.
log "CPython 3.14 and 3.15 from Debian, LLVM 19 and 21"
PYTHONS_TEST_PYTHONS=${PYTHONS_TEST_PYTHONS:+$PYTHONS_TEST_PYTHONS:}$(scripts/provide-debian-pythons.sh | paste -sd: -)
PYTHONS_TEST_LLVM19_TOOLS=$(scripts/provide-llvm.sh 19)
PYTHONS_TEST_LLVM21_TOOLS=$(scripts/provide-llvm.sh 21)
export PYTHONS_TEST_PYTHONS PYTHONS_TEST_LLVM19_TOOLS PYTHONS_TEST_LLVM21_TOOLS

# Real cp313t wheels from PyPI (pinned) for the audit tests on a venv of 3.13t.
PYTHONS_TEST_WHEELS=$(scripts/provide-test-wheels.sh); export PYTHONS_TEST_WHEELS

# The acceptance benchmarks need two idle cores to show what free threading
# does, so they run alone after everything else.
log "swift test"
swift test --skip BenchAcceptanceTests "$@"

log "swift test: benchmark acceptance, alone on the machine"
swift test --filter BenchAcceptanceTests "$@"
