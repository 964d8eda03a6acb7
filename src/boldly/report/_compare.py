"""Comparisons: the difference of two rates with Newcombe's 95% interval, between two levels of one factor
(same model, every other factor held equal) or between two models (same variant)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any, Literal

from boldly.report._cells import Cell
from boldly.report._conditions import ScenarioFactors
from boldly.report._stats import Difference, newcombe

MODEL = "model"


class ComparisonError(ValueError):
    """A comparison that names a factor, level or model the rollouts do not have."""


@dataclass(frozen=True)
class ComparisonSpec:
    """`factor` (each level against the first), `factor=a:b` (a against b); `model` and `model=a:b` too."""

    factor: str
    pair: str | None = None
    """`a:b` as given; split where both sides name something that exists (model names may hold colons)."""

    @classmethod
    def parse(cls, text: str) -> ComparisonSpec:
        factor, sep, pair = (part.strip() for part in text.partition("="))
        if not factor or (sep and (":" not in pair or pair.startswith(":") or pair.endswith(":"))):
            raise ComparisonError(
                f"bad comparison {text!r} (expected factor, or factor=a:b, e.g. agency=bold:none)"
            )
        return cls(factor, pair or None)

    def levels(self, known: Sequence[str]) -> tuple[str, str]:
        """The two sides of `pair`; ComparisonError names the first side that is not in `known`."""
        assert self.pair is not None
        splits = [(self.pair[:i], self.pair[i + 1 :]) for i, ch in enumerate(self.pair) if ch == ":"]
        for a, b in splits:
            if a.strip() in known and b.strip() in known:
                return a.strip(), b.strip()
        a, b = splits[0]
        missing = a.strip() if a.strip() not in known else b.strip()
        what = "model" if self.factor == MODEL else f"{self.factor} level"
        raise ComparisonError(f"no rollouts of {what} {missing!r} (run: {', '.join(known)})")

    def __str__(self) -> str:
        return self.factor if self.pair is None else f"{self.factor}={self.pair}"


@dataclass(frozen=True)
class Comparison:
    kind: Literal["factor", "model"]
    scenario: str
    outcome: str
    factor: str
    """The factor compared, or `model`."""
    a: str
    """The level (or model) whose rate is the minuend."""
    b: str
    """The baseline level (or the other model)."""
    model: str | None
    """For a factor comparison: the model both cells are of."""
    held: dict[str, str]
    """The condition held equal (every other factor; for models, the whole condition)."""
    cell_a: Cell
    cell_b: Cell
    difference: Difference

    def to_json(self) -> dict[str, Any]:
        d = self.difference
        return {
            "kind": self.kind,
            "scenario": self.scenario,
            "outcome": self.outcome,
            "factor": self.factor,
            "a": self.a,
            "b": self.b,
            "model": self.model,
            "held": self.held,
            "variant_a": self.cell_a.variant,
            "variant_b": self.cell_b.variant,
            "model_a": self.cell_a.model,
            "model_b": self.cell_b.model,
            "rate_a": d.a.to_json(),
            "rate_b": d.b.to_json(),
            "difference": d.value,
            "low": d.low,
            "high": d.high,
        }


def _difference(a: Cell, b: Cell, outcome: str) -> Difference | None:
    rate_a, rate_b = a.rate(outcome), b.rate(outcome)
    if rate_a is None or rate_b is None or not rate_a.n or not rate_b.n:
        return None
    return newcombe(rate_a.k, rate_a.n, rate_b.k, rate_b.n)


def compare_levels(
    cells: Sequence[Cell],
    factors: Mapping[str, ScenarioFactors],
    spec: ComparisonSpec,
    outcomes: Iterable[str],
) -> list[Comparison]:
    """Per scenario having the factor, per model and per setting of the other factors: level a minus b.

    Without levels, each level is compared with the first (the scenario's declared order: its baseline).
    """
    having = {s: f for s, f in factors.items() if spec.factor in f.levels}
    if not having:
        known = sorted({name for f in factors.values() for name in f.levels})
        raise ComparisonError(f"no rollouts vary factor {spec.factor!r} (factors: {', '.join(known)})")
    outcomes = list(outcomes)
    found: list[Comparison] = []
    for scenario, scenario_factors in having.items():
        levels = scenario_factors.levels[spec.factor]
        if spec.pair is None:
            pairs = [(level, levels[0]) for level in levels[1:]]
        else:
            try:
                pairs = [spec.levels(levels)]
            except ComparisonError as error:
                if len(having) == 1:
                    raise ComparisonError(f"{scenario}: {error}") from None
                continue
        index = {(c.model, tuple(sorted(c.condition.items()))): c for c in cells if c.scenario == scenario}
        for cell_a in (c for c in cells if c.scenario == scenario):
            for level_a, level_b in pairs:
                if cell_a.condition.get(spec.factor) != level_a:
                    continue
                partner = {**cell_a.condition, spec.factor: level_b}
                cell_b = index.get((cell_a.model, tuple(sorted(partner.items()))))
                if cell_b is None:
                    continue
                held = {k: v for k, v in cell_a.condition.items() if k != spec.factor}
                for outcome in outcomes:
                    difference = _difference(cell_a, cell_b, outcome)
                    if difference is not None:
                        found.append(
                            Comparison(
                                "factor",
                                scenario,
                                outcome,
                                spec.factor,
                                level_a,
                                level_b,
                                cell_a.model,
                                held,
                                cell_a,
                                cell_b,
                                difference,
                            )
                        )
    return found


def compare_models(
    cells: Sequence[Cell], models: Sequence[str], spec: ComparisonSpec, outcomes: Iterable[str]
) -> list[Comparison]:
    """Per variant both models ran: model a minus model b (every pair, in run order, without names)."""
    pairs = list(combinations(models, 2)) if spec.pair is None else [spec.levels(models)]
    outcomes = list(outcomes)
    by_key = {(c.model, c.variant, tuple(c.condition.items()), c.content_hash): c for c in cells}
    found: list[Comparison] = []
    for cell_a in cells:
        for model_a, model_b in pairs:
            if cell_a.model != model_a:
                continue
            cell_b = by_key.get(
                (model_b, cell_a.variant, tuple(cell_a.condition.items()), cell_a.content_hash)
            )
            if cell_b is None:
                continue
            for outcome in outcomes:
                difference = _difference(cell_a, cell_b, outcome)
                if difference is not None:
                    found.append(
                        Comparison(
                            "model",
                            cell_a.scenario,
                            outcome,
                            MODEL,
                            model_a,
                            model_b,
                            None,
                            dict(cell_a.condition),
                            cell_a,
                            cell_b,
                            difference,
                        )
                    )
    return found


def compare(
    cells: Sequence[Cell],
    factors: Mapping[str, ScenarioFactors],
    models: Sequence[str],
    spec: ComparisonSpec,
    outcomes: Iterable[str],
) -> list[Comparison]:
    if spec.factor == MODEL:
        return compare_models(cells, models, spec, outcomes)
    return compare_levels(cells, factors, spec, outcomes)


def default_specs(factors: Mapping[str, ScenarioFactors], models: Sequence[str]) -> list[ComparisonSpec]:
    """Every factor that varies somewhere (each level against its baseline), and every pair of models."""
    varying = {name for f in factors.values() for name in f.varying}
    specs = [ComparisonSpec(name) for name in sorted(varying)]
    return [*specs, ComparisonSpec(MODEL)] if len(models) > 1 else specs
