import os
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


FILESYSTEM_SERVER = (
    Path(__file__).parents[2] / ".ci" / "node" / "node_modules" / ".bin" / "mcp-server-filesystem"
)


@pytest.fixture(scope="session")
def filesystem_server() -> Path:
    """The reference MCP filesystem server from npm (.ci/run installs it; BOLDLY_MCP_FILESYSTEM overrides)."""
    server = Path(os.environ.get("BOLDLY_MCP_FILESYSTEM") or FILESYSTEM_SERVER)
    if not server.exists():
        missing = f"the reference MCP filesystem server is not installed at {server}"
        if os.environ.get("CI"):
            pytest.fail(f"{missing}; .ci/run installs it (npm ci --prefix .ci/node)")
        print(f"skipped: {missing} (npm ci --prefix .ci/node)")
        pytest.skip(f"{missing} (npm ci --prefix .ci/node)")
    return server
