#!/usr/bin/env bash
# Builds the wheel that Python developers install Pythons from, the way ruff
# and uv ship their binaries: `uv tool install pythons-*.whl`, `pipx install`
# or `pip install` then give a `pythons` command, and no Swift is needed.
#
#   pythons-VERSION.data/scripts/pythons          the release binary, linked with
#                                                 --static-swift-stdlib and SQLite
#   pythons-VERSION.data/data/share/pythons/python  the Python helper scripts
#   pythons-VERSION.data/data/share/man/man1/pythons.1, shell completions
#
# Installers put scripts/ in the environment's bin/ and data/ at its root, so
# the binary finds its helpers at ../share/pythons/python from its real path
# (PythonScripts.installedLayout). VERSION is what the built binary's
# `--version` prints (PythonsRelease.version); the platform tag is
# manylinux_X_Y_ARCH where glibc X.Y is the newest GLIBC_ symbol version the
# binary needs, read from the binary, and auditwheel must agree.
#
# The release build goes to .build-release (git ignores it) and is reused: the
# first one takes several minutes on 2 cores, a rerun seconds.
#
# Usage:
#   scripts/build-wheel.sh [--out DIR] [--platform-tag TAG]
#       builds; prints the wheel's path on stdout (default DIR: .build-release/dist).
#       --platform-tag claims another tag; one older than the binary's glibc fails.
#   scripts/build-wheel.sh --check WHEEL
#       checks that a wheel's platform tag covers what its binary needs.
# Exit codes: 0 ok, 1 failure (one line on stderr says what to do), 2 usage.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
scratch=$root/.build-release

# One scratch folder for everything temporary, removed on every exit.
work=$(mktemp -d "${TMPDIR:-/tmp}/pythons-wheel.XXXXXX")
trap 'rm -rf "$work"' EXIT

fail() { printf 'build-wheel.sh: %s\n' "$*" >&2; exit 1; }
log() { printf '== %s\n' "$*" >&2; }
usage() { sed -n '/^# Usage:/,/^# Exit codes/p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

# The newest GLIBC_x.y[.z] among the symbol versions an ELF file needs.
glibc_needed() {
    readelf --version-info --wide "$1" | sed -n '/Version needs section/,$p' \
        | grep -o 'Name: GLIBC_[0-9][0-9.]*' | sed 's/Name: GLIBC_//' \
        | sort -t. -k1,1n -k2,2n -k3,3n | tail -n 1
}

# True when glibc version $1 is at least $2.
glibc_at_least() {
    [ "$(printf '%s\n%s\n' "$1" "$2" | sort -t. -k1,1n -k2,2n -k3,3n | tail -n 1)" = "$1" ]
}

# The glibc a manylinux platform tag promises ("manylinux_2_17_x86_64" -> 2.17,
# and the legacy aliases PEP 600 defines), empty for other tags.
glibc_of_tag() {
    case "$1" in
        manylinux1_*) echo 2.5 ;;
        manylinux2010_*) echo 2.12 ;;
        manylinux2014_*) echo 2.17 ;;
        manylinux_*) echo "$1" | sed -n 's/^manylinux_\([0-9]*\)_\([0-9]*\)_.*/\1.\2/p' ;;
    esac
}

# "x86_64" or "aarch64" from an ELF header.
elf_architecture() {
    case "$(readelf --file-header "$1" | sed -n 's/^ *Machine: *//p')" in
        *X86-64*) echo x86_64 ;;
        *AArch64*) echo aarch64 ;;
        *) echo unknown ;;
    esac
}

# Checks one wheel's claim against its binary: each platform tag in its name
# must be manylinux for the binary's architecture, with a glibc no older than
# the binary needs, and no Swift library may be linked dynamically.
check_wheel() {
    local wheel=$1 name tags binary folder needed arch claimed tag
    [ -f "$wheel" ] || fail "$wheel: no such wheel"
    name=$(basename "$wheel" .whl)
    tags=${name##*-}
    folder=$(mktemp -d "$work/check.XXXXXX")
    python3 - "$wheel" "$folder" <<'PY' || fail "$wheel: cannot read it as a zip file"
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as wheel:
    names = [n for n in wheel.namelist() if n.endswith(".data/scripts/pythons")]
    if not names:
        raise SystemExit(1)
    with open(sys.argv[2] + "/pythons", "wb") as out:
        out.write(wheel.read(names[0]))
PY
    binary=$folder/pythons
    needed=$(glibc_needed "$binary")
    arch=$(elf_architecture "$binary")
    [ -n "$needed" ] || fail "$(basename "$wheel"): its pythons binary needs no GLIBC_ symbol version: not a glibc binary?"
    if readelf --dynamic "$binary" | grep -Eq 'NEEDED.*(swift|Foundation|dispatch|BlocksRuntime)'; then
        fail "$(basename "$wheel"): its pythons binary links Swift's runtime dynamically ($(readelf --dynamic "$binary" | grep -Eo '\[lib[^]]*(swift|Foundation|dispatch|BlocksRuntime)[^]]*\]' | head -n 1)): build it with --static-swift-stdlib"
    fi
    for tag in ${tags//./ }; do
        claimed=$(glibc_of_tag "$tag")
        [ -n "$claimed" ] || fail "$(basename "$wheel") is tagged $tag, not manylinux: its binary needs glibc $needed on $arch (tag manylinux_${needed//./_}_$arch)"
        case "$tag" in *_"$arch") ;; *) fail "$(basename "$wheel") is tagged $tag, but its binary is for $arch" ;; esac
        glibc_at_least "$claimed" "$needed" \
            || fail "$(basename "$wheel") claims $tag (glibc $claimed), but its binary needs glibc $needed (GLIBC_$needed symbols): build it on a system with glibc $claimed or tag it manylinux_${needed//./_}_$arch"
    done
}

# auditwheel (PyPI) judges the wheel on its own: which policy its symbols and
# libraries meet. Its verdict must be the tag the wheel carries.
audit_wheel() {
    local wheel=$1 auditwheel tag verdict
    auditwheel=$(command -v auditwheel || true)
    [ -n "$auditwheel" ] || [ ! -x "${PYTHONS_TEST_TOOLS:-}/auditwheel" ] || auditwheel=$PYTHONS_TEST_TOOLS/auditwheel
    if [ -z "$auditwheel" ]; then
        log "auditwheel not found (pip install auditwheel): the policy was checked from the binary's symbols only"
        return
    fi
    verdict=$("$auditwheel" show "$wheel" 2>&1) || fail "auditwheel show $(basename "$wheel") failed: $(printf '%s' "$verdict" | tail -n 1)"
    printf '%s\n' "$verdict" >&2
    tag=$(printf '%s' "$verdict" | tr -s ' \n' ' ' | sed -n 's/.*consistent with the following platform tag: "\([^"]*\)".*/\1/p')
    name=$(basename "$wheel" .whl)
    [ "$tag" = "${name##*-}" ] || fail "auditwheel says $(basename "$wheel") meets \"$tag\", not the tag it carries (${name##*-})"
}

out=$scratch/dist
platform_tag=""
while [ $# -gt 0 ]; do
    case "$1" in
        --check) [ $# -eq 2 ] || usage; check_wheel "$2"; audit_wheel "$2"; echo "$2 ok" >&2; exit 0 ;;
        --out) [ $# -ge 2 ] || usage; out=$2; shift 2 ;;
        --platform-tag) [ $# -ge 2 ] || usage; platform_tag=$2; shift 2 ;;
        -h|--help) usage ;;
        *) printf 'build-wheel.sh: unknown argument %s\n' "$1" >&2; usage ;;
    esac
done

# GRDB links the system's SQLite by name (-lsqlite3). A folder holding only the
# static library, searched first, links it into the binary instead, so the
# wheel needs nothing beyond glibc (manylinux allows no libsqlite3.so).
log "release build (.build-release; first time: several minutes)"
multiarch=$(gcc -print-multiarch 2>/dev/null || echo "$(uname -m)-linux-gnu")
sqlite_static=""
for candidate in "/usr/lib/$multiarch/libsqlite3.a" /usr/lib64/libsqlite3.a /usr/lib/libsqlite3.a; do
    [ -f "$candidate" ] && { sqlite_static=$candidate; break; }
done
[ -n "$sqlite_static" ] || fail "no static SQLite (libsqlite3.a) found: install libsqlite3-dev (Debian, Ubuntu) or sqlite-devel (Fedora)"
mkdir -p "$scratch/static-libs"
ln -sf "$sqlite_static" "$scratch/static-libs/libsqlite3.a"
flags=(-c release --scratch-path "$scratch" --static-swift-stdlib -Xlinker "-L$scratch/static-libs")
swift build "${flags[@]}" --product pythons >&2
swift build "${flags[@]}" --product generate-manual >&2
bin=$(swift build "${flags[@]}" --show-bin-path)
binary=$bin/pythons

version=$("$binary" --version)
needed=$(glibc_needed "$binary")
arch=$(elf_architecture "$binary")
if [ -n "$platform_tag" ]; then
    claimed=$(glibc_of_tag "$platform_tag")
    [ -n "$claimed" ] || fail "--platform-tag $platform_tag is not a manylinux tag (manylinux_X_Y_$arch)"
    glibc_at_least "$claimed" "$needed" \
        || fail "--platform-tag $platform_tag claims glibc $claimed, but the binary needs glibc $needed (GLIBC_$needed symbols): build on a system with glibc $claimed or omit --platform-tag (gives manylinux_${needed//./_}_$arch)"
else
    platform_tag=manylinux_${needed//./_}_$arch
fi
wheel_name=pythons-$version-py3-none-$platform_tag.whl
log "packing $wheel_name (the binary needs glibc $needed)"

stage=$work/stage
data=$stage/pythons-$version.data
dist_info=$stage/pythons-$version.dist-info
mkdir -p "$data/scripts" "$data/data/share/pythons" "$data/data/share/man/man1" "$dist_info" \
    "$data/data/share/bash-completion/completions" "$data/data/share/zsh/site-functions" \
    "$data/data/share/fish/vendor_completions.d"
# Symbols and debug information are most of a release binary's size; the
# Swift runtime finds its metadata in sections that strip keeps.
strip -o "$data/scripts/pythons" "$binary"
chmod 755 "$data/scripts/pythons"
(cd Sources/PythonsCore/Resources && find python -name __pycache__ -prune -o -type f -print | while read -r file; do
    install -D -m 644 "$file" "$data/data/share/pythons/$file"
done)
# The manual and completions come from the command definitions themselves.
manual_date=$(git log -1 --format=%cs 2>/dev/null || date -u +%F)
"$bin/generate-manual" "$binary" --date "$manual_date" --output-directory "$data/data/share/man/man1" >&2
"$binary" --generate-completion-script bash > "$data/data/share/bash-completion/completions/pythons"
"$binary" --generate-completion-script zsh > "$data/data/share/zsh/site-functions/_pythons"
"$binary" --generate-completion-script fish > "$data/data/share/fish/vendor_completions.d/pythons.fish"

summary=$("$binary" --help | sed -n 's/^OVERVIEW: //p' | head -n 1)
cat > "$dist_info/METADATA" <<EOF
Metadata-Version: 2.1
Name: pythons
Version: $version
Summary: $summary
Description-Content-Type: text/markdown

$(cat README.md)
EOF
cat > "$dist_info/WHEEL" <<EOF
Wheel-Version: 1.0
Generator: pythons scripts/build-wheel.sh
Root-Is-Purelib: false
Tag: py3-none-$platform_tag
EOF

mkdir -p "$out"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 315532800)}
python3 scripts/make-wheel.py "$stage" "$out/$wheel_name"
check_wheel "$out/$wheel_name"
audit_wheel "$out/$wheel_name"
log "$(du -h "$out/$wheel_name" | cut -f1) $out/$wheel_name"
echo "$out/$wheel_name"
