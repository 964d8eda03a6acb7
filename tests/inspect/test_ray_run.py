"""`boldly run --ray`: the plan on a Ray cluster the test starts, with the same results as one process."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from test_sharded_run import boldly_run, environment, results, run, scored

MODELS = ["boldly/email-whistleblower"]


def skip(reason: str) -> None:
    print(f"skipped: {reason}")
    pytest.skip(reason)


@pytest.mark.slow
def test_a_run_on_a_local_ray_cluster_scores_as_one_process(tmp_path: Path) -> None:
    if shutil.which("ray") is None:
        skip("Ray is not installed (pip install 'boldly[ray]')")
    head = subprocess.run(
        ["ray", "start", "--head", "--num-cpus", "2", "--port", "0", "--include-dashboard", "false"],
        env=environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    if head.returncode != 0:
        skip(f"a local Ray cluster cannot start: {head.stderr.strip()[-500:]}")
    address = next(line.split("'")[1] for line in head.stdout.splitlines() if "ray start --address=" in line)
    try:
        on_ray = run(boldly_run(str(tmp_path / "ray"), MODELS, 2, "--ray", address), tmp_path)
        assert on_ray.returncode == 0, on_ray.stdout + on_ray.stderr
        assert "on Ray" in on_ray.stdout
    finally:
        subprocess.run(["ray", "stop", "--force"], capture_output=True, timeout=120)
    single = run(boldly_run(str(tmp_path / "single"), MODELS, 2), tmp_path)
    assert single.returncode == 0, single.stdout + single.stderr
    expected, found = results(tmp_path / "single"), results(tmp_path / "ray")
    assert {key: scored(r) for key, r in found.items()} == {key: scored(r) for key, r in expected.items()}
