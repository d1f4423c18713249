#!/usr/bin/env bash
# Shared helpers for scripts that download from Debian's archive without touching
# the machine's own apt configuration. The archive's address is read from the
# machine's apt sources so that no host name is written in this repository.
# Source this file; it defines debian_archive_uri and debian_private_apt.

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
    mkdir -p "$dir/lists/partial" "$dir/archives/partial"
    printf '%s\n' "$@" > "$dir/sources.list"
    APT_PRIVATE_OPTS=(
        -o "Dir::Etc::sourcelist=$dir/sources.list"
        -o "Dir::Etc::sourceparts=/nonexistent"
        -o "Dir::State::Lists=$dir/lists"
        -o "Dir::Cache::archives=$dir/archives"
        -o "APT::Sandbox::User=root"
    )
    apt-get "${APT_PRIVATE_OPTS[@]}" -qq update
}
