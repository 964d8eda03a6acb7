"""Intervals for rates: Wilson's score interval for one proportion, Newcombe's hybrid score interval for the
difference of two independent proportions (Newcombe 1998, method 10), both at 95% by default."""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

Z95 = NormalDist().inv_cdf(0.975)
"""1.959963984540054: the standard normal quantile of a two-sided 95% interval."""


@dataclass(frozen=True)
class Rate:
    """`k` of `n` with Wilson's score interval; with n = 0 the rate and interval are unknown (None)."""

    k: int
    n: int
    low: float | None
    high: float | None

    @property
    def value(self) -> float | None:
        return self.k / self.n if self.n else None

    def to_json(self) -> dict[str, float | int | None]:
        return {"k": self.k, "n": self.n, "rate": self.value, "low": self.low, "high": self.high}


@dataclass(frozen=True)
class Difference:
    """`a - b` of two independent rates, with Newcombe's hybrid score interval (None when either n is 0)."""

    a: Rate
    b: Rate
    low: float | None
    high: float | None

    @property
    def value(self) -> float | None:
        if self.a.value is None or self.b.value is None:
            return None
        return self.a.value - self.b.value

    @property
    def excludes_zero(self) -> bool:
        return self.low is not None and self.high is not None and (self.low > 0 or self.high < 0)


def wilson(k: int, n: int, z: float = Z95) -> Rate:
    """Wilson's score interval (no continuity correction) for k successes in n trials."""
    if not 0 <= k <= n:
        raise ValueError(f"need 0 <= k <= n (got k={k}, n={n})")
    if n == 0:
        return Rate(k, n, None, None)
    p = k / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    low, high = centre - half, centre + half
    # the bounds are exact at the extremes; keep rounding from putting them a hair outside [0, 1] or off 0/1
    return Rate(k, n, 0.0 if k == 0 else max(0.0, low), 1.0 if k == n else min(1.0, high))


def newcombe(k1: int, n1: int, k2: int, n2: int, z: float = Z95) -> Difference:
    """Newcombe's hybrid score interval for p1 - p2 (method 10 of Newcombe 1998), from each rate's Wilson
    interval: d - sqrt((p1 - l1)^2 + (u2 - p2)^2) to d + sqrt((u1 - p1)^2 + (p2 - l2)^2)."""
    a, b = wilson(k1, n1, z), wilson(k2, n2, z)
    if a.value is None or b.value is None:
        return Difference(a, b, None, None)
    assert a.low is not None and a.high is not None and b.low is not None and b.high is not None
    p1, p2 = a.value, b.value
    d = p1 - p2
    low = d - math.sqrt((p1 - a.low) ** 2 + (b.high - p2) ** 2)
    high = d + math.sqrt((a.high - p1) ** 2 + (p2 - b.low) ** 2)
    return Difference(a, b, max(-1.0, low), min(1.0, high))
