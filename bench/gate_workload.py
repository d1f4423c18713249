"""A user function whose work is set by WORK: bench/compare-gate.sh writes a
copy with WORK raised by a factor between two runs, a real slowdown of the
same file, function and label."""

WORK = 200_000


def work():
    total = 0
    for i in range(WORK):
        total += i * i % 7
    return total
