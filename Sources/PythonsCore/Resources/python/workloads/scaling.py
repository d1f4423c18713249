"""The thread-scaling suite's operations (`pythons bench scaling`).

Modelled on what CPython's Tools/ftscalingbench (3.14+) measures: small
patterns that ought to scale across threads on a free-threaded build but
have not always, through reference-count or lock contention on objects the
threads share (a module, a class, a code object, a constant). Written here,
not copied: 3.13 does not ship that tool. Each operation does a fixed amount
of work, 5 to 30 ms on one thread of CPython 3.11 to 3.13 here; the worker
runs it in each of T threads at once, so perfect scaling keeps T threads as
fast as one (speedup t1 x T / tT, as ftscalingbench computes it).

Runs on CPython 3.7 and newer (dataclasses); operations that need more say
so in OPERATIONS' requirements.
"""
import collections
import copy
import math
import operator
import sys
import threading
import typing
from dataclasses import dataclass

SCALE = 25


class Counter:
    def __init__(self):
        self.count = 0

    def next_number(self):
        self.count += 1
        return self.count


class Sized:
    def __len__(self):
        return 3


class Managed:
    def __enter__(self):
        return self

    def __exit__(self, *exception):
        return False


class Plain:
    pass


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


@dataclass
class DataPoint:
    x: int
    y: int


TuplePoint = collections.namedtuple("TuplePoint", "x y")


class TypedPoint(typing.NamedTuple):
    x: int
    y: int


def next_number(value):
    return value + 1


def double(value):
    return value + value


def small_generator():
    for value in range(10):
        yield value


module = sys.modules[__name__]
thread_local = threading.local()
NESTED = {"name": "value", "items": [1, 2, 3], "inner": {"a": (1, 2), "b": [4.0, 5.0]}}


def object_cfunction():
    """A C method of a list the thread owns."""
    table = [1] * 100
    total = 0
    for i in range(1000 * SCALE):
        table.pop(0)
        table.append(i)
        total += table[50]
    return total


def cmodule_function():
    """A C function of a shared module (math.floor)."""
    for i in range(1000 * SCALE):
        math.floor(i * i)


def mult_constant():
    """Float arithmetic with a constant."""
    x = 1.0
    for _ in range(3000 * SCALE):
        x *= 1.01
    return x


def generator():
    """A small generator, created and run to its end."""
    total = 0
    for _ in range(100 * SCALE):
        for value in small_generator():
            total += value
    return total


def pymethod():
    """A Python method of an object the thread owns (a shared class)."""
    counter = Counter()
    for _ in range(1000 * SCALE):
        counter.next_number()
    return counter.count


def pyfunction():
    """A module-level Python function, called by its global name."""
    total = 0
    for i in range(1000 * SCALE):
        total = next_number(i)
    return total


def module_function():
    """A function looked up as an attribute of a shared module."""
    total = 0
    for i in range(1000 * SCALE):
        total += module.double(i)
    return total


def attribute_read():
    """Instance attributes of an object the thread owns."""
    point = Point(1, 2)
    total = 0
    for _ in range(1000 * SCALE):
        total += point.x + point.y
    return total


def special_lookup():
    """A special method (len() on a Python class with __len__)."""
    sized = Sized()
    total = 0
    for _ in range(1000 * SCALE):
        total += len(sized)
    return total


def context_manager():
    """A with block on a Python context manager."""
    manager = Managed()
    for _ in range(500 * SCALE):
        with manager:
            pass


def load_string_const():
    """A comparison with a string constant of a shared code object."""
    total = 0
    for i in range(1000 * SCALE):
        total += 7 if i == "a string" else 1
    return total


def load_tuple_const():
    """A comparison with a tuple constant of a shared code object."""
    total = 0
    for i in range(1000 * SCALE):
        total += 7 if i == (1, 2) else 1
    return total


def create_pyobject():
    """Instances of a shared Python class."""
    for _ in range(1000 * SCALE):
        Plain()


def create_closure():
    """A nested function, created and called."""
    for i in range(1000 * SCALE):
        def identity(value):
            return value
        identity(i)


def create_dict():
    """A small dict display."""
    for _ in range(1000 * SCALE):
        {"key": "value"}


def create_tuple():
    """A tuple built from variables."""
    for i in range(1000 * SCALE):
        (i, i, i)


def thread_local_read():
    """Attributes of a threading.local shared by every thread."""
    local = thread_local
    local.x = 10
    for _ in range(500 * SCALE):
        local.x
        local.x
        local.x
        local.x
        local.x


def methodcaller():
    """operator.methodcaller on an object the thread owns."""
    call = operator.methodcaller("next_number")
    counter = Counter()
    for _ in range(500 * SCALE):
        call(counter)
    return counter.count


def dataclass_instance():
    """Instances of a shared dataclass."""
    for i in range(300 * SCALE):
        DataPoint(i, i)


def namedtuple_instance():
    """Instances of a shared collections.namedtuple."""
    for i in range(300 * SCALE):
        TuplePoint(i, i)


def typed_namedtuple_instance():
    """Instances of a shared typing.NamedTuple."""
    for i in range(300 * SCALE):
        TypedPoint(i, i)


def deepcopy():
    """copy.deepcopy of a small shared nested structure."""
    for _ in range(20 * SCALE):
        copy.deepcopy(NESTED)


OPERATIONS = {
    function.__name__: function
    for function in (
        object_cfunction, cmodule_function, mult_constant, generator, pymethod, pyfunction, module_function,
        attribute_read, special_lookup, context_manager, load_string_const, load_tuple_const, create_pyobject,
        create_closure, create_dict, create_tuple, thread_local_read, methodcaller, dataclass_instance,
        namedtuple_instance, typed_namedtuple_instance, deepcopy,
    )
}


def describe():
    """name<TAB>first docstring line, one per line: what `pythons bench
    scaling` lists."""
    for name, function in OPERATIONS.items():
        print("%s\t%s" % (name, function.__doc__.strip().splitlines()[0]))


if __name__ == "__main__":
    describe()
