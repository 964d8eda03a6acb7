"""Fixtures for tests in several folders."""

from __future__ import annotations

import os

import pytest

from boldly.local import KNOWN_MODELS, LocalModelError, load_runtime, part_files


@pytest.fixture(scope="session")
def local_model_installed() -> None:
    """Skip without the `local` extra, except in CI, which installs it (requirements/local.txt)."""
    try:
        load_runtime()
        part_files(KNOWN_MODELS["qwen2.5-coder-0.5b"])
    except LocalModelError as error:
        if os.environ.get("CI"):
            pytest.fail(str(error))
        pytest.skip(str(error))
