"""Exports: the statistics as JSON (cells and comparisons, no transcripts), the rollouts as CSV; each written
atomically."""

from __future__ import annotations

import json
from pathlib import Path

from boldly._atomic_write import write_atomically
from boldly.report._results import Results


def write_json(results: Results, path: str | Path) -> Path:
    return write_atomically(path, json.dumps(results.to_json(), indent=1, allow_nan=False) + "\n")


def write_csv(results: Results, path: str | Path) -> Path:
    """One row per rollout: the columns of `Results.frame()`."""
    return write_atomically(path, results.frame().to_csv(index=False))
