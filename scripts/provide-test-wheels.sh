#!/usr/bin/env bash
# Downloads the real PyPI wheels the extension-audit tests install into a venv
# on the 3.13t build: free-threaded (cp313t) manylinux wheels of packages with
# compiled modules, at pinned versions and checked against pinned sha256s.
# Each is fetched once into the cache; a rerun with every file present and
# verified touches no network.
#   x86_64: numpy (C, Meson), markupsafe (C), psutil (C), frozenlist (Cython),
#           rpds-py (Rust, PyO3), pydantic-core (Rust; the tests install it
#           without its dependency typing-extensions, so its package fails to
#           import)
#   aarch64: markupsafe (a wheel for another platform)
# Usage: scripts/provide-test-wheels.sh   (prints the wheel folder on stdout)
set -euo pipefail
cache=${PYTHONS_CACHE:-$HOME/.cache/pythons}
folder=$cache/wheels/cp313t
tools=${PYTHONS_TEST_TOOLS:-$cache/tools-venv/bin}
mkdir -p "$folder"

# requirement  platform  file  sha256
wheels=(
  "numpy==2.4.6 x86_64 numpy-2.4.6-cp313-cp313t-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl ede83e07a75dd06bc501566c1eca2afc0d61677c1472ac9ad93fdee6e638a48d"
  "markupsafe==3.0.3 x86_64 markupsafe-3.0.3-cp313-cp313t-manylinux2014_x86_64.manylinux_2_17_x86_64.manylinux_2_28_x86_64.whl 8709b08f4a89aa7586de0aadc8da56180242ee0ada3999749b183aa23df95025"
  "psutil==7.2.2 x86_64 psutil-7.2.2-cp313-cp313t-manylinux2010_x86_64.manylinux_2_12_x86_64.manylinux_2_28_x86_64.whl 1a571f2330c966c62aeda00dd24620425d4b0cc86881c89861fbc04549e5dc63"
  "frozenlist==1.8.0 x86_64 frozenlist-1.8.0-cp313-cp313t-manylinux1_x86_64.manylinux_2_28_x86_64.manylinux_2_5_x86_64.whl b3210649ee28062ea6099cfda39e147fa1bc039583c8ee4481cb7811e2448c51"
  "rpds-py==2026.5.1 x86_64 rpds_py-2026.5.1-cp313-cp313t-manylinux_2_17_x86_64.manylinux2014_x86_64.whl 27b74c10ed6a8f190f4287f53bcfea348b92a84a9c9f70d30183d1e6172d580d"
  "pydantic-core==2.41.4 x86_64 pydantic_core-2.41.4-cp313-cp313t-manylinux_2_17_x86_64.manylinux2014_x86_64.whl d25e97bc1f5f8f7985bdc2335ef9e73843bb561eb1fa6831fdfc295c1c2061cf"
  "markupsafe==3.0.3 aarch64 markupsafe-3.0.3-cp313-cp313t-manylinux2014_aarch64.manylinux_2_17_aarch64.manylinux_2_28_aarch64.whl 4e885a3d1efa2eadc93c894a21770e4bc67899e3543680313b09f139e149ab19"
)

verified() { [ -f "$1" ] && echo "$2  $1" | sha256sum --check --status; }

for entry in "${wheels[@]}"; do
    read -r requirement arch file sha256 <<<"$entry"
    verified "$folder/$arch/$file" "$sha256" && continue
    echo "downloading $requirement ($arch, cp313t) from PyPI" >&2
    mkdir -p "$folder/$arch"
    work=$(mktemp -d "$folder/download.XXXXXX")
    platforms=()
    for tag in manylinux1 manylinux2010 manylinux2014 manylinux_2_5 manylinux_2_12 manylinux_2_17 manylinux_2_27 manylinux_2_28; do
        platforms+=(--platform "${tag}_$arch")
    done
    printf '%s --hash=sha256:%s\n' "$requirement" "$sha256" >"$work/requirements.txt"
    "$tools/pip" download -q --no-deps --only-binary=:all: --require-hashes \
        --python-version 3.13 --implementation cp --abi cp313t "${platforms[@]}" \
        -d "$work" -r "$work/requirements.txt" >&2
    if ! verified "$work/$file" "$sha256"; then
        echo "error: PyPI did not give $file with sha256 $sha256" >&2
        rm -rf "$work"
        exit 1
    fi
    mv "$work/$file" "$folder/$arch/$file"
    rm -rf "$work"
done
echo "$folder"
