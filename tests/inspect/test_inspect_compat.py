"""inspect_ai's private names that boldly uses are checked against the pinned version: an upgrade fails here
first, so whoever upgrades checks `boldly.inspect._inspect_compat` name by name before changing the pin."""

from __future__ import annotations

from importlib.metadata import version

from boldly.inspect import _inspect_compat


def test_inspect_ai_is_the_version_the_private_names_were_checked_against() -> None:
    assert version("inspect-ai") == _inspect_compat.PINNED_INSPECT_AI, (
        "inspect-ai changed: check that every name in boldly/inspect/_inspect_compat.py still exists and "
        "means the same, then update PINNED_INSPECT_AI"
    )


def test_every_private_name_is_there() -> None:
    assert all(getattr(_inspect_compat, name) is not None for name in _inspect_compat.__all__)
