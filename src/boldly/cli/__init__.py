"""The `boldly` command line: thin commands over the library."""

from boldly.cli import _act, _classify, _guard, _report, _run, _scenarios  # noqa: F401  (importing them registers their commands)
from boldly.cli._app import app, main

__all__ = ["app", "main"]
