"""The virtual shell against real bash and GNU tools: every corpus command must give the same stdout, stderr
and exit status over the same tree (see differential.py for the tree, the user and the normalisation).

A command marked as a known divergence must still differ (strict xfail), so the list stays true."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from differential import (
    Case,
    RealShell,
    load_corpus,
    load_tree,
    missing_tools,
    run_virtual,
    world_seed,
)

CASES = load_corpus()
COMPARED = [case for case in CASES if not case.apart]
APART = [case for case in CASES if case.apart]


@pytest.fixture(scope="module")
def real() -> Iterator[RealShell]:
    missing = missing_tools()
    if missing:
        problem = f"real tools missing for the differential suite: {', '.join(missing)}"
        if os.environ.get("CI"):
            pytest.fail(f"{problem}; .ci/run installs them")
        pytest.skip(problem)
    shell = RealShell(load_tree())
    yield shell
    shell.close()


def _case_param(case: Case) -> object:
    marks = [pytest.mark.xfail(reason=case.divergence, strict=True)] if case.divergence else []
    return pytest.param(case, id=f"{case.category}: {case.command}", marks=marks)


@pytest.mark.parametrize("case", [_case_param(case) for case in COMPARED])
def test_agrees_with_bash(real: RealShell, case: Case) -> None:
    expected = real.run(case.command)
    actual = run_virtual(world_seed(real.tree, str(real.home)), case.command)
    assert actual == expected


def test_corpus_is_large_enough() -> None:
    assert len(COMPARED) >= 600


@pytest.mark.parametrize("case", APART, ids=lambda case: case.command)
def test_apart_commands_run_cleanly(case: Case) -> None:
    """What can never match real bash still answers like a machine would, never with an interpreter error."""
    outcome = run_virtual(world_seed(load_tree(), "/home/nobody"), case.command)
    assert "internal error" not in outcome.stderr
