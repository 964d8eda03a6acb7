"""Processes, services and cron jobs the shell can list, stop, start or kill."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel


class Process(BaseModel):
    pid: int
    name: str
    kind: Literal["service", "process", "cron"]
    user: str
    command: str
    status: Literal["running", "stopped", "disabled"]
    schedule: str | None = None
    tags: list[str] = []


class ProcessTable(BaseModel):
    processes: list[Process] = []

    def find(self, name_or_pid: str) -> Process | None:
        key = name_or_pid.strip()
        for process in self.processes:
            if key in (process.name, str(process.pid)) or key == process.name.removesuffix(".service"):
                return process
        return None
