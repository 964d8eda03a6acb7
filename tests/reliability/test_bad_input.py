"""Bad input to every command: scenario, world, policy and action files, flags, log directories missing,
damaged or cut short. Each answer names the file and line (or the argument) and what is expected, exits 2, and
writes nothing; and every output file is written whole or not at all."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from boldly._atomic_write import write_atomically
from boldly.cli import app

TESTS = Path(__file__).parents[1]
LAB = TESTS / "inspect" / "lab.yaml"
POLICY = TESTS / "guard" / "policy.yaml"
BROKEN_SCENARIOS = sorted((TESTS / "scenarios" / "broken").glob("*.yaml"))
POSITION = re.compile(r":\d+(:\d+)?: ")


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def finished_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One finished run's log directory (a scripted persona, one rollout)."""
    log_dir = tmp_path_factory.mktemp("run") / "logs"
    code, output = invoke(
        "run", "-m", "boldly/compliant", "-s", str(LAB), "-c", "tools=email", "--epochs", "1",
        "--log-dir", str(log_dir), "--display", "none",
    )  # fmt: skip
    assert code == 0, output
    return log_dir


@pytest.mark.parametrize("broken", BROKEN_SCENARIOS, ids=lambda path: path.stem)
def test_a_broken_scenario_file_stops_a_run_with_its_position(broken: Path, tmp_path: Path) -> None:
    code, output = invoke(
        "run", "-m", "boldly/compliant", "-s", str(broken), "--log-dir", str(tmp_path / "l")
    )
    assert code == 2, output
    assert f"{broken}:" in output and POSITION.search(output), output
    assert not (tmp_path / "l").exists()


def test_a_scenario_cut_short_is_a_positioned_error(tmp_path: Path) -> None:
    text = LAB.read_text(encoding="utf-8")
    cut = tmp_path / "cut.yaml"
    cut.write_text(text[: len(text) // 2] + '\n  - "unterminated', encoding="utf-8")
    code, output = invoke("scenarios", "validate", str(cut))
    assert code == 2 and POSITION.search(output) and str(cut) in output, output


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("version: 1\norg: {name: X, domains: [x.com]\n", "x"),
        ("version: 1\nrules:\n  - name: r\n    when: {op: [teleport]}\n    decision: deny\n", "teleport"),
        ("version: 1\nrules:\n  - name: r\n    decision: maybe\n", "maybe"),
        ("\x00\x01binary", ""),
        ("", ""),
    ],
)
def test_a_bad_policy_file_is_a_positioned_error_for_every_command(
    text: str, expected: str, tmp_path: Path
) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(text, encoding="utf-8")
    audit = tmp_path / "audit.jsonl"
    for args in (
        ["guard", "check", "--policy", str(policy), "--audit-log", str(audit)],
        [
            "run",
            "-m",
            "boldly/compliant",
            "-s",
            str(LAB),
            "--guard",
            str(policy),
            "--log-dir",
            str(tmp_path / "l"),
        ],
    ):
        code, output = invoke(*args)
        assert code == 2, (args, output)
        assert f"{policy}:" in output and expected in output, output
    assert not audit.exists() and not (tmp_path / "l").exists()


def test_a_missing_policy_file_names_it(tmp_path: Path) -> None:
    code, output = invoke("guard", "check", "--policy", str(tmp_path / "nope.yaml"))
    assert code == 2 and "nope.yaml" in output, output


@pytest.mark.parametrize(
    "args",
    [
        ["run", "-m", "boldly/compliant", "--epochs", "0"],
        ["run", "-m", "boldly/compliant", "-s", str(LAB), "-c", "nosuch=1"],
        ["run", "-m", "boldly/compliant", "-s", str(LAB), "-c", "tools=telepathy"],
        ["run", "-m", "boldly/compliant", "-s", "no-such-scenario"],
        ["run", "-m", "boldly/nobody", "-s", str(LAB)],
        ["run", "-m", "nonsense", "-s", str(LAB)],
        ["run", "-m", "boldly/compliant", "-s", str(LAB), "--guard-ask", "maybe"],
        ["run", "-m", "boldly/compliant", "-s", str(LAB), "--guard-ask", "approve"],
        ["run", "-m", "boldly/compliant", "-s", str(LAB), "--max-retries", "-1"],
        ["run", "-m", "boldly-faults/compliant?rate=7", "-s", str(LAB)],
        ["report", "--compare", "nosuch"],
        ["scenarios", "show", "clinical-trial", "-c", "agency=reckless"],
        ["act", "--world", "missing-world.yaml"],
        ["guard", "verify"],
    ],
    ids=lambda args: " ".join(args[:1] + args[-2:]),
)
def test_a_bad_flag_says_what_is_expected_and_runs_nothing(args: list[str], tmp_path: Path) -> None:
    code, output = invoke(*args, *(["--log-dir", str(tmp_path / "l")] if args[0] == "run" else []))
    assert code == 2, output
    assert output.strip(), "no message"
    assert not (tmp_path / "l").exists()


def test_an_actions_file_that_is_missing_or_binary(tmp_path: Path) -> None:
    world = tmp_path / "world.yaml"
    world.write_text(
        "org: {name: X, domains: [x.com]}\n"
        "agent: {name: A, account: a, address: a@x.com}\n"
        "accounts: [{user: a}]\n"
    )
    code, output = invoke("act", "--world", str(world), "--actions", str(tmp_path / "none.jsonl"))
    assert code == 2 and "none.jsonl" in output and "expected a JSON-lines file" in output, output
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b"\xff\xfe\x00garbage\n")
    code, output = invoke("act", "--world", str(world), "--actions", str(binary))
    assert code == 2 and "binary.jsonl" in output, output


def test_report_on_a_missing_directory_names_it(tmp_path: Path) -> None:
    html = tmp_path / "r.html"
    code, output = invoke("report", str(tmp_path / "nowhere"), "--html", str(html))
    assert code == 2 and "nowhere: no such file or directory" in output
    assert not html.exists()


@pytest.mark.parametrize("damage", ["garbage", "cut short", "empty"])
def test_a_damaged_log_is_named_by_report_and_run_and_nothing_is_written(
    damage: str, finished_log: Path, tmp_path: Path
) -> None:
    logs = tmp_path / "logs"
    shutil.copytree(finished_log, logs)
    [log] = logs.glob("*.eval")
    data = log.read_bytes()
    log.write_bytes({"garbage": b"not a zip", "cut short": data[: len(data) // 2], "empty": b""}[damage])
    outputs = [tmp_path / "r.html", tmp_path / "r.json", tmp_path / "r.csv"]
    code, output = invoke(
        "report", str(logs), "--html", str(outputs[0]), "--json", str(outputs[1]), "--csv", str(outputs[2])
    )
    assert code == 2 and log.name in output and "cannot read" in output, output
    assert not any(path.exists() for path in outputs)

    before = sorted(logs.iterdir())
    code, output = invoke(
        "run", "-m", "boldly/compliant", "-s", str(LAB), "-c", "tools=email", "--epochs", "1",
        "--log-dir", str(logs), "--display", "none",
    )  # fmt: skip
    assert code == 2 and log.name in output and "expected a complete Inspect log" in output, output
    assert sorted(logs.iterdir()) == before


def test_an_output_file_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    write_atomically(target, "the old report")
    with pytest.raises(UnicodeEncodeError):
        write_atomically(target, "half of a new report" + "\ud800" + "never written")
    assert target.read_text(encoding="utf-8") == "the old report"
    assert [path.name for path in tmp_path.iterdir()] == ["report.html"]
    write_atomically(tmp_path / "new" / "r.json", "{}")
    assert (tmp_path / "new" / "r.json").read_text() == "{}"


def test_report_outputs_replace_old_ones_whole(finished_log: Path, tmp_path: Path) -> None:
    outputs = [tmp_path / "r.html", tmp_path / "r.json", tmp_path / "r.csv"]
    for path in outputs:
        path.write_text("stale")
    code, output = invoke(
        "report",
        str(finished_log),
        "-q",
        "--html",
        str(outputs[0]),
        "--json",
        str(outputs[1]),
        "--csv",
        str(outputs[2]),
    )
    assert code == 0, output
    assert all(path.read_text() != "stale" for path in outputs)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["r.csv", "r.html", "r.json"]
