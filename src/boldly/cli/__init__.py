"""The `boldly` command line: thin commands over the library."""

from boldly.cli._app import app, main

__all__ = ["app", "main"]
