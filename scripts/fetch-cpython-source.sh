#!/usr/bin/env bash
# Prints the path of a verified CPython 3.13.5 release tarball, downloading it
# once into the cache. python.org is tried first; where it is unreachable, the
# byte-identical orig tarball from Debian 13's source archive is used.
# Usage: scripts/fetch-cpython-source.sh   (prints the tarball path on stdout)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/debian-archive.sh"

version=3.13.5
sha256=93e583f243454e6e9e4588ca2c2662206ad961659863277afcdb96801647d640
cache=${PYTHONS_CACHE:-$HOME/.cache/pythons}/sources
target=$cache/Python-$version.tar.xz
mkdir -p "$cache"

verified() { [ -f "$1" ] && echo "$sha256  $1" | sha256sum --check --status; }

if verified "$target"; then echo "$target"; exit 0; fi
rm -f "$target"

partial=$(mktemp "$cache/download.XXXXXX")
trap 'rm -f "$partial"' EXIT

if curl -fsSL --connect-timeout 5 --max-time 300 -o "$partial" \
        "https://www.python.org/ftp/python/$version/Python-$version.tar.xz" 2>/dev/null \
   && verified "$partial"; then
    mv "$partial" "$target"; echo "$target"; exit 0
fi

echo "python.org unreachable; using Debian's source archive" >&2
work=$(mktemp -d)
trap 'rm -f "$partial"; rm -rf "$work"' EXIT
uri=$(debian_archive_uri)
debian_private_apt "$work/apt" "deb-src $uri trixie main"
(cd "$work" && apt-get "${APT_PRIVATE_OPTS[@]}" -qq source --download-only python3.13/trixie >/dev/null)
orig="$work/python3.13_${version}.orig.tar.xz"
if ! verified "$orig"; then
    echo "error: the downloaded tarball does not match sha256 $sha256" >&2
    exit 1
fi
mv "$orig" "$target"
echo "$target"
