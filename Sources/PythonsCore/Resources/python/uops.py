# `pythons uops`: loads FILE, calls expressions until FUNCTION's loops are hot,
# and reports the executors (micro-ops) the interpreter made for it.
#
# Usage: python uops.py --file FILE --function NAME [--call EXPR]...
#                       [--max-calls N] [--max-seconds S]
#
# The report is one JSON object on the original stdout. What the user's code
# prints on stdout is discarded, so it cannot corrupt the report.
import argparse
import importlib.util
import json
import os
import sys
import time
import traceback


def load_library():
    here = os.path.dirname(os.path.abspath(__file__))
    spec = importlib.util.spec_from_file_location("_pythons_microops", os.path.join(here, "microops.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


microops = load_library()


def error_report(error, file_name):
    # The first frame is this helper's own exec() or eval(): not the user's.
    user_traceback = error.__traceback__.tb_next if error.__traceback__ else None
    lines = traceback.format_exception(type(error), error, user_traceback)
    frames = [frame for frame in traceback.extract_tb(user_traceback)
              if os.path.abspath(frame.filename) == file_name]
    innermost = frames[-1] if frames else None
    return {
        "type": type(error).__name__,
        "message": str(error),
        "line": traceback.format_exception_only(type(error), error)[-1].strip(),
        "traceback": "".join(lines),
        "file_line": innermost.lineno if innermost else None,
    }


def fail(report, out, kind, message):
    report["load_error"] = {"kind": kind, "message": message}
    out.write(json.dumps(report) + "\n")
    out.flush()
    return 0


def forget_own_folder():
    """This file's folder is sys.path[0]; the user's code must not import
    Pythons' helpers by accident."""
    here = os.path.dirname(os.path.abspath(__file__))
    if sys.path and os.path.abspath(sys.path[0] or ".") == here:
        del sys.path[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--file", required=True)
    parser.add_argument("--function", required=True)
    parser.add_argument("--call", action="append", default=[])
    parser.add_argument("--max-calls", type=int, default=10000)
    parser.add_argument("--max-seconds", type=float, default=20.0)
    options = parser.parse_args()
    forget_own_folder()

    # Keep the real stdout for the report. What the user's code prints is not
    # wanted here, and thousands of calls could print without end: discard it.
    out = os.fdopen(os.dup(1), "w")
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)

    report = microops.module_environment_report()
    report.update({"calls_made": 0, "seconds": 0.0, "stopped_by": None, "error": None,
                   "executors": [], "has_loop": None, "load_error": None})

    file_name = os.path.abspath(options.file)
    folder = os.path.dirname(file_name)
    sys.path.insert(0, folder)
    sys.argv = [file_name]
    namespace = {"__name__": "__pythons_uops__", "__file__": file_name, "__builtins__": __builtins__}
    try:
        with open(file_name, "rb") as source_file:
            source = source_file.read()
    except OSError as error:
        return fail(report, out, "file", "cannot read %s: %s" % (options.file, error.strerror))
    try:
        code = compile(source, file_name, "exec")
    except SyntaxError as error:
        return fail(report, out, "syntax", "%s line %s: %s" % (options.file, error.lineno, error.msg))
    try:
        exec(code, namespace)
    except BaseException as error:
        report["error"] = error_report(error, file_name)
        report["stopped_by"] = "load"
        out.write(json.dumps(report) + "\n")
        return 0

    target = namespace
    value = None
    for part in options.function.split("."):
        value = target.get(part) if isinstance(target, dict) else getattr(target, part, None)
        if value is None:
            defined = sorted(name for name, item in namespace.items()
                             if not name.startswith("_") and microops.python_function(item) is not None)
            return fail(report, out, "function", "%s defines no %s%s" % (
                options.file, options.function,
                " (it defines: %s)" % ", ".join(defined) if defined else ""))
        target = value
    function = microops.python_function(value)
    if function is None:
        return fail(report, out, "function", "%s in %s is a %s, not a Python function" % (
            options.function, options.file, type(value).__name__))
    report["has_loop"] = microops.has_loop(function.__code__)

    calls = options.call or ["%s()" % options.function]
    try:
        compiled = [compile(call, "<--call %s>" % call, "eval") for call in calls]
    except SyntaxError as error:
        return fail(report, out, "call", "--call %r is not a Python expression: %s" % (error.text or "", error.msg))

    # Without tier 2 a single round still shows whether the expression runs.
    can_get_hot = report["executors_supported"] and report["optimizer_active"] is not False
    scanners = microops.scanners_for(function)
    start = time.perf_counter()
    deadline = start + options.max_seconds
    stopped_by = None
    calls_made = 0
    try:
        while stopped_by is None:
            for expression in compiled:
                calls_made += 1
                eval(expression, namespace)
                if microops.has_executor(scanners):
                    stopped_by = "executors"
                elif not can_get_hot and calls_made >= len(compiled):
                    stopped_by = "unavailable"
                elif calls_made >= options.max_calls:
                    stopped_by = "max_calls"
                elif time.perf_counter() >= deadline:
                    stopped_by = "max_seconds"
                if stopped_by:
                    break
    except BaseException as error:
        report["error"] = error_report(error, file_name)
        stopped_by = "error"
    report["seconds"] = time.perf_counter() - start
    report["calls_made"] = calls_made
    report["stopped_by"] = stopped_by
    report["executors"] = microops.executors_of(function, scanners)
    out.write(json.dumps(report) + "\n")
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
