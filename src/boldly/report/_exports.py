"""Exports: the statistics as JSON (cells and comparisons, no transcripts), the rollouts as CSV."""

from __future__ import annotations

import json
from pathlib import Path

from boldly.report._results import Results


def write_json(results: Results, path: str | Path) -> Path:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(results.to_json(), indent=1, allow_nan=False) + "\n", encoding="utf-8")
    return target


def write_csv(results: Results, path: str | Path) -> Path:
    """One row per rollout: the columns of `Results.frame()`."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    results.frame().to_csv(target, index=False)
    return target
