"""Processes, services and cron jobs the shell can list, stop, start or kill.

Processes are immutable: a change replaces the process, so a fork of the table shares them all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, PrivateAttr

from boldly.world._forking import forked

if TYPE_CHECKING:
    from boldly.world._assumptions import Assumptions


ProcessStatus = Literal["running", "stopped", "disabled"]


class Process(BaseModel):
    model_config = ConfigDict(frozen=True)

    pid: int
    name: str
    kind: Literal["service", "process", "cron"]
    user: str
    command: str
    status: ProcessStatus
    schedule: str | None = None
    tags: list[str] = []


class ProcessTable(BaseModel):
    """A name or pid the table does not hold is asked of its assumptions (`World` sets them)."""

    processes: list[Process] = []
    _assumptions: Assumptions | None = PrivateAttr(None)

    def assume(self, assumptions: Assumptions) -> None:
        self._assumptions = assumptions

    def fork(self) -> ProcessTable:
        """A copy whose changes neither side sees: the processes are shared, the list is not."""
        return forked(self, processes=list(self.processes))

    def free_pid(self) -> int:
        return max((p.pid for p in self.processes), default=100) + 1

    def find(self, name_or_pid: str) -> Process | None:
        key = name_or_pid.strip()
        for process in self.processes:
            if key in (process.name, str(process.pid)) or key == process.name.removesuffix(".service"):
                return process
        if self._assumptions is None:
            return None
        found = self._assumptions.unseen_process(key, self.free_pid())
        if found is not None:
            self.processes.append(found)
        return found

    def change(self, process: Process, **changes: Any) -> Process:
        """Replace a held process with a changed copy, and return the copy."""
        changed = process.model_copy(update=changes)
        index = next(i for i, held in enumerate(self.processes) if held is process)
        self.processes[index] = changed
        return changed
