# Start-up file of `pythons repl`: run as `python -i repl_startup.py BANNER`.
#
# Prints the seed's banner (computed by Pythons and passed as the one
# argument), defines reveal_code(function) as the seed's uops.py session has
# it, and leaves the session as a plain interactive interpreter would start:
# sys.argv == [''], the current folder first on sys.path, no helper names in
# the namespace.
import sys as _sys


def _pythons_start():
    import os

    here = os.path.dirname(os.path.abspath(__file__))
    try:
        import importlib.util
        spec = importlib.util.spec_from_file_location("_pythons_microops", os.path.join(here, "microops.py"))
        microops = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(microops)
    except Exception:  # Python 2 and early 3: no executors to show anyway
        microops = None

    def reveal_code(function):
        """Print the micro-ops of every executor the JIT (or the tier-2
        interpreter) made for FUNCTION's hot loops, one name a line, or
        "Micro-ops unavailable" when there are none yet."""
        target = microops.python_function(function) if microops is not None else None
        executors = microops.executors_of(target) if target is not None else []
        names = [uop["name"] for executor in executors for uop in executor["uops"]]
        if names:
            print("\n".join(names))
        else:
            print("Micro-ops unavailable")

    if len(_sys.argv) > 1:
        print(_sys.argv[1])
    # Like `python` with no script: argv is [''] and the current folder, not
    # this file's folder, is searched first.
    _sys.argv[:] = [""]
    if _sys.path and os.path.abspath(_sys.path[0]) == here:
        _sys.path[0] = ""
    return reveal_code


reveal_code = _pythons_start()
del _pythons_start
