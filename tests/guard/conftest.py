from pathlib import Path

import pytest

from boldly.guard import Guard, Policy

POLICY = Path(__file__).with_name("policy.yaml")


@pytest.fixture(scope="session")
def policy() -> Policy:
    return Policy.load(POLICY)


@pytest.fixture
def guard(policy: Policy) -> Guard:
    return Guard(policy)
