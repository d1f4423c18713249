#!/usr/bin/env bash
# Runs every test. First it provides what the tests need and a fresh machine
# lacks: Debian and PyPI tools (scripts/install-test-tools.sh). Everything it
# downloads or builds is cached under ~/.cache/pythons, which only speeds a
# rerun: nothing depends on it being there.
# Usage: bash scripts/test.sh [extra `swift test` arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '== %s\n' "$*" >&2; }

log "test tools"
PYTHONS_TEST_TOOLS=$(scripts/install-test-tools.sh)
export PYTHONS_TEST_TOOLS

log "build"
swift build

log "swift test"
swift test "$@"
