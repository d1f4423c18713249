"""One benchmark worker process: warms the workload up with untimed calls
(`warmup` of them; without it, calls until AUTO_WARMUP_NS have passed, in
doubling batches while a batch takes under MIN_TIMED_NS, and with tier 2 on
until the executors stop changing), then
times `values` calls with perf_counter_ns around the workload only (start-up
and imports never count), and prints one result line. With values=0 the
worker chooses: as many calls as fit in AUTO_TIMED_NS (at least 1, at most
AUTO_MAX_VALUES), judged from the faster of the first two calls, so that a
short workload is not at the mercy of one preemption while a long one (one
call, not a calibrated loop, of AUTO_TIMED_NS or more) is timed once.

Usage: python worker.py workload=gil|jit|function|scaling [n=INT] [threads=INT]
           [file=PATH function=NAME arg=TEXT ...] [warmup=INT] values=INT
  (scaling: function= names an operation of scaling.py)
       python worker.py workload=pyperf file=SCRIPT [benchmark=NAME] [mode=list]
           [arg=TEXT ...] [warmup=INT] values=INT
  (pyperf: an unmodified pyperf script, its arguments in arg=; see
  pyperf_script.py; mode=list only names the benchmarks it registers)
  One key=value per argument (arg= repeats, in order). Not JSON: importing
  json costs more than half of a bare worker's start-up (6.5 of 11.6 ms for a
  pyenv 3.11 here), paid by every process of a run.

Stdin carries this process's secret token, one line, and stays open while
Pythons lives: if it dies, even by SIGKILL, this process group gets SIGIO,
whose default action ends it (see Worker.swift and ProcessRunner.swift).

The result is the last line of stdout, prefixed with RESULT_PREFIX and the
token, so a user function that prints, even a line in this format, makes no
result (JSON, written by hand for the same reason):
  @@pythons-result TOKEN {"values_ns": [...], "warmups_ns": [...], "loops": int,
                          "gil_enabled": bool, "jit_enabled": bool | null}
values_ns are nanoseconds per call (a loop's time divided by "loops", which
for a pyperf benchmark with inner_loops counts the inner loops too).
A workload that raises exits 1 with the traceback on stderr (KeyboardInterrupt
too: workers get no Ctrl-C, so it is the workload's).
"""
import os
import sys

RESULT_PREFIX = "@@pythons-result "
AUTO_TIMED_NS = 50 * 1000 * 1000
# The first calls of a process run 1 to 2% off the steady state (the seed's
# jit workload on CPython 3.11 to 3.13 here: calls 1 to 5 of 11 ms each, in
# both directions), so the default warm-up is measured in time, not calls.
AUTO_WARMUP_NS = 50 * 1000 * 1000
# With tier 2 on (the JIT, or the micro-op interpreter), a loop becomes an
# executor only once it is hot (about 268 calls of the seed's fib loop on
# 3.15) and more executors may follow, so the automatic warm-up goes on until
# the number of executors in the workload's code has held for AUTO_WARMUP_NS,
# or AUTO_WARMUP_LIMIT_NS have passed.
AUTO_WARMUP_LIMIT_NS = 2 * 1000 * 1000 * 1000
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


def read_token():
    # A few bytes Pythons wrote before starting this process.
    data = b""
    while not data.endswith(b"\n"):
        chunk = os.read(0, 64)
        if not chunk:
            break
        data += chunk
    return data.strip().decode("ascii", "replace")


def keep_lifeline():
    # The workload's stdin becomes /dev/null, as before; the pipe stays open
    # in a copy its subprocesses do not inherit, for the kernel to signal
    # this group through when Pythons is gone (Lifeline, ProcessRunner.swift).
    os.dup(0)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)


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
    if kind == "scaling":
        import scaling
        return in_threads(scaling.OPERATIONS[spec["function"]], [], spec.get("threads") or 1)
    if kind == "function":
        sys.path.remove(here)
        function = load_function(spec["file"], spec["function"])
        arguments = [parse_argument(text) for text in spec.get("arguments", [])]
        threads = spec.get("threads")
        if threads:
            return in_threads(function, arguments, threads)
        return lambda: function(*arguments)
    raise ValueError("unknown workload %r" % kind)


def workload_module(spec):
    """The module whose code the workload runs: gil, jit, or the user's file."""
    if spec["workload"] == "function":
        return sys.modules.get(os.path.splitext(os.path.basename(spec["file"]))[0])
    if spec["workload"] == "pyperf":
        # runpy runs the script as a module named __main__ while it is timed.
        return sys.modules.get("__main__")
    return sys.modules.get(spec["workload"])


def executor_counter(module):
    """A function that counts the executors (ENTER_EXECUTOR instructions) in
    the code of the module's functions, or None when the interpreter has no
    tier 2. The opcode module is imported by every worker of a build with
    tier 2, JIT on or off, so that both carry the same footprint."""
    if module is None or jit_enabled_now() is None:
        return None
    try:
        import opcode
    except ImportError:
        return None
    enter = opcode.opmap.get("ENTER_EXECUTOR")
    caches = getattr(opcode, "_inline_cache_entries", None)
    if enter is None or not hasattr(caches, "get"):
        return None
    code_type = type(executor_counter.__code__)

    def count(code):
        # Step instruction by instruction over the plain bytecode (inline
        # caches skipped): a cache entry may hold the ENTER_EXECUTOR byte.
        adaptive = getattr(code, "_co_code_adaptive", None)
        plain = code.co_code
        found, offset = 0, 0
        while offset < len(plain):
            if adaptive is not None and adaptive[offset] == enter:
                found += 1
            offset += 2 + 2 * caches.get(opcode.opname[plain[offset]], 0)
        return found + sum(count(constant) for constant in code.co_consts if isinstance(constant, code_type))

    # The module's functions and its classes' methods (richards, deltablue
    # and raytrace spend their time in methods).
    members = list(vars(module).values())
    members += [member for value in list(members) if isinstance(value, type) for member in vars(value).values()]
    codes = [value.__code__ for value in members if isinstance(getattr(value, "__code__", None), code_type)]
    return lambda: sum(count(code) for code in codes)


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


def calls_timer(workload):
    """The loop timer of a plain workload: nanoseconds for `loops` calls."""
    def time_loops(loops):
        loop_range = range(loops)
        start = clock_ns()
        for _ in loop_range:
            workload()
        return clock_ns() - start
    return time_loops


def measure(time_loops, spec, token, inner_loops=1):
    """Warms up, calibrates and times a workload given as its loop timer
    (nanoseconds for a number of calls), then prints the result line. A
    pyperf script's bench_time_func times its own loops, so the timing loop
    takes a timer rather than a callable. Each call may run the benchmarked
    code inner_loops times (pyperf's inner_loops and duplicate): budgets
    read a loop's whole time, and values are per inner loop, as pyperf's."""
    warmups = []
    loops = 0  # 0: calibrate below
    warmup_calls = spec.get("warmup")
    if warmup_calls is not None:
        for _ in range(warmup_calls):
            warmups.append(time_loops(1) / float(inner_loops))
    else:
        # Until AUTO_WARMUP_NS have passed, at least one call. Short calls go
        # in doubling batches (each entry is a batch's time per call), so a
        # microsecond workload does not report a hundred thousand warm-ups;
        # the last batch, once it lasts MIN_TIMED_NS, is the timed loop's size
        # (calibrating again from 1 would let one preemption choose it).
        def warm(batch):
            elapsed = time_loops(batch)
            warmups.append(elapsed / float(batch * inner_loops))
            return elapsed

        batch, spent = 1, 0
        count_executors = executor_counter(workload_module(spec))
        while not warmups or spent < AUTO_WARMUP_NS:
            elapsed = warm(batch)
            spent += elapsed
            if elapsed < MIN_TIMED_NS and batch < MAX_LOOPS:
                batch *= 2
            else:
                loops = batch
        if count_executors is not None and jit_enabled_now():
            executors, settled_since = count_executors(), spent
            while spent - settled_since < AUTO_WARMUP_NS and spent < AUTO_WARMUP_LIMIT_NS:
                spent += warm(batch)
                now = count_executors()
                if now != executors:
                    executors, settled_since = now, spent
    if not loops:
        loops = 1
        if warmups and warmups[-1] * inner_loops < MIN_TIMED_NS:
            # Calibrate as pyperf does: double the loop until it takes long
            # enough (these runs warm up too; they are not kept).
            while loops < MAX_LOOPS:
                if time_loops(loops) >= MIN_TIMED_NS:
                    break
                loops *= 2
    values = []
    wanted = spec.get("values", 1)
    automatic, fastest = wanted == 0, None
    while not values or len(values) < wanted:
        elapsed = time_loops(loops)
        values.append(elapsed / float(loops * inner_loops))
        if automatic and len(values) <= 2:
            # A second timing unless one call filled the budget: judged from
            # one, a loop preempted for half the budget left a short
            # workload's process with one value (seen under a loaded CI). A
            # calibrated loop (loops > 1) holds calls of under a millisecond,
            # so its long first timing was the machine's, never the call's.
            fastest = elapsed if fastest is None else min(fastest, elapsed)
            fewest = 1 if len(values) == 1 and loops == 1 and elapsed >= AUTO_TIMED_NS else 2
            wanted = max(fewest, min(AUTO_MAX_VALUES, AUTO_TIMED_NS // max(int(fastest), 1)))
    # Read after the workload: importing an extension that does not declare
    # free-threading support turns the GIL back on mid-run.
    result = '{"values_ns": %s, "warmups_ns": %s, "loops": %d, "gil_enabled": %s, "jit_enabled": %s}' % (
        json_number_list(values), json_number_list(warmups), loops * inner_loops,
        json_flag(gil_enabled_now()), json_flag(jit_enabled_now()))
    sys.stdout.flush()
    sys.stdout.write("\n" + RESULT_PREFIX + token + " " + result + "\n")
    sys.stdout.flush()


def main(token):
    spec = parse_spec(sys.argv[1:])
    if spec["workload"] == "pyperf":
        # The script registers its benchmarks with the pyperf stand-in, which
        # calls measure() for the chosen one (see pyperf_script.py).
        import pyperf_script
        pyperf_script.run(spec, lambda time_loops, spec, inner_loops: measure(time_loops, spec, token, inner_loops))
        return
    measure(calls_timer(make_workload(spec)), spec, token)


def run(token):
    try:
        main(token)
    except KeyboardInterrupt:
        # Uncaught, Python would end by SIGINT, which reads as a Ctrl-C.
        import traceback
        traceback.print_exc()
        sys.stderr.write("KeyboardInterrupt raised by the workload (not a Ctrl-C: workers get none)\n")
        sys.stderr.flush()
        sys.stdout.flush()
        os._exit(1)


def start():
    # The token lives in locals only: nothing the workload imports holds it.
    token = read_token()
    keep_lifeline()
    run(token)


start()
