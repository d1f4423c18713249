"""The worker's pyperf workload: runs an unmodified pyperf script as
`python SCRIPT ARGS` would (as __main__, its folder first on sys.path, its
arguments in sys.argv), with Pythons' pyperf stand-in (../standin) ahead of
everything on sys.path, so the real pyperf is never imported.

Each benchmark the script registers reaches on_register() below as a loop
timer. In mode=list nothing is timed: the script runs to its end and the
names it registered are printed after LIST_PREFIX. Otherwise the chosen
benchmark (benchmark=NAME, else the first registered) is handed to the
worker's measure() at the moment the script registers it, inside the script's
own call, so state the script sets up around that call (a temporary folder
removed in a `finally:`, an open file) is still there while it is timed; then
the script is unwound, its later benchmarks never run.

Failures end the process with status 1 and one line on stderr saying what to
do next: a call the stand-in does not support, a benchmark name the script
did not register, a script that registered none.
"""
import os
import sys

LIST_PREFIX = "@@pythons-benchmarks "


class _Measured(BaseException):
    # Not an Exception: a script's `except Exception:` must not swallow it.
    pass


def _standin_folder():
    workloads = os.path.dirname(os.path.abspath(__file__))
    return os.path.join(os.path.dirname(workloads), "standin")


def _fail(message):
    sys.stdout.flush()
    sys.stderr.write(message + "\n")
    sys.stderr.flush()
    sys.exit(1)


def _prepare_path(script):
    workloads = os.path.dirname(os.path.abspath(__file__))
    # `python worker.py` put the worker's folder first; a script run by
    # itself would have its own folder there instead.
    sys.path[:] = [entry for entry in sys.path if os.path.abspath(entry or os.curdir) != workloads]
    sys.path[0:0] = [_standin_folder(), os.path.dirname(script)]
    sys.modules.pop("pyperf", None)
    import pyperf
    if not getattr(pyperf, "PYTHONS_STANDIN", False):
        _fail("imported %s instead of Pythons' pyperf stand-in" % getattr(pyperf, "__file__", "another pyperf"))
    return pyperf


def _write_listing(benchmarks):
    import json
    listing = [{"name": name, "kind": kind} for name, kind in benchmarks]
    sys.stdout.flush()
    sys.stdout.write("\n" + LIST_PREFIX + json.dumps({"benchmarks": listing}) + "\n")
    sys.stdout.flush()


def run(spec, measure):
    script = os.path.abspath(spec["file"])
    if not os.path.isfile(script):
        _fail("no script %s" % script)
    pyperf = _prepare_path(script)
    listing = spec.get("mode") == "list"
    chosen = spec.get("benchmark")

    def on_register(name, kind, loop_timer, inner_loops):
        if listing or (chosen is not None and name != chosen):
            return None
        measure(lambda loops: loop_timer(loops) * 1e9, spec, inner_loops)
        raise _Measured()

    pyperf.registry.on_register = on_register
    sys.argv = [script] + list(spec.get("arguments", []))
    import runpy
    try:
        runpy.run_path(script, run_name="__main__")
    except _Measured:
        return
    except pyperf.Unsupported as error:
        _fail("%s: %s" % (os.path.basename(script), error))
    except SystemExit as exit_request:
        # argparse's usage errors exit 2 after printing their own line.
        if exit_request.code not in (None, 0):
            raise
    names = [name for name, _ in pyperf.registry.benchmarks]
    if listing:
        _write_listing(pyperf.registry.benchmarks)
    elif not names:
        _fail("%s registered no benchmark: it must call Runner.bench_func, bench_time_func, bench_async_func "
              "or timeit" % os.path.basename(script))
    else:
        _fail("%s registered no benchmark named %r; it registered: %s" % (
            os.path.basename(script), chosen, ", ".join(names)))
