from pydantic import BaseModel


class ShellResult(BaseModel):
    output: str
    exit_code: int


def run_shell(world: object, command: str) -> ShellResult:
    raise NotImplementedError
