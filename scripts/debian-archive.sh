#!/usr/bin/env bash
# Shared helpers for scripts that download from Debian's archive without touching
# the machine's own apt configuration. The archive's address is read from the
# machine's apt sources so that no host name is written in this repository.
# Source this file; it defines debian_archive_uri, debian_private_apt,
# debian_library_closure, debian_unpack, and debian_fresh_cache with
# debian_finish_cache for the scripts that unpack packages into a cache.

debian_archive_uri() {
    local parts
    parts=$(apt-config shell D Dir::Etc::sourceparts/d | sed "s/^D='//;s/'$//")
    local uri=""
    if [ -f "$parts/debian.sources" ]; then
        uri=$(awk '/^URIs:/ {print $2; exit}' "$parts/debian.sources")
    fi
    if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
        uri=$(awk '$1 == "deb" && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list)
    fi
    if [ -z "$uri" ]; then
        echo "error: cannot find a Debian archive address in the apt configuration" >&2
        return 1
    fi
    printf '%s\n' "$uri"
}

# debian_private_apt DIR LINE...: writes a private sources.list with the given
# lines into DIR, runs `apt-get update` against it, and sets APT_PRIVATE_OPTS
# (an array) for later apt-get calls.
debian_private_apt() {
    local dir=$1; shift
    mkdir -p "$dir/lists/partial" "$dir/archives/partial" "$dir/cache"
    printf '%s\n' "$@" > "$dir/sources.list"
    # Dir::Cache keeps apt's package cache private too: with the default, a
    # cache built from these lists would be written over the machine's own.
    APT_PRIVATE_OPTS=(
        -o "Dir::Etc::sourcelist=$dir/sources.list"
        -o "Dir::Etc::sourceparts=/nonexistent"
        -o "Dir::State::Lists=$dir/lists"
        -o "Dir::Cache=$dir/cache"
        -o "Dir::Cache::archives=$dir/archives"
        -o "APT::Sandbox::User=root"
    )
    apt-get "${APT_PRIVATE_OPTS[@]}" -qq update
}

# debian_library_closure PACKAGE...: prints the packages and, recursively, the
# run-time libraries they depend on (packages named lib*, except -dev and -doc
# ones, and zlib1g), one a line, in the private configuration
# debian_private_apt made.
# Library names move between suites (libssl3 became libssl3t64, libxml2 became
# libxml2-16), so they are read from the suite rather than written down.
debian_library_closure() {
    local -A seen=()
    local frontier=("$@") next package
    while [ ${#frontier[@]} -gt 0 ]; do
        next=()
        for package in "${frontier[@]}"; do
            [ -n "${seen[$package]:-}" ] && continue
            seen[$package]=1
            printf '%s\n' "$package"
        done
        # One apt-cache call per level: each call reads the whole suite's index.
        while read -r package; do
            case $package in
                lib*-dev|lib*-doc) ;;
                lib*|zlib1g) [ -n "${seen[$package]:-}" ] || next+=("$package") ;;
            esac
        done < <(apt-cache "${APT_PRIVATE_OPTS[@]}" depends --no-recommends --no-suggests --no-enhances \
                     --no-breaks --no-conflicts --no-replaces "${frontier[@]}" \
                 | awk '$1 ~ /^\|?(Pre)?Depends:$/ && $2 !~ /^</ {print $2}' | sort -u)
        frontier=("${next[@]}")
    done
}

# debian_unpack ROOT PACKAGE...: downloads the packages' candidate versions
# from the private configuration and unpacks each into ROOT with dpkg -x (never
# dpkg -i: nothing is installed, no maintainer script runs). Prints
# "PACKAGE VERSION" for each on stdout, for the caller's record.
debian_unpack() {
    local root=$1; shift
    local downloads
    downloads=$(mktemp -d)
    (cd "$downloads" && apt-get "${APT_PRIVATE_OPTS[@]}" -qq download "$@" >/dev/null)
    mkdir -p "$root"
    local deb
    for deb in "$downloads"/*.deb; do
        dpkg -x "$deb" "$root"
        dpkg-deb --show --showformat='${Package} ${Version}\n' "$deb"
    done
    rm -rf "$downloads"
}

# debian_fresh_cache CACHE SUITE: removes CACHE and makes $STAGING, a folder
# beside it that debian_finish_cache renames into place, and a private apt
# configuration for SUITE's binary packages (debian_private_apt; apt checks
# the suite's signature with the machine's Debian keys). Until then both are
# removed when the script exits, so a failed run leaves no half cache.
debian_fresh_cache() {
    local cache=$1 suite=$2 uri
    mkdir -p "${cache%/*}"
    rm -rf "$cache"
    STAGING=$(mktemp -d "$cache.staging.XXXXXX")
    DEBIAN_WORK=$(mktemp -d)
    trap 'rm -rf "$DEBIAN_WORK" "$STAGING"' EXIT
    uri=$(debian_archive_uri)
    debian_private_apt "$DEBIAN_WORK/apt" "deb $uri $suite main"
}

# debian_finish_cache CACHE: moves $STAGING into place as CACHE.
debian_finish_cache() {
    mv "$STAGING" "$1"
    trap 'rm -rf "$DEBIAN_WORK"' EXIT
}
