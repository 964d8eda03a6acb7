"""The `boldly` command line: thin commands over the library."""

# Importing the command modules registers their commands.
from boldly.cli import _act, _classify, _demo, _guard, _judge_bench, _report, _run, _scenarios  # noqa: F401
from boldly.cli._app import app, main

__all__ = ["app", "main"]
