# Whether the GIL and tier 2 (the JIT or the micro-op interpreter) are on in
# this interpreter right now: the one definition probe.py, microops.py and
# the benchmark worker share, so `list`, `uops` and `bench` never disagree.
# Runs in every Python Pythons probes, 2.7 included. Helpers that keep their
# folder off sys.path load it by file path (see microops.py).
import sys


def gil_enabled_now():
    """sys._is_gil_enabled() where it exists (3.13+); True before."""
    check = getattr(sys, "_is_gil_enabled", None)
    return True if check is None else bool(check())


def tier2_active_now():
    """Whether the tier-2 optimizer runs now, or None when this interpreter
    offers no way to tell: sys._jit.is_enabled() on 3.14+, and on 3.13 tier-2
    builds whether _testinternalcapi has an optimizer set."""
    jit = getattr(sys, "_jit", None)
    if jit is not None and hasattr(jit, "is_enabled"):
        try:
            return bool(jit.is_enabled())
        except Exception:
            pass
    try:
        import _testinternalcapi
    except Exception:
        return None
    get_optimizer = getattr(_testinternalcapi, "get_optimizer", None)
    if get_optimizer is None:
        return None
    try:
        return get_optimizer() is not None
    except Exception:
        return None

