#!/usr/bin/env bash
# Installs what the test suite needs beyond Swift: Debian packages (hyperfine,
# xmllint, headless Chromium, ccache) and PyPI packages (pyperf, uv) into a
# private virtual environment under the cache. Idempotent; quick when done.
# Usage: scripts/install-test-tools.sh   (prints the venv's bin folder on stdout)
set -euo pipefail
cache=${PYTHONS_CACHE:-$HOME/.cache/pythons}
mkdir -p "$cache"

need=()
command -v hyperfine >/dev/null || need+=(hyperfine)
command -v xmllint >/dev/null || need+=(libxml2-utils)
command -v chromium >/dev/null || need+=(chromium)
command -v ccache >/dev/null || need+=(ccache)
if [ ${#need[@]} -gt 0 ]; then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "installing Debian packages: ${need[*]}" >&2
    $sudo apt-get -qq update >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get -qq install -y --no-install-recommends "${need[@]}" >&2
fi

venv=$cache/tools-venv
# The system python3 (3.11 on bookworm) hosts the tools; pyperf reads files any
# version writes, so the tools' interpreter does not matter to the tests.
host_python=$(command -v python3.11 || command -v python3)
if ! "$venv/bin/python" -c 'import pyperf' 2>/dev/null || [ ! -x "$venv/bin/uv" ]; then
    echo "installing pyperf and uv into $venv" >&2
    rm -rf "$venv"
    "$host_python" -m venv "$venv" >&2
    "$venv/bin/pip" install -q pyperf==2.10.0 uv >&2
fi
echo "$venv/bin"
