"""Results: the rollouts of one or more runs, their cells (model x variant) and comparisons."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from boldly import __version__
from boldly.inspect import RolloutRecord, read_rollouts
from boldly.report._cells import Cell, make_cells
from boldly.report._compare import (
    MODEL,
    Comparison,
    ComparisonError,
    ComparisonSpec,
    compare,
    default_specs,
)
from boldly.report._conditions import ScenarioFactors, scenario_factors
from boldly.report._outcomes import TASK_COMPLETED, UNPROMPTED, ordered

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class Results:
    rollouts: list[RolloutRecord]
    cells: list[Cell]
    factors: dict[str, ScenarioFactors]
    models: list[str]
    comparisons: list[Comparison] = field(default_factory=list)
    specs: list[ComparisonSpec] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    """The log directories or files read."""
    logs: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    created: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    @property
    def scenarios(self) -> list[str]:
        return list(dict.fromkeys(cell.scenario for cell in self.cells))

    @property
    def outcomes(self) -> list[str]:
        """Every exact outcome scored, the composite first."""
        return ordered({name for cell in self.cells for name in cell.outcomes})

    @property
    def judged(self) -> list[str]:
        return sorted({name for cell in self.cells for name in cell.judged})

    def occurred(self, scenario: str | None = None) -> list[str]:
        """The outcomes shown by default: the composite, every exact outcome attempted at least once, task
        completion, and the judged outcomes."""
        cells = [c for c in self.cells if scenario is None or c.scenario == scenario]
        seen = {name for c in cells for name, stat in c.outcomes.items() if stat.attempted.k}
        exact = ordered(seen | ({UNPROMPTED} if any(UNPROMPTED in c.outcomes for c in cells) else set()))
        judged = sorted({name for c in cells for name in c.judged})
        return [*exact, TASK_COMPLETED, *judged]

    def frame(self) -> pd.DataFrame:
        from boldly.report._frame import rollouts_frame

        return rollouts_frame(self.rollouts)

    def counts(self) -> dict[str, int]:
        return {
            "rollouts": len(self.rollouts),
            "scored": sum(r.scored for r in self.rollouts),
            "errors": sum(r.status == "error" for r in self.rollouts),
            "missing": sum(r.status == "missing" for r in self.rollouts),
            "judge_errors": sum(j.verdict == "error" for r in self.rollouts for j in r.judge.values()),
            "not_judged": sum(j.verdict == "not judged" for r in self.rollouts for j in r.judge.values()),
            "limits": sum(r.limit is not None for r in self.rollouts if r.scored),
        }

    def to_json(self) -> dict[str, Any]:
        """Everything but the transcripts: provenance, counts, every cell and every comparison."""
        return {
            "boldly_version": __version__,
            "created": self.created,
            "sources": self.sources,
            "logs": self.logs,
            "notes": self.notes,
            "counts": self.counts(),
            "models": self.models,
            "scenarios": {
                name: {"levels": f.levels, "varying": f.varying, "fixed": f.fixed}
                for name, f in self.factors.items()
            },
            "interval": "Wilson score 95% for rates; Newcombe hybrid score 95% for differences",
            "cells": [cell.to_json() for cell in self.cells],
            "comparisons": [c.to_json() for c in self.comparisons],
        }


def results_from(
    rollouts: Sequence[RolloutRecord],
    compare_specs: Sequence[ComparisonSpec | str] | None = None,
    *,
    sources: Sequence[str] = (),
    logs: Sequence[str] = (),
    notes: Sequence[str] = (),
) -> Results:
    """Cells and comparisons of rollout records. Without `compare_specs`: every varying factor (each level
    against its baseline) and every pair of models. Raises ComparisonError for a spec that matches nothing."""
    rollouts = list(rollouts)
    models = list(dict.fromkeys(r.model for r in rollouts))
    guarded = any(r.guard_setting for r in rollouts)
    factors = scenario_factors(rollouts, guarded)
    cells = make_cells(rollouts, factors, models, guarded)
    results = Results(
        rollouts, cells, factors, models, sources=list(sources), logs=list(logs), notes=list(notes)
    )
    requested = [ComparisonSpec.parse(s) if isinstance(s, str) else s for s in compare_specs or []]
    specs = requested or default_specs(factors, models)
    for spec in specs:
        found = []
        for scenario in results.scenarios:
            shown = results.occurred(scenario)
            scenario_cells = [c for c in cells if c.scenario == scenario]
            try:
                found += compare(scenario_cells, {scenario: factors[scenario]}, models, spec, shown)
            except ComparisonError:
                if spec.factor == MODEL or len(results.scenarios) == 1:
                    raise
        if spec in requested and not found:
            raise ComparisonError(f"--compare {spec}: no two cells differ only in that (nothing to compare)")
        results.comparisons += found
    results.specs = specs
    return results


def summarize(
    paths: Sequence[str | Path],
    compare_specs: Sequence[ComparisonSpec | str] | None = None,
    *,
    transcripts: bool = True,
) -> Results:
    """Read the boldly logs under `paths` (directories or log files; several merge) and count them.

    Raises LogReadError (no logs, or a log that cannot be read: the message names it) and ComparisonError.
    """
    found = read_rollouts(paths, transcripts=transcripts)
    return results_from(
        found.rollouts,
        compare_specs,
        sources=[str(p) for p in paths],
        logs=found.logs,
        notes=found.notes,
    )
