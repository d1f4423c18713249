# The seed's iterative Fibonacci function, whose loop the JIT traces
# (`pythons uops examples/fib.py:fib --call 'fib(10)' --call 'fib(20)'`).
def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a
