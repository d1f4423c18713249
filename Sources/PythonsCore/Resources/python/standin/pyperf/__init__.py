"""Pythons' stand-in for the pyperf module, so that unmodified pyperf
benchmark scripts (pyperformance's bm_*/run_benchmark.py among them) run
under Pythons' own sampling whether or not pyperf is installed.

Only Pythons' worker puts this folder on sys.path (first, for the pyperf
workload kind alone; see workloads/pyperf_script.py): the real pyperf is never
imported there. The stand-in does not time anything itself. Each benchmark a
script registers (Runner.bench_func, bench_time_func, bench_async_func,
timeit) becomes a "loop timer", a function of a loop count that returns the
seconds those loops took per inner loop, as pyperf counts a value; the worker
hands the chosen one to Pythons' timing loop (warm-up, calibration, timed
values). What the stand-in does not provide raises Unsupported, whose message
names the call.
"""
import sys
from time import perf_counter

VERSION = (2, 10, 0)
__version__ = ".".join(map(str, VERSION))
# How a script or a test can tell the stand-in from the real module.
PYTHONS_STANDIN = True

__all__ = ["perf_counter", "python_implementation", "python_has_jit", "Runner"]


class Unsupported(RuntimeError):
    """A pyperf feature the stand-in does not provide; the message names it."""

    def __init__(self, call, why=""):
        message = "%s is not supported by Pythons' pyperf stand-in" % call
        if why:
            message += " (%s)" % why
        RuntimeError.__init__(self, message)
        self.call = call


def python_implementation():
    """'cpython', 'pypy', ...: lower case, as pyperf returns it."""
    return sys.implementation.name.lower()


def python_has_jit():
    """Whether a JIT is active, as pyperf 2.10 decides its defaults: PyPy's,
    or CPython 3.14+'s sys._jit.is_enabled()."""
    if python_implementation() == "pypy":
        return bool(getattr(sys, "pypy_translation_info", {}).get("translation.jit", True))
    jit = getattr(sys, "_jit", None)
    if jit is not None and hasattr(jit, "is_enabled"):
        try:
            return bool(jit.is_enabled())
        except Exception:
            return False
    return False


class _Registry:
    """Where registered benchmarks go. The worker's driver replaces
    `on_register` before it runs the script; without a driver (a script run
    by hand with this folder on its path), registering only records."""

    def __init__(self):
        self.benchmarks = []

    def on_register(self, name, kind, loop_timer):
        return None

    def register(self, name, kind, loop_timer, inner_loops=None):
        """loop_timer(loops) gives the seconds `loops` iterations took; each
        iteration runs the benchmarked code inner_loops times."""
        if any(existing == name for existing, _ in self.benchmarks):
            raise ValueError("duplicated benchmark name: %r" % (name,))
        self.benchmarks.append((name, kind))
        return self.on_register(name, kind, loop_timer, inner_loops or 1)


registry = _Registry()


def _lines(code):
    return "\n".join(code) if isinstance(code, (list, tuple)) else code


def _timeit_timer(stmt, setup, teardown, namespace):
    """A timeit.Timer whose function runs `teardown` after the timed loop, in
    the scope `setup` made, as pyperf's timeit does (the standard module has
    no teardown). Its template is the module's, with the teardown added."""
    import textwrap
    import timeit as timeit_module
    if callable(teardown) or not teardown or teardown == "pass":
        timer = timeit_module.Timer(stmt, setup, timer=perf_counter, globals=namespace)
        if callable(teardown):
            plain = timer.timeit

            def timed(loops):
                elapsed = plain(loops)
                teardown()
                return elapsed
            timer.timeit = timed
        return timer
    compile(teardown, "<teardown>", "exec")
    saved = timeit_module.template
    timeit_module.template = saved.replace("    return _t1 - _t0", textwrap.indent(teardown, "    ") + "\n    return _t1 - _t0")
    try:
        return timeit_module.Timer(stmt, setup, timer=perf_counter, globals=namespace)
    finally:
        timeit_module.template = saved


def _check_keywords(call, keywords, allowed):
    unknown = sorted(set(keywords) - set(allowed))
    if unknown:
        raise TypeError("%s() got unexpected keyword argument %s" % (call, ", ".join(map(repr, unknown))))


def _bind(func, args):
    if not args:
        return func
    return lambda: func(*args)


class Runner:
    """What benchmark scripts build: its argparser holds pyperf's own options
    (so a script's options cannot clash with them any more than under pyperf),
    parse_args() parses sys.argv, and each bench_* call registers a benchmark
    with the worker instead of spawning pyperf's worker processes."""

    _created = False

    def __init__(self, values=None, processes=None, loops=0, min_time=0.1, metadata=None, show_name=True,
                 program_args=None, add_cmdline_args=None, _argparser=None, warmups=1):
        if Runner._created:
            raise RuntimeError("only one Runner instance must be created per process: "
                               "use the same instance to run all benchmarks")
        Runner._created = True
        import argparse
        self.metadata = {} if metadata is None else metadata
        self.args = None
        # Only pyperf's process spawning reads these; kept for scripts that
        # look at them.
        self._add_cmdline_args = add_cmdline_args
        self._program_args = program_args or (sys.argv[0],)
        parser = _argparser if _argparser is not None else argparse.ArgumentParser()
        parser.description = "Benchmark"
        _add_pyperf_options(parser, values=values or 3, processes=processes or 20, loops=loops,
                            min_time=min_time, warmups=warmups)
        self.argparser = parser

    def parse_args(self, args=None):
        if self.args is not None and args is None:
            return self.args
        self.args = self.argparser.parse_args(args)
        return self.args

    def bench_func(self, name, func, *args, **keywords):
        _check_keywords("bench_func", keywords, ("inner_loops", "metadata"))
        self.parse_args()
        inner_loops = keywords.get("inner_loops")
        call = _bind(func, args)

        def loop_timer(loops):
            timer = perf_counter
            loop_range = range(loops)
            start = timer()
            for _ in loop_range:
                call()
            return timer() - start
        return registry.register(name, "bench_func", loop_timer, inner_loops)

    def bench_time_func(self, name, time_func, *args, **keywords):
        # The function times its own loops: the value is what it returns.
        _check_keywords("bench_time_func", keywords, ("inner_loops", "metadata"))
        self.parse_args()
        inner_loops = keywords.get("inner_loops")

        def loop_timer(loops):
            return time_func(loops, *args)
        return registry.register(name, "bench_time_func", loop_timer, inner_loops)

    def bench_async_func(self, name, func, *args, **keywords):
        _check_keywords("bench_async_func", keywords, ("inner_loops", "metadata", "loop_factory"))
        self.parse_args()
        inner_loops = keywords.get("inner_loops")
        loop_factory = keywords.get("loop_factory")
        call = _bind(func, args)

        def loop_timer(loops):
            import asyncio

            async def timed():
                timer = perf_counter
                loop_range = range(loops)
                start = timer()
                for _ in loop_range:
                    await call()
                return timer() - start
            # A fresh event loop per timed value, as pyperf makes one per
            # call of its task; the loop's creation is not timed.
            event_loop = loop_factory() if loop_factory is not None else asyncio.new_event_loop()
            asyncio.set_event_loop(event_loop)
            try:
                elapsed = event_loop.run_until_complete(timed())
            finally:
                asyncio.set_event_loop(None)
                event_loop.close()
            return elapsed
        return registry.register(name, "bench_async_func", loop_timer, inner_loops)

    def timeit(self, name, stmt=None, setup="pass", teardown="pass", inner_loops=None, duplicate=None,
               metadata=None, globals=None):
        self.parse_args()
        if stmt is None:
            stmt = name
        # pyperf takes a statement, setup or teardown as a string, a list of
        # lines, or (stmt and setup) a callable.
        stmt, setup, teardown = (_lines(code) for code in (stmt, setup, teardown))
        if duplicate and duplicate > 1:
            # pyperf repeats the statement in the loop body and divides by it.
            stmt = "\n".join([stmt] * duplicate) if isinstance(stmt, str) else stmt
            inner_loops = (inner_loops or 1) * duplicate
        timer = _timeit_timer(stmt, setup, teardown, {} if globals is None else globals)
        return registry.register(name, "timeit", timer.timeit, inner_loops)

    def bench_command(self, name, command):
        raise Unsupported("Runner.bench_command()",
                          "it times whole processes, start-up included; measure it with pyperf itself")

    def __getattr__(self, attribute):
        # Only called for names the class does not define.
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        raise Unsupported("Runner.%s" % attribute)


def _add_pyperf_options(parser, values, processes, loops, min_time, warmups):
    """pyperf 2.10's Runner options, accepted and ignored: Pythons chooses
    processes, values, loops and warm-up itself."""
    for short, long in (("-v", "--verbose"), ("-q", "--quiet"), ("-d", "--dump"), ("-m", "--metadata"),
                        ("-g", "--hist"), ("-t", "--stats")):
        parser.add_argument(short, long, action="store_true")
    for flag in ("--rigorous", "--fast", "--debug-single-value", "--worker", "--calibrate-loops",
                 "--recalibrate-loops", "--calibrate-warmups", "--recalibrate-warmups", "--copy-env",
                 "--tracemalloc", "--track-memory"):
        parser.add_argument(flag, action="store_true")
    parser.add_argument("-p", "--processes", type=int, default=processes)
    parser.add_argument("-n", "--values", dest="values", type=int, default=values)
    parser.add_argument("-w", "--warmups", type=int, default=warmups)
    parser.add_argument("-l", "--loops", type=int, default=loops)
    parser.add_argument("--min-time", type=float, default=min_time)
    parser.add_argument("--no-locale", dest="locale", action="store_false", default=True)
    for option in ("--pipe", "--worker-task", "--timeout"):
        parser.add_argument(option, type=int)
    parser.add_argument("-o", "--output", metavar="FILENAME")
    for option in ("--append", "--affinity", "--inherit-environ", "--compare-to", "--python-names", "--profile"):
        parser.add_argument(option)
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--hook", action="append")


def __getattr__(name):
    # Module attributes the stand-in lacks (pyperf.Benchmark, BenchmarkSuite,
    # add_runs, ...): Python 3.7+ asks here before raising AttributeError.
    if name.startswith("__"):
        raise AttributeError(name)
    raise Unsupported("pyperf.%s" % name)
