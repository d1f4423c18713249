#!/usr/bin/env bash
# Prints a folder holding clang-N, llvm-readobj-N, llvm-objdump-N and
# llvm-dwarfdump-N for LLVM major version N, which CPython's JIT builds need
# (18 for 3.13, 19 for 3.14, 21 for 3.15). When the machine has them on PATH,
# that folder is printed. Otherwise Debian's LLVM N packages are unpacked into
# a private folder under the cache (never installed system-wide) and run
# through the loader of the C library they came with, so that binaries from a
# newer Debian suite run on this machine's older glibc:
#   18 from Debian 13 (trixie): bookworm has no LLVM 18;
#   19 from Debian 12 (bookworm), the machine's own suite;
#   21 from sid.
# Usage: scripts/provide-llvm.sh N   (prints the folder on stdout)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/debian-archive.sh"

major=${1:?usage: scripts/provide-llvm.sh MAJOR (18, 19 or 21)}
case $major in
    18) suite=trixie ;;
    19) suite=bookworm ;;
    21) suite=sid ;;
    *) echo "error: no Debian suite known for LLVM $major; give 18, 19 or 21" >&2; exit 2 ;;
esac
tools=(clang llvm-objdump llvm-readobj llvm-dwarfdump)

is_llvm() { "$1" --version 2>/dev/null | grep -q "version $major\."; }

if command -v "clang-$major" >/dev/null && command -v "llvm-readobj-$major" >/dev/null \
   && is_llvm "$(command -v "clang-$major")"; then
    dirname "$(command -v "clang-$major")"; exit 0
fi

cache=${PYTHONS_CACHE:-$HOME/.cache/pythons}/llvm-$major
bin=$cache/bin
if [ -x "$bin/clang-$major" ] && is_llvm "$bin/clang-$major" && is_llvm "$bin/llvm-readobj-$major"; then
    echo "$bin"; exit 0
fi

echo "unpacking LLVM $major from Debian's $suite into $cache" >&2
debian_fresh_cache "$cache" "$suite"
staging=$STAGING
# libclang-common-N-dev holds clang's own headers (stddef.h, stdint.h), which
# the JIT's templates include; the closure skips -dev packages, so name it.
mapfile -t packages < <(debian_library_closure "clang-$major" "llvm-$major" "libclang-common-$major-dev")
echo "downloading ${#packages[@]} packages" >&2
debian_unpack "$staging/root" "${packages[@]}" > "$staging/packages.txt"

root=$cache/root
loader=usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
# Before the /usr merge (bookworm) the loader is under /lib.
[ -e "$staging/root/$loader" ] || loader=lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
mkdir -p "$staging/bin"
write_wrapper() { # tool, extra arguments
    local tool=$1; shift
    cat > "$staging/bin/$tool-$major" <<WRAP
#!/bin/sh
exec "$root/$loader" \\
  --library-path "$root/usr/lib/x86_64-linux-gnu:$root/lib/x86_64-linux-gnu:$root/usr/lib/llvm-$major/lib" \\
  "$root/usr/lib/llvm-$major/bin/$tool" $* "\$@"
WRAP
    chmod +x "$staging/bin/$tool-$major"
}
for tool in "${tools[@]}"; do
    if [ "$tool" = clang ]; then
        write_wrapper clang -resource-dir "$root/usr/lib/llvm-$major/lib/clang/$major"
    else
        write_wrapper "$tool"
    fi
done
debian_finish_cache "$cache"
for tool in "${tools[@]}"; do
    if ! is_llvm "$bin/$tool-$major"; then
        echo "error: the unpacked $tool-$major does not start" >&2
        exit 1
    fi
done
echo "$bin"
