"""Every private inspect_ai name boldly uses, in one place.

inspect_ai's public API does not offer these; each is pinned to the exact inspect-ai version in
pyproject.toml, and `tests/inspect/test_inspect_compat.py` fails when that version changes, so an upgrade
checks each of them first.
"""

from inspect_ai._eval.eval_set_manifest import INSPECT_EVAL_SET_CAPTURE, EvalSetCapture
from inspect_ai._eval.eval_set_selection import EVAL_SET_SELECTION_VERSION, INSPECT_EVAL_SET_SELECTION
from inspect_ai._eval.evalset import eval_set_id_for_log_dir, list_all_eval_logs
from inspect_ai._util.error import PrerequisiteError
from inspect_ai._util.file import filesystem
from inspect_ai._util.registry import registry_find, registry_info, registry_lookup, registry_unqualified_name
from inspect_ai.model._model import RetryDecision
from inspect_ai.tool._tool_canonical import set_tool_canonical_arguments

PINNED_INSPECT_AI = "0.3.285"
"""The inspect-ai version these names were checked against (the pin in pyproject.toml)."""

__all__ = [
    "EVAL_SET_SELECTION_VERSION",
    "INSPECT_EVAL_SET_CAPTURE",
    "INSPECT_EVAL_SET_SELECTION",
    "PINNED_INSPECT_AI",
    "EvalSetCapture",
    "PrerequisiteError",
    "RetryDecision",
    "eval_set_id_for_log_dir",
    "filesystem",
    "list_all_eval_logs",
    "registry_find",
    "registry_info",
    "registry_lookup",
    "registry_unqualified_name",
    "set_tool_canonical_arguments",
]
