# `pythons ext build`: what this interpreter says its extensions are built
# with: its C compiler (sysconfig CC, the one it was built with), its header
# folders (what `pythonX.Y-config --includes` prints) and its EXT_SUFFIX.
# Prints one JSON object.
import importlib.machinery
import json
import os
import platform
import shlex
import sys
import sysconfig


def unique(items):
    found = []
    for item in items:
        if item and item not in found:
            found.append(item)
    return found


def main():
    paths = sysconfig.get_paths()
    include_dirs = unique([paths.get("include"), paths.get("platinclude")])
    python_h = next((os.path.join(folder, "Python.h") for folder in include_dirs
                     if os.path.isfile(os.path.join(folder, "Python.h"))), None)
    report = {
        "compiler": shlex.split(sysconfig.get_config_var("CC") or ""),
        "include_dirs": include_dirs,
        "python_h": python_h,
        "ext_suffix": sysconfig.get_config_var("EXT_SUFFIX"),
        "extension_suffixes": list(importlib.machinery.EXTENSION_SUFFIXES),
        "system": platform.system(),
    }
    sys.stdout.write(json.dumps(report) + "\n")


main()
