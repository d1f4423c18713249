"""The seed's free-threading benchmark: T threads, each computing the
recursive fib(n). With the GIL the threads take turns; without it they run at
once, so on C cores up to min(T, C) times the work gets done in the same time."""
from concurrent.futures import ThreadPoolExecutor


def fib(n):
    return n if n < 2 else fib(n - 2) + fib(n - 1)


def run(threads, n):
    with ThreadPoolExecutor(max_workers=threads) as executor:
        futures = [executor.submit(fib, n) for _ in range(threads)]
        for future in futures:
            future.result()
