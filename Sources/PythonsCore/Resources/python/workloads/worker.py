"""One benchmark worker process: warms the workload up with untimed calls
(`warmup` of them; without it, calls until AUTO_WARMUP_NS have passed, in
doubling batches while a batch takes under MIN_TIMED_NS), then
times `values` calls with perf_counter_ns around the workload only (start-up
and imports never count), and prints one result line. With values=0 the
worker chooses: as many calls as fit in AUTO_TIMED_NS (at least 1, at most
AUTO_MAX_VALUES), judged from the first call, so that a short workload is not
at the mercy of one preemption while a long one is timed once.

Usage: python worker.py workload=gil|jit|function [n=INT] [threads=INT]
           [file=PATH function=NAME arg=TEXT ...] [warmup=INT] values=INT
  One key=value per argument (arg= repeats, in order). Not JSON: importing
  json costs more than half of a bare worker's start-up (6.5 of 11.6 ms for a
  pyenv 3.11 here), paid by every process of a run.

The result is the last line of stdout, prefixed with RESULT_PREFIX, so a user
function that prints does not break it (JSON, written by hand for the same
reason):
  @@pythons-result {"values_ns": [...], "warmups_ns": [...], "loops": int,
                    "gil_enabled": bool, "jit_enabled": bool | null}
values_ns are nanoseconds per call (a loop's time divided by "loops").
A workload that raises exits 1 with the traceback on stderr.
"""
import os
import sys

RESULT_PREFIX = "@@pythons-result "
AUTO_TIMED_NS = 50 * 1000 * 1000
# The first calls of a process run 1 to 2% off the steady state (the seed's
# jit workload on CPython 3.11 to 3.13 here: calls 1 to 5 of 11 ms each, in
# both directions), so the default warm-up is measured in time, not calls.
AUTO_WARMUP_NS = 50 * 1000 * 1000
AUTO_MAX_VALUES = 20
# A call shorter than this is timed in a loop of calls (the value is the time
# per call), as pyperf does, so that the clock's own cost and resolution do
# not dominate; the loop count is calibrated after the warm-up calls (none
# without warm-up: then every call is timed alone).
MIN_TIMED_NS = 1000 * 1000
MAX_LOOPS = 1 << 20

try:
    from time import perf_counter_ns as _clock

    def clock_ns():
        return _clock()
except ImportError:  # before 3.7
    from time import perf_counter as _clock

    def clock_ns():
        return int(_clock() * 1e9)


def _load_interpreter_state():
    # From the folder above, which leaves sys.path (and the module its
    # plain name) at once: the user's code must not find Pythons' helpers.
    # (importlib.util would cost a millisecond per process.)
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, os.path.dirname(here))
    try:
        import interpreter_state
    finally:
        del sys.path[0]
    sys.modules["_pythons_interpreter_state"] = sys.modules.pop("interpreter_state")
    return interpreter_state


_state = _load_interpreter_state()
gil_enabled_now = _state.gil_enabled_now
jit_enabled_now = _state.tier2_active_now


def parse_argument(text):
    """--args values are Python literals when they parse as one (42, 2.5,
    'x', [1, 2]), otherwise plain strings."""
    import ast
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def load_function(path, name):
    import importlib.util
    folder = os.path.dirname(os.path.abspath(path))
    if folder not in sys.path:
        sys.path.insert(0, folder)  # so the file can import its neighbours
    module_name = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    function = getattr(module, name, None)
    if function is None or not callable(function):
        raise AttributeError("%s has no function %s" % (path, name))
    return function


def in_threads(function, arguments, threads):
    """Calls function(*arguments) in `threads` threads at once."""
    from concurrent.futures import ThreadPoolExecutor

    def call():
        with ThreadPoolExecutor(max_workers=threads) as executor:
            futures = [executor.submit(function, *arguments) for _ in range(threads)]
            for future in futures:
                future.result()
    return call


def make_workload(spec):
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, here)
    kind = spec["workload"]
    if kind == "gil":
        import gil
        threads, n = spec["threads"], spec["n"]
        return lambda: gil.run(threads, n)
    if kind == "jit":
        import jit
        n = spec["n"]
        return lambda: jit.run(n)
    if kind == "function":
        sys.path.remove(here)
        function = load_function(spec["file"], spec["function"])
        arguments = [parse_argument(text) for text in spec.get("arguments", [])]
        threads = spec.get("threads")
        if threads:
            return in_threads(function, arguments, threads)
        return lambda: function(*arguments)
    raise ValueError("unknown workload %r" % kind)


def parse_spec(arguments):
    """key=value arguments into the spec: integers for n, threads, warmup
    and values; every arg= into the list "arguments"."""
    spec = {"arguments": []}
    for argument in arguments:
        key, _, value = argument.partition("=")
        if key == "arg":
            spec["arguments"].append(value)
        elif key in ("n", "threads", "warmup", "values"):
            spec[key] = int(value)
        else:
            spec[key] = value
    return spec


def json_number_list(numbers):
    # repr of a finite float or int is a JSON number.
    return "[" + ", ".join(repr(number) for number in numbers) + "]"


def json_flag(flag):
    return "null" if flag is None else ("true" if flag else "false")


def main():
    spec = parse_spec(sys.argv[1:])
    workload = make_workload(spec)
    warmups = []
    loops = 0  # 0: calibrate below
    warmup_calls = spec.get("warmup")
    if warmup_calls is not None:
        for _ in range(warmup_calls):
            start = clock_ns()
            workload()
            warmups.append(clock_ns() - start)
    else:
        # Until AUTO_WARMUP_NS have passed, at least one call. Short calls go
        # in doubling batches (each entry is a batch's time per call), so a
        # microsecond workload does not report a hundred thousand warm-ups;
        # the last batch, once it lasts MIN_TIMED_NS, is the timed loop's size
        # (calibrating again from 1 would let one preemption choose it).
        batch, spent = 1, 0
        while not warmups or spent < AUTO_WARMUP_NS:
            start = clock_ns()
            for _ in range(batch):
                workload()
            elapsed = clock_ns() - start
            spent += elapsed
            warmups.append(elapsed / float(batch))
            if elapsed < MIN_TIMED_NS and batch < MAX_LOOPS:
                batch *= 2
            else:
                loops = batch
    if not loops:
        loops = 1
        if warmups and warmups[-1] < MIN_TIMED_NS:
            # Calibrate as pyperf does: double the loop until it takes long
            # enough (these runs warm up too; they are not kept).
            while loops < MAX_LOOPS:
                start = clock_ns()
                for _ in range(loops):
                    workload()
                if clock_ns() - start >= MIN_TIMED_NS:
                    break
                loops *= 2
    loop_range = range(loops)
    values = []
    wanted = spec.get("values", 1)
    while not values or len(values) < wanted:
        start = clock_ns()
        for _ in loop_range:
            workload()
        elapsed = clock_ns() - start
        values.append(elapsed / float(loops))
        if wanted == 0:
            wanted = max(1, min(AUTO_MAX_VALUES, AUTO_TIMED_NS // max(elapsed, 1)))
    # Read after the workload: importing an extension that does not declare
    # free-threading support turns the GIL back on mid-run.
    result = '{"values_ns": %s, "warmups_ns": %s, "loops": %d, "gil_enabled": %s, "jit_enabled": %s}' % (
        json_number_list(values), json_number_list(warmups), loops,
        json_flag(gil_enabled_now()), json_flag(jit_enabled_now()))
    sys.stdout.flush()
    sys.stdout.write("\n" + RESULT_PREFIX + result + "\n")
    sys.stdout.flush()


main()
