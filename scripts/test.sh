#!/usr/bin/env bash
# Runs every test. First it provides what the tests need and a fresh machine
# lacks: Debian and PyPI tools (scripts/install-test-tools.sh), the CPython
# 3.13.5 source and LLVM 18, and the CPython builds the integration tests check
# (3.13.5 stock, 3.13t, 3.13j and 3.13+tier2, built with `pythons install`).
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

# The acceptance benchmarks need two idle cores to show what free threading
# does, so they run alone after everything else.
log "swift test"
swift test --skip BenchAcceptanceTests "$@"

log "swift test: benchmark acceptance, alone on the machine"
swift test --filter BenchAcceptanceTests "$@"
