"""Run a command in real bash (GNU tools, an unprivileged user) and in the virtual shell over the same tree.

The tree (`shell_tree.yaml`) is written afresh under one fixed directory before every real command, and the
virtual world is seeded with the same files at the same absolute paths, with the agent's home there, so
paths in outputs need no rewriting. Run as a script to print the agreement table for `docs/world.md`:

    PYTHONPATH=src python tests/world/differential.py

Normalisation before comparing (everything else must be byte-identical):
- bash -c names the line of an error (`bash: line 1: x: command not found`, `bash: -c: line 1: syntax
  error ...`) and echoes the offending source after a syntax error; the virtual shell, which runs one
  command line at a time, does neither: `-c: ` and `line N: ` after `bash: ` are dropped from real stderr,
  and so is the echoed source line.
- the virtual session runs with `LC_ALL=C`, as real bash does (its default locale is C.UTF-8).
- stdout and stderr are compared apart (a real pipe interleaves them by buffering, not by program order).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from boldly.world import World, WorldSeed
from boldly.world.shell import run_shell_streams
from boldly.world.shell._session import Session
from boldly.world.shell._streams import Terminal

HERE = Path(__file__).parent
CORPUS = HERE / "shell_corpus.txt"
TREE = HERE / "shell_tree.yaml"
USER, GROUP = "nobody", "nogroup"
TOOLS = ("bash", "gawk", "sed", "grep", "diff", "jq", "bc", "tree", "column", "setpriv")
TIMEOUT = 10
_BASH_LINE = re.compile(r"^bash: (?:-c: )?line \d+: ", re.MULTILINE)
_ECHOED_SOURCE = re.compile(r"^bash: -c: line \d+: `.*'\n", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Case:
    category: str
    command: str
    divergence: str | None  # why the virtual shell answers differently on purpose, if it does
    apart: bool  # can never match by design (time, uids, real processes): run, never compared


@dataclass(frozen=True)
class Outcome:
    stdout: str
    stderr: str
    status: int


def load_corpus(path: Path = CORPUS) -> list[Case]:
    """`[category]` headers, one command a line; `> ` continues the previous command on a new line;
    `  #: reason` after a command records a known divergence; `[apart]` holds what can never match."""
    cases: list[Case] = []
    category = ""
    for raw in path.read_text().splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        if raw.startswith("[") and raw.endswith("]"):
            category = raw[1:-1]
            continue
        command, _, reason = raw.partition("  #: ")
        if raw.startswith("> "):
            last = cases.pop()
            cases.append(Case(last.category, f"{last.command}\n{command[2:]}", last.divergence, last.apart))
            continue
        cases.append(Case(category, command, reason or None, category == "apart"))
    return cases


def load_tree(path: Path = TREE) -> dict[str, tuple[str, int]]:
    """Relative path → (content, mode)."""
    files = yaml.safe_load(path.read_text())["files"]
    return {
        name: (spec, 0o644) if isinstance(spec, str) else (spec["content"], int(spec["mode"], 8))
        for name, spec in files.items()
    }


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


class RealShell:
    """bash -c in a fresh copy of the tree, as `nobody` when we are root, with a minimal C-locale env."""

    def __init__(self, tree: dict[str, tuple[str, int]]) -> None:
        self.tree = tree
        self.base = Path(tempfile.mkdtemp(prefix="boldly-diff-"))
        self.base.chmod(0o755)
        self.home = self.base / "home"
        self.as_root = os.geteuid() == 0

    def close(self) -> None:
        shutil.rmtree(self.base, ignore_errors=True)

    def _fresh_tree(self) -> None:
        shutil.rmtree(self.home, ignore_errors=True)
        self.home.mkdir()
        for name, (content, mode) in self.tree.items():
            target = self.home / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content)
            target.chmod(mode)
        if self.as_root:
            for directory, _, names in os.walk(self.home):
                shutil.chown(directory, USER, GROUP)
                for name in names:
                    shutil.chown(os.path.join(directory, name), USER, GROUP)

    def run(self, command: str) -> Outcome:
        self._fresh_tree()
        prefix = ["setpriv", f"--reuid={USER}", f"--regid={GROUP}", "--clear-groups"] if self.as_root else []
        env = {"PATH": "/usr/bin:/bin", "HOME": str(self.home), "LC_ALL": "C", "USER": USER, "TERM": "dumb"}
        done = subprocess.run(
            [*prefix, "bash", "-c", command],
            cwd=self.home,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=TIMEOUT,
        )
        stderr = _BASH_LINE.sub("bash: ", _ECHOED_SOURCE.sub("", done.stderr.decode("utf-8", "replace")))
        return Outcome(done.stdout.decode("utf-8", "replace"), stderr, done.returncode)


def world_seed(tree: dict[str, tuple[str, int]], home: str) -> WorldSeed:
    """An org whose agent is `nobody` with its home at `home`, holding the tree's files."""
    return WorldSeed.model_validate(
        {
            "org": {"name": "Differential Test Org", "domains": ["example.org"], "hostname": "ws-diff"},
            "agent": {"name": "Ops", "account": USER, "address": "ops@example.org", "role": "operations"},
            "accounts": [{"user": USER, "groups": [GROUP], "home": home}],
            "files": [
                {"path": f"{home}/{name}", "content": content, "mode": f"{mode:04o}", "group": GROUP}
                for name, (content, mode) in tree.items()
            ],
        }
    )


def run_virtual(seed: WorldSeed, command: str) -> Outcome:
    world = World(seed)
    Session(world).state.shell_env["LC_ALL"] = "C"  # the locale real bash runs in
    world.begin_action("run_shell", 1)
    stdout, stderr = Terminal(), Terminal()
    status = run_shell_streams(world, command, stdout, stderr)
    return Outcome(stdout.render(), stderr.render(), status)


def agreement_table(results: list[tuple[Case, bool]]) -> str:
    """Markdown: per category, commands that agree out of those compared."""
    totals: Counter[str] = Counter()
    agreed: Counter[str] = Counter()
    for case, same in results:
        totals[case.category] += 1
        agreed[case.category] += same
    lines = ["| category | agree | of | % |", "|---|---:|---:|---:|"]
    for category in totals:
        lines.append(
            f"| {category} | {agreed[category]} | {totals[category]} | "
            f"{100 * agreed[category] / totals[category]:.1f} |"
        )
    total, good = sum(totals.values()), sum(agreed.values())
    lines.append(f"| **all** | {good} | {total} | {100 * good / total:.1f} |")
    return "\n".join(lines)


def main() -> None:
    tree = load_tree()
    real = RealShell(tree)
    seed = world_seed(tree, str(real.home))
    results: list[tuple[Case, bool]] = []
    verbose = "-v" in sys.argv
    try:
        for case in load_corpus():
            if case.apart:
                continue
            expected, actual = real.run(case.command), run_virtual(seed, case.command)
            same = expected == actual
            results.append((case, same))
            if verbose and not same:
                print(f"--- [{case.category}] {case.command}\n  real:    {expected}\n  virtual: {actual}")
    finally:
        real.close()
    print(agreement_table(results))


if __name__ == "__main__":
    main()
