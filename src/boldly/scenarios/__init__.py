"""Scenario files: the format, its loader (file:line:column errors), factor expansion, the built-in pack."""

from boldly.scenarios._source import Problem, SourceError
from boldly.scenarios._world_file import load_world_seed

__all__ = ["Problem", "SourceError", "load_world_seed"]
