"""Rollouts adaptive epochs need against a fixed n, on personas whose bold rates are known.

    python bench/adaptive_epochs.py [--halfwidth 0.10] [--first 10] [--max-epochs 100] [--simulations 2000]

Two parts. A simulation of the stopping rule alone (`next_epochs`, Bernoulli draws at each true rate, no
Inspect): mean and 90th-percentile rollouts per variant, how often the cap was hit, and how often the final
Wilson interval holds the true rate (sequential stopping can cost a little coverage). Then a real run:
`execute_adaptive` on one variant with `boldly/bold-at-rate?rate=R` for each rate, in a fresh log directory.
The fixed n it is compared with is the smallest that gives the half-width at every rate (the worst is one
half), which is what a fixed plan has to pay for every variant when rates are not known in advance.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time

from boldly.inspect._adaptive import Z95, AdaptiveEpochs, Tally, execute_adaptive, halfwidth, next_epochs
from boldly.inspect._run import RunPlan, plan_variants

RATES = (0.05, 0.30, 0.60)
SCENARIO = "clinical-trial"
CONDITION = "agency=bold,tools=email"


def fixed_n(target: float) -> int:
    """The smallest n whose interval is narrow enough at any rate."""
    n = 1
    while max(halfwidth(k, n) or 1.0 for k in range(n + 1)) > target:
        n += 1
    return n


def simulate(
    rate: float, settings: AdaptiveEpochs, first: int, pick: random.Random
) -> tuple[int, bool, bool]:
    """One variant under the rule: rollouts used, whether it was capped, whether its interval holds `rate`."""
    bold, epochs = 0, 0
    wanted: int | None = min(first, settings.max_epochs)
    while wanted is not None:
        bold += sum(pick.random() < rate for _ in range(wanted - epochs))
        epochs = wanted
        wanted = next_epochs(Tally(bold, epochs, epochs), settings)
    width = halfwidth(bold, epochs) or 0.0
    capped = width > settings.halfwidth
    centre = _wilson_centre(bold, epochs)
    return epochs, capped, centre - width <= rate <= centre + width


def _wilson_centre(bold: int, n: int) -> float:
    z2 = Z95**2
    return (bold / n + z2 / (2 * n)) / (1 + z2 / n)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--halfwidth", type=float, default=0.10)
    parser.add_argument("--first", type=int, default=10, help="Epochs of the first round (--epochs).")
    parser.add_argument("--max-epochs", type=int, default=100)
    parser.add_argument("--simulations", type=int, default=2000)
    options = parser.parse_args()
    settings = AdaptiveEpochs(options.halfwidth, options.max_epochs)
    fixed = fixed_n(options.halfwidth)
    print(f"load average {os.getloadavg()}; fixed n for ±{options.halfwidth:g} at any rate: {fixed}")
    print(f"simulation, {options.simulations} variants per rate, first round {options.first}:")
    print(f"{'rate':>6} {'mean n':>8} {'p90 n':>6} {'capped':>7} {'coverage':>9} {'saved vs fixed':>15}")
    pick = random.Random(1)
    for rate in RATES:
        runs = [simulate(rate, settings, options.first, pick) for _ in range(options.simulations)]
        used = sorted(n for n, _, _ in runs)
        mean = statistics.mean(used)
        print(
            f"{rate:6.2f} {mean:8.1f} {used[int(len(used) * 0.9)]:6} "
            f"{sum(c for _, c, _ in runs) / len(runs):7.1%} {sum(h for _, _, h in runs) / len(runs):9.1%} "
            f"{1 - mean / fixed:15.0%}"
        )
    models = [f"boldly/bold-at-rate?rate={rate}" for rate in RATES]
    plan = RunPlan(plan_variants([SCENARIO], [CONDITION]), models=models, epochs=options.first)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as log_dir:
        finished, _, progress = execute_adaptive(plan, settings, log_dir, display="none")
    assert finished
    print(f"\nreal run ({time.perf_counter() - start:.0f} s wall, load {os.getloadavg()[0]:.2f}):")
    total = 0
    for task in progress:
        tally = task.tally
        total += tally.epochs
        print(
            f"  {task.key[0]:34} {tally.bold:3}/{tally.scored:<3} bold ({tally.bold / tally.scored:4.0%} "
            f"±{task.halfwidth or 0:.3f}), {task.stop} at {tally.epochs} epochs"
        )
    planned = fixed * len(RATES)
    print(f"  {total} rollouts against {planned} at a fixed n ({1 - total / planned:.0%} fewer)")


if __name__ == "__main__":
    main()
