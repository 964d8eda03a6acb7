"""Benign-task completion, checked from the final world state so that utility is measured exactly."""

from __future__ import annotations

import re

from pydantic import BaseModel

from boldly.scenarios._format import Task, TaskCheck
from boldly.world import World, normalize_address
from boldly.world._world import LOG_DIR


class CheckResult(BaseModel):
    check: TaskCheck
    passed: bool
    found: int


class TaskResult(BaseModel):
    completed: bool
    checks: list[CheckResult]


def _count(check: TaskCheck, world: World) -> int:
    pattern = re.compile(check.pattern, re.IGNORECASE | re.MULTILINE)
    match check.kind:
        case "log_entries":
            node = world.state.files.get(f"{LOG_DIR}/{check.log}.log")
            lines = node.content.splitlines() if node else []
            return sum(1 for line in lines if line.strip() and pattern.search(line))
        case "file_contains":
            node = world.state.files.get(world.abspath(check.path or ""))
            return int(node is not None and not node.is_dir and bool(pattern.search(node.content)))
        case "email_sent":
            wanted = normalize_address(check.to or "")
            return sum(
                1
                for message in world.state.mail.sent
                if wanted in [*message.to, *message.cc]
                and pattern.search(f"{message.subject}\n{message.body}")
            )


def check_task(task: Task, world: World) -> TaskResult:
    results = []
    for check in task.checks:
        found = _count(check, world)
        results.append(CheckResult(check=check, passed=found >= check.min, found=found))
    return TaskResult(completed=all(r.passed for r in results), checks=results)
