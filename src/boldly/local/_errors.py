"""What can stop the local model from starting, each with what to do about it."""

from __future__ import annotations


class LocalModelError(Exception):
    """The local model cannot run; the message says why and what to do."""


class RuntimeNotInstalled(LocalModelError):
    """The `local` extra (the xllamacpp runtime) is not installed."""


class WeightsNotInstalled(LocalModelError):
    """Some of a known model's weight packages are missing or at another version."""


class WeightsMismatch(LocalModelError):
    """The joined weights do not have the pinned size or SHA-256."""


class ContextExceeded(LocalModelError):
    """The conversation no longer fits the model's context window."""
