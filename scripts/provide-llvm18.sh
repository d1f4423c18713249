#!/usr/bin/env bash
# Prints a folder holding clang-18, llvm-objdump-18 and llvm-readobj-18, which a
# CPython 3.13 JIT build needs. When the machine has them on PATH, that folder is
# printed. Otherwise Debian 13's LLVM 18 packages are unpacked into a private
# folder under the cache (never installed system-wide) and run through their own
# C library's loader, because bookworm has no LLVM 18 and trixie's binaries need
# a newer glibc than bookworm's.
# Usage: scripts/provide-llvm18.sh   (prints the folder on stdout)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/debian-archive.sh"

if command -v clang-18 >/dev/null && command -v llvm-readobj-18 >/dev/null \
   && clang-18 --version 2>/dev/null | grep -q 'version 18\.'; then
    dirname "$(command -v clang-18)"; exit 0
fi

cache=${PYTHONS_CACHE:-$HOME/.cache/pythons}/llvm-18
bin=$cache/bin
if [ -x "$bin/clang-18" ] && "$bin/clang-18" --version 2>/dev/null | grep -q 'version 18\.'; then
    echo "$bin"; exit 0
fi

echo "unpacking LLVM 18 from Debian 13 into $cache" >&2
rm -rf "$cache"
staging=$(mktemp -d "${cache%/*}/llvm-18.staging.XXXXXX" 2>/dev/null || { mkdir -p "${cache%/*}"; mktemp -d "${cache%/*}/llvm-18.staging.XXXXXX"; })
work=$(mktemp -d)
trap 'rm -rf "$work" "$staging"' EXIT
uri=$(debian_archive_uri)
debian_private_apt "$work/apt" "deb [trusted=yes] $uri trixie main"
packages=(clang-18 llvm-18 libllvm18 libclang-cpp18 libclang-common-18-dev libc6 libstdc++6 libgcc-s1
          libzstd1 libxml2 libz3-4 libffi8 libedit2 libtinfo6 zlib1g libbsd0 libmd0 libicu76 liblzma5)
(cd "$work" && apt-get "${APT_PRIVATE_OPTS[@]}" -qq download "${packages[@]}" >/dev/null)
for deb in "$work"/*.deb; do dpkg -x "$deb" "$staging/root"; done

root=$cache/root
mkdir -p "$staging/bin"
write_wrapper() { # name, real binary relative to llvm-18/bin, extra args
    local name=$1 tool=$2; shift 2
    cat > "$staging/bin/$name" <<WRAP
#!/bin/sh
exec "$root/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" \\
  --library-path "$root/usr/lib/x86_64-linux-gnu:$root/lib/x86_64-linux-gnu:$root/usr/lib/llvm-18/lib" \\
  "$root/usr/lib/llvm-18/bin/$tool" $* "\$@"
WRAP
    chmod +x "$staging/bin/$name"
}
write_wrapper clang-18 clang -resource-dir "$root/usr/lib/llvm-18/lib/clang/18"
write_wrapper llvm-objdump-18 llvm-objdump
write_wrapper llvm-readobj-18 llvm-readobj
mv "$staging" "$cache"
trap 'rm -rf "$work"' EXIT
if ! "$bin/clang-18" --version | grep -q 'version 18\.'; then
    echo "error: the unpacked clang-18 does not start" >&2
    exit 1
fi
echo "$bin"
