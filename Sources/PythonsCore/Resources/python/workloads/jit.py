"""The seed's JIT benchmark: the iterative fib(i) for every i in range(n).
The loop in fib is what the JIT compiles once it is hot."""


def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def run(n):
    for i in range(n):
        fib(i)
