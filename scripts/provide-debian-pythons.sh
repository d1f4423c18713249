#!/usr/bin/env bash
# Prints the paths of real CPython 3.14 and 3.15 interpreters, one a line, for
# the integration tests: Debian's own builds from the `sid` suite (the JIT is
# compiled in and off by default, --enable-experimental-jit=yes-off). Nothing
# is installed system-wide: the binary packages are unpacked with dpkg -x into
# a private root under the cache, and patchelf points the interpreter, the
# shared libraries and the lib-dynload modules at that root's own loader and
# libraries, because sid's binaries need a newer C library than the machine's.
# A free-threaded 3.14 or 3.15 package is looked for too and provided when the
# suite has one (sid had none on 2026-12-01: the script says so on stderr).
# Cached: a rerun checks the root still works and prints the same paths; on a
# new machine (or after the cache is deleted) it is made again from whatever
# versions the suite has then, which it names on stderr.
# Usage: scripts/provide-debian-pythons.sh   (prints the interpreters on stdout)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/debian-archive.sh"

suite=sid
versions=(3.14 3.15)
cache=${PYTHONS_CACHE:-$HOME/.cache/pythons}/debian-pythons
root=$cache/root
libdir=usr/lib/x86_64-linux-gnu
mkdir -p "${cache%/*}"

# One provider at a time: a second one waits instead of unpacking over the first.
exec 9>"$cache.lock"
flock 9

# What the tests rely on: it starts, the C-library-backed modules import, and
# a C extension compiles against its headers with no flag beyond the include
# folder it reports (as on a Debian system, where /usr/include is searched).
works() {
    local python=$1
    # Every shared library the process maps must come from the private root:
    # one from the machine's /usr/lib would mean a library is missing there.
    "$python" -I -c '
import sys, ssl, sqlite3, ctypes, decimal, curses, readline, zlib, lzma, bz2, uuid, _ctypes, pyexpat
root = sys.base_prefix.rsplit("/usr", 1)[0] + "/"
mapped = {line.split()[-1] for line in open("/proc/self/maps") if ".so" in line}
foreign = sorted(path for path in mapped if not path.startswith(root))
sys.exit("loaded from outside " + root + ": " + ", ".join(foreign) if foreign else 0)
' 2>/dev/null || return 1
    local include
    include=$("$python" -I -c 'import sysconfig; print(sysconfig.get_paths()["include"])') || return 1
    printf '#include <Python.h>\n' | cc -fsyntax-only -I"$include" -x c - 2>/dev/null
}

describe() { # prints "CPython 3.14.10 (Debian 3.14.10-1) /path" on stderr
    local python=$1 package=$2
    printf '  CPython %s (Debian %s) %s\n' "$("$python" -I -c 'import platform; print(platform.python_version())')" \
        "$(awk -v p="$package" '$1 == p {print $2}' "$cache/packages.txt")" "$python" >&2
}

if [ -f "$cache/interpreters.txt" ]; then
    ok=1
    while read -r python package; do works "$python" || ok=""; done < "$cache/interpreters.txt"
    if [ -n "$ok" ]; then
        echo "CPython from Debian's $suite, cached in $cache:" >&2
        while read -r python package; do describe "$python" "$package"; done < "$cache/interpreters.txt"
        [ ! -f "$cache/notes.txt" ] || cat "$cache/notes.txt" >&2
        awk '{print $1}' "$cache/interpreters.txt"
        exit 0
    fi
    echo "the cached interpreters in $cache no longer work; unpacking them again" >&2
fi

if ! command -v patchelf >/dev/null; then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "installing patchelf (Debian package)" >&2
    $sudo apt-get -qq update >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get -qq install -y --no-install-recommends patchelf >&2
fi

echo "unpacking CPython ${versions[*]} from Debian's $suite into $cache" >&2
debian_fresh_cache "$cache" "$suite"
staging=$STAGING
available=$(apt-cache "${APT_PRIVATE_OPTS[@]}" pkgnames python3.1 ; apt-cache "${APT_PRIVATE_OPTS[@]}" pkgnames libpython3.1)

roots=()
notes=()
for version in "${versions[@]}"; do
    for package in "python$version-minimal" "libpython$version-minimal" "libpython$version-stdlib" \
                   "libpython$version" "python$version-dev" "libpython$version-dev"; do
        grep -qx "$package" <<<"$available" || { echo "error: Debian's $suite has no $package" >&2; exit 1; }
        roots+=("$package")
    done
    # Debian names a free-threaded build python3.X-nogil (with libpython3.Xt-*
    # libraries, which the closure below follows) when it ships one.
    freethreaded=$(grep -E "^(lib)?python${version//./\\.}(t|-nogil)(-minimal|-stdlib|-dev)?$" <<<"$available" || true)
    if [ -n "$freethreaded" ]; then
        roots+=($freethreaded)
    else
        notes+=("  no free-threaded CPython $version: Debian's $suite has no python$version-nogil (or python${version}t) package")
    fi
done
mapfile -t packages < <(debian_library_closure "${roots[@]}")
echo "downloading ${#packages[@]} packages" >&2
debian_unpack "$staging/root" "${packages[@]}" > "$staging/packages.txt"

# Paths as they will be once the staging folder is renamed into place.
rpath="$root/$libdir:$root/lib/x86_64-linux-gnu"
is_elf() { [ -f "$1" ] && [ ! -L "$1" ] && [ "$(head -c 4 "$1" | od -An -tx1 | tr -d ' \n')" = 7f454c46 ]; }
for python in "$staging"/root/usr/bin/python3.1[0-9]*; do
    is_elf "$python" || continue
    patchelf --set-interpreter "$root/$libdir/ld-linux-x86-64.so.2" --set-rpath "$rpath" "$python"
done
for library in "$staging/root/$libdir"/*.so* "$staging/root/lib/x86_64-linux-gnu"/*.so* \
               "$staging"/root/usr/lib/python3.*/lib-dynload/*.so; do
    is_elf "$library" || continue
    case ${library##*/} in ld-linux*) continue ;; esac
    patchelf --set-rpath "$rpath" "$library"
done

: > "$staging/interpreters.txt"
for version in "${versions[@]}"; do
    # Debian's pyconfig.h is `#include <x86_64-linux-gnu/python3.X/pyconfig.h>`,
    # found in /usr/include on a Debian system. A link inside the include
    # folder makes it found from that folder alone, so building an extension
    # here needs only the -I the interpreter reports, as on Debian.
    for include in "$staging/root/usr/include/python$version" "$staging/root/usr/include/python${version}t"; do
        [ -d "$include" ] && ln -sfn ../x86_64-linux-gnu "$include/x86_64-linux-gnu"
    done
    echo "$root/usr/bin/python$version python$version-minimal" >> "$staging/interpreters.txt"
    if [ -x "$staging/root/usr/bin/python${version}t" ]; then
        echo "$root/usr/bin/python${version}t python$version-nogil" >> "$staging/interpreters.txt"
    fi
done
printf '%s\n' "${notes[@]}" > "$staging/notes.txt"
sed -i '/^$/d' "$staging/notes.txt"

debian_finish_cache "$cache"
echo "CPython from Debian's $suite, unpacked into $cache:" >&2
while read -r python package; do
    if ! works "$python"; then
        echo "error: $python does not work after unpacking (it does not start, a module does not import, or Python.h does not compile); see $cache" >&2
        exit 1
    fi
    describe "$python" "$package"
done < "$cache/interpreters.txt"
cat "$cache/notes.txt" >&2
awk '{print $1}' "$cache/interpreters.txt"
