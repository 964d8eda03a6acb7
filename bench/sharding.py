"""Wall time of `boldly run` with 1 and 2 workers against a persona with a provider's latency, and the ideal.

    PYTHONPATH=src python bench/sharding.py --rollouts 10000 --seconds 1 --connections 200

Each configuration runs `boldly run` afresh (new log directory) over the test lab's four variants with
`boldly-slow/compliant?seconds=S`, and records every request (the persona's `calls=` file). The ideal wall
time is the larger of the latency bound (requests x S / connections) and the CPU bound (the run's CPU time,
every process of it, over the cores); the gap is start-up, enumeration and what the processes could not
overlap.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).parents[1]
LAB = ROOT / "tests" / "inspect" / "lab.yaml"
CONDITIONS = ["tools=email", "tools=cli", "agency=bold,tools=email", "agency=bold,tools=cli"]


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(workers: int, rollouts: int, seconds: float, connections: int, scratch: Path) -> dict[str, float]:
    calls = scratch / f"calls-{workers}.txt"
    epochs = max(1, rollouts // len(CONDITIONS))
    args = [sys.executable, "-m", "boldly", "run", "-s", str(LAB), "--epochs", str(epochs)]
    args += ["--model", f"boldly-slow/compliant?seconds={seconds}&calls={calls}"]
    for condition in CONDITIONS:
        args += ["-c", condition]
    args += ["--log-dir", str(scratch / f"logs-{workers}"), "--display", "none"]
    args += ["--max-connections", str(connections), "--workers", str(workers)]
    source = str(ROOT / "src")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [source, os.environ.get("PYTHONPATH")]))}
    cpu, start = children_cpu(), time.monotonic()
    done = subprocess.run(args, env=env, capture_output=True, text=True)
    wall, cpu = time.monotonic() - start, children_cpu() - cpu
    if done.returncode != 0:
        raise SystemExit(done.stdout + done.stderr)
    requests = len(calls.read_text().splitlines())
    cores = os.cpu_count() or 1
    latency_bound = requests * seconds / connections
    cpu_bound = cpu / min(workers, cores)
    return {
        "rollouts": epochs * len(CONDITIONS),
        "requests": requests,
        "wall": wall,
        "cpu": cpu,
        "latency_bound": latency_bound,
        "cpu_bound": cpu_bound,
        "ideal": max(latency_bound, cpu_bound),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--rollouts", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=1.0, help="latency of each model request")
    parser.add_argument("--connections", type=int, default=200, help="--max-connections, in total")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    options = parser.parse_args()
    print("workers  rollouts  requests   wall s   CPU s  latency-bound s  CPU-bound s  ideal s  wall/ideal")
    with tempfile.TemporaryDirectory(prefix="boldly-bench-") as scratch:
        for workers in options.workers:
            m = measure(workers, options.rollouts, options.seconds, options.connections, Path(scratch))
            print(
                f"{workers:7d}  {m['rollouts']:8.0f}  {m['requests']:8.0f}  {m['wall']:7.1f}  {m['cpu']:6.1f}"
                f"  {m['latency_bound']:15.1f}  {m['cpu_bound']:11.1f}  {m['ideal']:7.1f}"
                f"  {m['wall'] / m['ideal']:10.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
