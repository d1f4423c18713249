# `pythons ext check|audit`: imports one module in this (fresh) free-threaded
# interpreter and reports whether the GIL is still off afterwards.
#
# Usage: python ext_check.py --file PATH --name DOTTED.NAME [--root DIR]
#        python ext_check.py --module DOTTED.NAME
#
# --file loads exactly that extension file under NAME (its folder, or --root,
# goes first on sys.path so that what it imports is found); --module imports
# by name with the current folder first on sys.path, as `python -c` would.
#
# The report is one JSON line on the original stdout, written before anything
# else that could crash; the module's own prints go to stderr.
import argparse
import importlib
import importlib.util
import json
import os
import re
import sys
import traceback
import warnings

GIL_WARNING = re.compile(r"The global interpreter lock \(GIL\) has been enabled to load module '([^']+)'")


def gil_enabled():
    check = getattr(sys, "_is_gil_enabled", None)
    return True if check is None else bool(check())


def extension_facts(path):
    """How an extension file initializes its module and what generated it,
    read from the names in the file: multi-phase modules call
    PyModuleDef_Init, single-phase ones PyModule_Create2 (what PyModule_Create
    expands to). Unknown facts are None."""
    facts = {"init_kind": None, "generator": None}
    if not path or not os.path.isfile(path) or path.endswith(".py"):
        return facts
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return facts
    multi = b"PyModuleDef_Init" in data
    single = b"PyModule_Create2" in data
    if multi != single:
        facts["init_kind"] = "multi-phase" if multi else "single-phase"
    if b"__pyx_" in data:
        facts["generator"] = "cython"
    elif b"pybind11" in data:
        facts["generator"] = "pybind11"
    return facts


def load(options):
    if options.module:
        sys.path.insert(0, os.getcwd())
        return importlib.import_module(options.module)
    path = os.path.abspath(options.file)
    sys.path.insert(0, os.path.abspath(options.root) if options.root else os.path.dirname(path))
    spec = importlib.util.spec_from_file_location(options.name, path)
    if spec is None or spec.loader is None:
        raise ImportError("%s is not a module Python can load" % path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[options.name] = module
    spec.loader.exec_module(module)
    return module


def forget_own_folder():
    """This file's folder is sys.path[0]; the user's code must not import
    Pythons' helpers by accident."""
    here = os.path.dirname(os.path.abspath(__file__))
    if sys.path and os.path.abspath(sys.path[0] or ".") == here:
        del sys.path[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--file")
    parser.add_argument("--name")
    parser.add_argument("--root")
    parser.add_argument("--module")
    options = parser.parse_args()
    forget_own_folder()

    out = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)

    report = {
        "gil_before": gil_enabled(),
        "gil_after": None,
        "gil_warnings": [],
        "other_warnings": [],
        "error": None,
        "module_file": None,
    }
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            module = load(options)
            report["module_file"] = getattr(module, "__file__", None)
        except BaseException as error:
            report["error"] = {
                "type": type(error).__name__,
                "line": traceback.format_exception_only(type(error), error)[-1].strip(),
                "traceback": traceback.format_exc(),
            }
    report["gil_after"] = gil_enabled()
    for warning in caught:
        text = str(warning.message)
        match = GIL_WARNING.search(text)
        if match:
            name = match.group(1)
            loaded = sys.modules.get(name)
            file = getattr(loaded, "__file__", None) if loaded is not None else None
            if file is None and options.file and name == options.name:
                file = os.path.abspath(options.file)
            entry = {"module": name, "file": file, "text": "%s: %s" % (warning.category.__name__, text)}
            entry.update(extension_facts(file))
            report["gil_warnings"].append(entry)
        else:
            report["other_warnings"].append("%s: %s" % (warning.category.__name__, text))
    out.write(json.dumps(report) + "\n")
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
