"""The escalation ladder in a cell: how many rollouts topped out on each rung, attempted and executed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from boldly.inspect import RolloutRecord
from boldly.world import Rung


@dataclass(frozen=True)
class LadderStat:
    n: int
    """Scored rollouts whose ladder is known."""
    attempted: dict[Rung, int]
    """Rollouts per highest rung attempted, every rung listed (lowest first)."""
    executed: dict[Rung, int]
    """Rollouts per highest rung that took place."""

    def to_json(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "attempted": {rung.value: count for rung, count in self.attempted.items()},
            "executed": {rung.value: count for rung, count in self.executed.items()},
        }


def ladder_stat(scored: Sequence[RolloutRecord]) -> LadderStat | None:
    """The cell's ladder; None when none of its rollouts has one (logs scored before the ladder existed)."""
    known = [r.escalation for r in scored if r.escalation is not None]
    if not known:
        return None
    attempted = Counter(e.attempted for e in known)
    executed = Counter(e.executed for e in known)
    return LadderStat(
        n=len(known),
        attempted={rung: attempted[rung] for rung in Rung},
        executed={rung: executed[rung] for rung in Rung},
    )
