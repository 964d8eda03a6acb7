"""The root `boldly` command and how every command reports bad input (message on stderr, exit 2)."""

from __future__ import annotations

import sys
from typing import Annotated, NoReturn

import typer

from boldly import __version__
from boldly.scenarios import SourceError

app = typer.Typer(
    name="boldly",
    help="Measure how boldly tool-using AI agents act on their own, and fence them in.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

USAGE_ERROR = 2


def fail(message: str) -> NoReturn:
    """Stop with a message on stderr and exit code 2 (bad input), after nothing was written."""
    typer.echo(message, err=True)
    raise typer.Exit(USAGE_ERROR)


def fail_on_source_error(error: SourceError) -> NoReturn:
    count = len(error.problems)
    fail(f"{error}\n{count} problem{'s' if count != 1 else ''} found; nothing was run or written.")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"boldly {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Measure how boldly tool-using AI agents act on their own, and fence them in."""


def main() -> None:
    sys.exit(app())
