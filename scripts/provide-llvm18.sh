#!/usr/bin/env bash
# Prints a folder holding clang-18, llvm-objdump-18 and llvm-readobj-18, which a
# CPython 3.13 JIT build needs: scripts/provide-llvm.sh 18 (Debian 13's LLVM,
# unpacked privately and run through its own loader).
# Usage: scripts/provide-llvm18.sh   (prints the folder on stdout)
exec "$(dirname "$0")/provide-llvm.sh" 18
