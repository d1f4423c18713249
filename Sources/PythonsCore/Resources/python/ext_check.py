# `pythons ext check|audit`: imports one module in this (fresh) free-threaded
# interpreter the way a user would, and reports whether the GIL is still off
# afterwards.
#
# Usage: python ext_check.py --module DOTTED.NAME [--file PATH] [--path-entry DIR] [--cwd-first]
#                            [--progress FILE]
#
# The module is imported by its dotted name from this interpreter's own
# sys.path (a venv's when run from a venv), each enclosing package first, so
# that a package that cannot be imported is reported as the package's problem.
# --path-entry puts DIR first on sys.path when it is not on it already (an
# audited folder that is not a site-packages); --cwd-first puts the current
# folder first, as `python -c` does; --file is the file the import should
# load, so that a module shadowed by another of the same name is noticed.
#
# The report is one JSON line on the original stdout, written last; the
# module's own prints go to stderr. With --progress, each name is written to
# FILE (a line, flushed) before it is imported, so that a crash or a hang,
# which leave no report, can be placed.
import importlib
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


def parse_arguments(argv):
    options = {"module": None, "file": None, "path_entry": None, "cwd_first": False, "progress": None}
    index = 0
    while index < len(argv):
        name = argv[index]
        if name == "--cwd-first":
            options["cwd_first"] = True
        elif name in ("--module", "--file", "--path-entry", "--progress") and index + 1 < len(argv):
            options[name[2:].replace("-", "_")] = argv[index + 1]
            index += 1
        else:
            raise SystemExit("ext_check.py: unknown argument %r" % name)
        index += 1
    if not options["module"]:
        raise SystemExit("ext_check.py: --module is required")
    return options


def forget_own_folder():
    """This file's folder is sys.path[0]; the user's code must not import
    Pythons' helpers by accident."""
    here = os.path.dirname(os.path.abspath(__file__))
    if sys.path and os.path.abspath(sys.path[0] or ".") == here:
        del sys.path[0]


def on_sys_path(folder):
    wanted = os.path.realpath(folder)
    return any(os.path.realpath(entry or ".") == wanted for entry in sys.path)


def same_file(left, right):
    try:
        return os.path.samefile(left, right)
    except OSError:
        return False


def error_report(error):
    return {
        "type": type(error).__name__,
        "line": traceback.format_exception_only(type(error), error)[-1].strip(),
        "traceback": traceback.format_exc(),
    }


def main():
    options = parse_arguments(sys.argv[1:])
    forget_own_folder()
    if options["path_entry"] and not on_sys_path(options["path_entry"]):
        sys.path.insert(0, os.path.abspath(options["path_entry"]))
    if options["cwd_first"]:
        sys.path.insert(0, os.getcwd())

    out = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)

    progress = open(options["progress"], "w") if options["progress"] else None

    def importing(name):
        if progress is not None:
            progress.write(name + "\n")
            progress.flush()

    report = {
        "gil_before": gil_enabled(),
        "gil_after": None,
        "gil_warnings": [],
        "other_warnings": [],
        "error": None,
        "failed_package": None,
        "module_file": None,
    }
    parts = options["module"].split(".")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for depth in range(1, len(parts) + 1):
            name = ".".join(parts[:depth])
            importing(name)
            try:
                module = importlib.import_module(name)
            except BaseException as error:
                report["error"] = error_report(error)
                if depth < len(parts):
                    report["failed_package"] = name
                break
        else:
            report["module_file"] = getattr(module, "__file__", None)
    report["gil_after"] = gil_enabled()
    if options["file"] and report["module_file"] and not same_file(report["module_file"], options["file"]):
        report["shadowed_by"] = report["module_file"]
    for warning in caught:
        text = str(warning.message)
        match = GIL_WARNING.search(text)
        if match:
            name = match.group(1)
            loaded = sys.modules.get(name)
            file = getattr(loaded, "__file__", None) if loaded is not None else None
            if file is None and name == options["module"]:
                file = options["file"]
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
