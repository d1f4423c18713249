# Reading tier-2 executors and their micro-ops out of a running interpreter.
#
# Shared by uops.py (`pythons uops`) and repl_startup.py (`pythons repl`); it
# is loaded by file path, never put on sys.path. Runs in any Python 3.6+, and
# reports "unavailable" wherever CPython has no executors (before 3.13, stock
# and free-threaded builds).
import dis
import os
import sys

try:
    import _opcode
except ImportError:  # not CPython
    _opcode = None

# Loop iterations before a backward jump gets an executor, where
# _testinternalcapi does not say (cpython-facts.md).
KNOWN_THRESHOLDS = {(3, 13): 16, (3, 14): 4096, (3, 15): 4002}


def executors_supported():
    """(True, None) when this build can create executors, else (False, why)."""
    get_executor = getattr(_opcode, "get_executor", None)
    if get_executor is None:
        return False, "no _opcode.get_executor in Python %d.%d" % sys.version_info[:2]
    try:
        get_executor(executors_supported.__code__, 0)
    except ValueError:
        return True, None  # no executor at offset 0, as expected
    except RuntimeError as error:  # "Executors are not available in this build"
        return False, str(error)
    return True, None


def _load_interpreter_state():
    # By file path: this module's folder is never on sys.path.
    import importlib.util
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "interpreter_state.py")
    spec = importlib.util.spec_from_file_location("_pythons_interpreter_state", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


optimizer_active = _load_interpreter_state().tier2_active_now


def threshold():
    try:
        import _testinternalcapi
        value = getattr(_testinternalcapi, "TIER2_THRESHOLD", None)
        if isinstance(value, int):
            return value
    except ImportError:
        pass
    return KNOWN_THRESHOLDS.get(sys.version_info[:2])


def code_objects(code):
    """The code object and every code object nested in it (inner functions,
    generator expressions), each once."""
    found = [code]
    for constant in code.co_consts:
        if hasattr(constant, "co_code"):
            found.extend(code_objects(constant))
    return found


def has_loop(code):
    return any(instruction.opname.startswith("JUMP_BACKWARD")
               for nested in code_objects(code)
               for instruction in dis.get_instructions(nested))


class ExecutorScanner(object):
    """Finds ENTER_EXECUTOR in a code object by walking its instructions.

    dis.get_instructions(adaptive=True) shows the instruction an executor
    replaced, not ENTER_EXECUTOR, and scanning every second byte of
    _co_code_adaptive also hits inline-cache data that happens to hold the
    ENTER_EXECUTOR byte. So: take each instruction's offset from the plain
    bytecode (caches are skipped there) and read the specialized opcode at
    exactly that offset."""

    def __init__(self, code):
        self.code = code
        self.instructions = list(dis.get_instructions(code))
        self.enter_executor = dis.opmap.get("ENTER_EXECUTOR")

    def offsets(self):
        if self.enter_executor is None:
            return []
        adaptive = getattr(self.code, "_co_code_adaptive", None)
        if adaptive is None:
            return []
        return [instruction.offset for instruction in self.instructions
                if adaptive[instruction.offset] == self.enter_executor]

    def line_at(self, offset):
        for instruction in self.instructions:
            if instruction.offset == offset:
                positions = getattr(instruction, "positions", None)
                if positions is not None and positions.lineno is not None:
                    return positions.lineno
                return getattr(instruction, "line_number", None)
        return None

    def describe(self, offset):
        executor = _opcode.get_executor(self.code, offset)
        replaced = dis.opname[executor.get_opcode()]
        plain = next((i for i in self.instructions if i.offset == offset), None)
        loop_start = None
        if plain is not None and plain.opname.startswith("JUMP_BACKWARD") and isinstance(plain.argval, int):
            loop_start = plain.argval
        machine_code = None
        machine_code_note = None
        get_jit_code = getattr(executor, "get_jit_code", None)
        if get_jit_code is None:
            machine_code_note = "this version has no get_jit_code()"
        else:
            try:
                code_bytes = get_jit_code()
                if code_bytes is None:
                    machine_code_note = "get_jit_code() returned None"
                else:
                    machine_code = len(code_bytes)
            except Exception as error:  # "JIT support not enabled." on tier-2 interpreter builds
                machine_code_note = str(error)
        is_valid = getattr(executor, "is_valid", None)
        return {
            "code_name": getattr(self.code, "co_qualname", self.code.co_name),
            "offset": offset,
            "line": self.line_at(offset),
            "replaced_opcode": replaced,
            "replaced_oparg": executor.get_oparg(),
            "loop_start_offset": loop_start,
            "loop_start_line": self.line_at(loop_start) if loop_start is not None else None,
            "valid": bool(is_valid()) if is_valid is not None else None,
            "machine_code_bytes": machine_code,
            "machine_code_note": machine_code_note,
            "uops": [{"name": uop[0], "oparg": uop[1], "target": uop[2], "operand": uop[3]}
                     for uop in executor],
        }


def scanners_for(function):
    return [ExecutorScanner(code) for code in code_objects(function.__code__)]


def executors_of(function, scanners=None):
    """Every executor attached to the function's code (and code nested in it)."""
    if _opcode is None or not hasattr(_opcode, "get_executor"):
        return []
    found = []
    for scanner in scanners or scanners_for(function):
        for offset in scanner.offsets():
            try:
                found.append(scanner.describe(offset))
            except (ValueError, RuntimeError):
                pass  # removed between the scan and the read
    return found


def has_executor(scanners):
    return any(scanner.offsets() for scanner in scanners)


def python_function(value):
    """The plain Python function behind a value, or None: decorators made
    with functools.wraps are unwrapped (the wrapper's code is not what the
    user means), as are bound methods."""
    for _ in range(100):
        inner = getattr(value, "__wrapped__", None) or getattr(value, "__func__", None)
        if inner is None:
            break
        value = inner
    return value if hasattr(value, "__code__") else None


def module_environment_report():
    supported, why = executors_supported()
    return {
        "executors_supported": supported,
        "executors_unsupported_reason": why,
        "optimizer_active": optimizer_active(),
        "threshold": threshold(),
        "python_jit": os.environ.get("PYTHON_JIT"),
    }
