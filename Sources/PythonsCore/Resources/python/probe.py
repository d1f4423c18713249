# Reports what this interpreter is, as one JSON object on stdout.
#
# Pythons runs this file in every interpreter it finds, from Python 2.7 to the
# newest, so it uses only syntax and modules that all of them have. It must not
# fail: anything it cannot find out is reported as null.
#
# Pythons runs it with -S (no site module) except in a venv, whose sys.prefix
# and site-packages only site sets, so that what it reports is the venv's view.
#
# Usage: python probe.py [--banner]
#   --banner  also gathers the fields of the seed's banner line that are slow to
#             get (platform.architecture() and platform.processor() may start
#             helper programs), which `pythons list` does not need.
import json
import os
import platform
import re
import struct
import sys

from interpreter_state import gil_enabled_now, tier2_active_now

try:
    import sysconfig
except ImportError:  # Python 2.6
    sysconfig = None

PROBE_VERSION = 2


def config_var(name):
    if sysconfig is None:
        return None
    try:
        return sysconfig.get_config_var(name)
    except Exception:
        return None


def cpu_count():
    counter = getattr(os, "cpu_count", None)
    if counter is not None:
        return counter()
    try:
        import multiprocessing
        return multiprocessing.cpu_count()
    except Exception:
        return None


def tier2_flags(core_cflags):
    # -D_Py_TIER2=N is a bitmask: 1 JIT, 2 off by default, 4 micro-op interpreter.
    match = re.search(r"-D_Py_TIER2=(\d+)", core_cflags)
    return int(match.group(1)) if match else None


def site_packages():
    if sysconfig is None:
        return []
    try:
        paths = sysconfig.get_paths()
    except Exception:
        return []
    found = []
    for key in ("purelib", "platlib"):
        value = paths.get(key)
        if value and value not in found:
            found.append(value)
    return found


def include_dir():
    if sysconfig is None:
        return None
    try:
        return sysconfig.get_paths().get("include")
    except Exception:
        return None


def main():
    core_cflags = config_var("PY_CORE_CFLAGS") or ""
    info = sys.version_info
    report = {
        "probe_version": PROBE_VERSION,
        "implementation": platform.python_implementation(),
        "version": platform.python_version(),
        "version_info": [info[0], info[1], info[2], info[3], info[4]],
        "sys_version": sys.version,
        "executable": sys.executable,
        "prefix": sys.prefix,
        "base_prefix": getattr(sys, "base_prefix", sys.prefix),
        "base_executable": getattr(sys, "_base_executable", None),
        "abiflags": getattr(sys, "abiflags", ""),
        "ext_suffix": config_var("EXT_SUFFIX") or config_var("SO"),
        "soabi": config_var("SOABI"),
        "free_threaded_build": bool(config_var("Py_GIL_DISABLED")),
        "gil_enabled": gil_enabled_now(),
        "jit_build": "-D_Py_JIT" in core_cflags,
        "tier2_flags": tier2_flags(core_cflags),
        "uop_optimizer_active": tier2_active_now(),
        "config_args": config_var("CONFIG_ARGS"),
        "compiler": platform.python_compiler(),
        "include_dir": include_dir(),
        "site_packages": site_packages(),
        "pointer_bits": struct.calcsize("P") * 8,
        "system": platform.system(),
        "machine": platform.machine(),
        "cpu_count": cpu_count(),
        "byteorder": sys.byteorder,
        "environment": {
            "PYTHON_GIL": os.environ.get("PYTHON_GIL"),
            "PYTHON_JIT": os.environ.get("PYTHON_JIT"),
        },
    }
    if "--banner" in sys.argv[1:]:
        # The seed's banner uses exactly these calls.
        report["architecture"] = platform.architecture()[0]
        report["processor"] = platform.processor()
    sys.stdout.write(json.dumps(report))
    sys.stdout.write("\n")


main()
