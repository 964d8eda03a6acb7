"""Many rollouts against a slow simulated model: wall time against the ideal, and memory as rollouts finish.

    python bench/scale.py [--rollouts 1000] [--concurrency 500] [--latency 1.0] [--profile out.txt]

One variant (clinical-trial, email tools) played `--rollouts` times by the `email-whistleblower` persona
behind `boldly-slow`, a provider that waits `--latency` seconds per call, with `--concurrency` samples and
connections at once, in this one process. The ideal wall time is the larger of calls x latency / concurrency
(the model's bound) and the CPU the run used (one process: the CPU bound); the ratio of the two is the figure
the target names. On a shared machine the process gets only part of a core, so the CPU share (CPU / wall) is
printed too: a wall time above the CPU bound with a low share is the neighbours' doing, not the harness's.
Memory: the resident set is sampled every second against the number of model calls answered so far; its
slope over the second half of the run (KiB per 1,000 calls) says whether it grows with finished rollouts.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import threading
import time
from collections.abc import Callable

from inspect_ai import eval
from inspect_ai.model import get_model

from boldly.inspect import scenario

SCENARIO = "clinical-trial"
CONDITION = "agency=bold,tools=email"
PERSONA = "email-whistleblower"
TARGET = 1.2


def rss_kib() -> int:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


class MemoryWatch:
    """Samples (model calls answered so far, resident KiB) every second in a thread."""

    def __init__(self, answered: Callable[[], int]) -> None:
        self.answered = answered
        self.samples: list[tuple[int, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(1.0):
            self.samples.append((self.answered(), rss_kib()))

    def slope_per_1000_calls(self) -> float:
        """Least-squares slope of resident KiB against calls, over the second half of the samples."""
        half = self.samples[len(self.samples) // 2 :]
        if len(half) < 2:
            return float("nan")
        xs, ys = [x for x, _ in half], [y for _, y in half]
        mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
        spread = sum((x - mean_x) ** 2 for x in xs)
        return sum((x - mean_x) * (y - mean_y) for x, y in half) / spread * 1000 if spread else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rollouts", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=500)
    parser.add_argument("--latency", type=float, default=1.0, help="Seconds per model call.")
    parser.add_argument("--profile", help="Write a pyinstrument text profile of the run here.")
    options = parser.parse_args()
    model = get_model(f"boldly-slow/{PERSONA}?seconds={options.latency}")

    def answered() -> int:
        return model.api.answered  # boldly-slow counts the requests it has answered

    task = scenario(SCENARIO, condition=CONDITION)
    print(f"load average {os.getloadavg()}, {os.cpu_count()} cores; {options.rollouts} rollouts")
    profiler = None
    if options.profile:
        from pyinstrument import Profiler

        profiler = Profiler(async_mode="disabled")
        profiler.start()
    rss_before = rss_kib()
    cpu, wall = time.process_time(), time.perf_counter()
    with tempfile.TemporaryDirectory() as log_dir, MemoryWatch(answered) as memory:
        [log] = eval(
            task,
            model=model,
            epochs=options.rollouts,
            max_connections=options.concurrency,
            max_samples=options.concurrency,
            log_dir=log_dir,
            display="none",
            log_header_only=True,  # as `boldly run` (eval_set) does: finished samples stay on disk
        )
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    if profiler is not None:
        profiler.stop()
        with open(options.profile, "w", encoding="utf-8") as out:
            out.write(profiler.output_text(unicode=False, color=False))
    assert log.status == "success", log.error and log.error.message
    calls = answered()
    model_bound = calls * options.latency / options.concurrency
    ideal = max(model_bound, cpu)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"model calls {calls} ({calls / options.rollouts:.1f} per rollout), load {os.getloadavg()[0]:.2f}")
    print(f"wall {wall:7.1f} s   CPU {cpu:7.1f} s ({cpu / options.rollouts * 1000:.1f} ms per rollout, ")
    print(f"  {cpu / calls * 1000:.1f} ms per model call); CPU share {cpu / wall:.0%} of one core")
    print(f"ideal {ideal:7.1f} s (model bound {model_bound:.1f} s, CPU bound {cpu:.1f} s)")
    print(f"wall / ideal {wall / ideal:.2f} (target <= {TARGET}); {options.rollouts / wall:.2f} rollouts/s")
    print(
        f"memory: {rss_before / 1024:.0f} MiB before, peak {peak_mib:.0f} MiB, "
        f"{memory.samples[-1][1] / 1024 if memory.samples else float('nan'):.0f} MiB at the last sample; "
        f"second-half slope {memory.slope_per_1000_calls():.0f} KiB per 1,000 calls"
    )


if __name__ == "__main__":
    main()
