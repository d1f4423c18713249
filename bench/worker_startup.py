"""A bare worker's start-up: wall time from spawning `python -S -s worker.py
workload=jit n=0 warmup=0 values=1` to its exit, for the worker in the tree
and for the one at a git revision (default: main), interleaved process by
process. Each is started as Pythons starts it: its own session, and (for a
worker that reads one) the token on a stdin pipe kept open until it exits.

Usage: python3 bench/worker_startup.py PYTHON [processes] [revision]
Timing-sensitive: run on an idle machine."""
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
WORKLOADS = os.path.join(HERE, "..", "Sources", "PythonsCore", "Resources", "python", "workloads")


def worker_at(revision, folder):
    """The python/ folder of a revision, so the old worker finds its helpers."""
    for name in ("interpreter_state.py", "workloads/worker.py", "workloads/jit.py"):
        text = subprocess.run(["git", "-C", HERE, "show", "%s:Sources/PythonsCore/Resources/python/%s" % (revision, name)],
                              check=True, capture_output=True).stdout
        path = os.path.join(folder, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as file:
            file.write(text)
    return os.path.join(folder, "workloads", "worker.py")


def time_once(python, worker):
    reads_token = b"read_token" in open(worker, "rb").read()
    start = time.perf_counter()
    process = subprocess.Popen([python, "-S", "-s", worker, "workload=jit", "n=0", "warmup=0", "values=1"],
                               stdin=subprocess.PIPE if reads_token else subprocess.DEVNULL,
                               stdout=subprocess.PIPE, start_new_session=True)
    if reads_token:
        process.stdin.write(b"0123456789abcdef0123456789abcdef\n")
        process.stdin.flush()
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.stdin:
        process.stdin.close()
    assert b"@@pythons-result" in output, output
    return elapsed, usage.ru_utime + usage.ru_stime


def main():
    python = sys.argv[1]
    processes = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    revision = sys.argv[3] if len(sys.argv) > 3 else "main"
    with tempfile.TemporaryDirectory() as folder:
        workers = {revision: worker_at(revision, folder), "tree": os.path.join(WORKLOADS, "worker.py")}
        times = {name: ([], []) for name in workers}
        for _ in range(processes):
            for name, worker in workers.items():
                wall, cpu = time_once(python, worker)
                times[name][0].append(wall)
                times[name][1].append(cpu)
    for name, (walls, cpus) in times.items():
        for label, values in (("wall", sorted(walls)), ("cpu", sorted(cpus))):
            print("%-8s %-4s median %.2f ms  (quartiles %.2f to %.2f ms, %d processes)" % (
                name, label, statistics.median(values) * 1e3, values[len(values) // 4] * 1e3,
                values[3 * len(values) // 4] * 1e3, len(values)))


main()
