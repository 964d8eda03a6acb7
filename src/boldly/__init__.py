"""boldly: measure how boldly tool-using AI agents act on their own, and fence them in."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("boldly")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
