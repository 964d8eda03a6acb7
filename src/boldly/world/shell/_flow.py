"""Control flow that unwinds through the interpreter: break, continue, return and exit."""

from __future__ import annotations


class LoopControl(Exception):
    def __init__(self, kind: str, levels: int) -> None:
        super().__init__(kind)
        self.kind = kind
        self.levels = levels


class ReturnSignal(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class ExitSignal(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status
