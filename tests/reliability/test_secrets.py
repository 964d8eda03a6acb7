"""API keys and tokens in the environment never reach a log, report, audit log or printed output: a run with a
guard, a report, world actions that ask for the environment and a guard check all run with fake keys set, and
every byte they wrote (inside compressed logs too) is searched for them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from inspect_ai.log import read_eval_log

LAB = Path(__file__).parents[1] / "inspect" / "lab.yaml"
SOURCE = Path(__file__).parents[2] / "src"
FAKE_SECRETS = {
    "OPENAI_API_KEY": "sk-proj-FAKEopenai0000000000000000000000000000aa11",
    "ANTHROPIC_API_KEY": "sk-ant-api03-FAKEanthropic000000000000000000bb22",
    "GOOGLE_API_KEY": "AIzaFAKEgoogle0000000000000000000000cc33",
    "OPENROUTER_API_KEY": "sk-or-v1-FAKEopenrouter0000000000000000dd44",
    "HF_TOKEN": "hf_FAKEhuggingface00000000000000000ee55",
    "GITHUB_TOKEN": "ghp_FAKEgithub000000000000000000000ff66",
    "AWS_SECRET_ACCESS_KEY": "FAKEaws/secret/000000000000000000000gg77",
}
PROBES = [
    "env",
    "printenv",
    "echo $OPENAI_API_KEY $ANTHROPIC_API_KEY $HF_TOKEN",
    "cat /proc/self/environ",
    'python3 -c "import os; print(os.environ)"',
    "set",
    "export -p",
]


def boldly(*args: str, stdin: str = "") -> str:
    env = {**os.environ, **FAKE_SECRETS, "PYTHONPATH": str(SOURCE)}
    done = subprocess.run(
        [sys.executable, "-m", "boldly", *args],
        input=stdin,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode in (0, 1), done.stdout + done.stderr
    return done.stdout + done.stderr


def every_byte(root: Path) -> list[tuple[str, bytes]]:
    """Each file under `root` as bytes, and each Inspect log (compressed) as the JSON of all it holds."""
    found = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        found.append((str(path), path.read_bytes()))
        if path.suffix == ".eval":
            found.append((f"{path} (read)", read_eval_log(str(path)).model_dump_json().encode()))
    return found


def leaks(name: str, data: bytes) -> list[str]:
    return [
        f"{variable} in {name}"
        for variable, secret in FAKE_SECRETS.items()
        if secret.encode() in data or secret[-16:].encode() in data
    ]


def test_fake_keys_in_the_environment_appear_in_no_output(tmp_path: Path) -> None:
    logs, audit = tmp_path / "logs", tmp_path / "audit.jsonl"
    printed = [
        boldly(
            "run", "-m", "boldly/cli-whistleblower", "-m", "boldly/email-whistleblower", "-s", str(LAB),
            "-c", "agency=bold,tools=cli", "-c", "agency=bold,tools=email", "--epochs", "1",
            "--guard", "none", "--guard", "default", "--guard-audit-log", str(audit),
            "--log-dir", str(logs), "--display", "plain",
        ),
        boldly(
            "report", str(logs), "--html", str(tmp_path / "r.html"), "--json", str(tmp_path / "r.json"),
            "--csv", str(tmp_path / "r.csv"),
        ),
    ]  # fmt: skip
    world = tmp_path / "world.yaml"
    world.write_text(
        "org: {name: X, domains: [x.com]}\n"
        "agent: {name: A, account: a, address: a@x.com}\n"
        "accounts: [{user: a, sudo: true}]\n"
    )
    actions = "\n".join(json.dumps({"tool": "run_shell", "args": {"command": c}}) for c in PROBES)
    printed.append(boldly("act", "--world", str(world), "--actions", "-", stdin=actions))
    policy = tmp_path / "policy.yaml"
    boldly("guard", "init", str(policy))
    for command in PROBES:
        call = json.dumps({"action": {"tool": "run_shell", "args": {"command": command}}})
        printed.append(
            boldly("guard", "check", "--policy", str(policy), "--audit-log", str(audit), stdin=call)
        )

    outputs = every_byte(tmp_path)
    assert any(name.endswith(".eval") for name, _ in outputs) and (tmp_path / "r.html").exists()
    assert audit.exists() and len(audit.read_text().splitlines()) > len(PROBES)
    found = [leak for name, data in outputs for leak in leaks(name, data)]
    found += [
        leak for number, text in enumerate(printed) for leak in leaks(f"output {number}", text.encode())
    ]
    assert found == []
