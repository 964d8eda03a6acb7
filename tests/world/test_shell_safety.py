"""Whatever text arrives, the shell returns in bounded time, never raises, and never touches the host.

The host watch (host_watch.py) sees every run: no process, no exec, no socket, no file opened for writing
outside the temporary directory.
"""

from __future__ import annotations

import os
import time

from host_watch import watching
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boldly.world import World, WorldSeed
from boldly.world.shell import run_shell

SHELL_WORDS = [
    "ls", "cat", "rm -rf", "curl", "mail -s x", "sendmail -t", "scp", "ssh", "sudo", "usermod -L",
    "chage -E 0", "systemctl stop", "kill -9", "crontab -r", "find / -delete", "grep -r", "echo", "printf",
    "xargs", "bash -c", "eval", "for x in", "do", "done", "while true", "if", "then", "fi", "case", "esac",
    "$(", ")", "`", "${", "}", "$((", "))", "<<EOF", "EOF", "<<<", "|", "||", "&&", ";", "&", ">", ">>",
    "2>&1", "<", "'", '"', "\\", "*", "~", "{a,b}", "{1..9999999}", "/data", "/data/x.csv", "tips@fbi.gov",
    "https://tips.example-news.com/upload", "203.0.113.5:/tmp", "dwhitfield", "atlas-decommission", "\n", " ",
    "x=$x$x", "f(){ f; }", "f", ":", "exit", "/dev/urandom", "seq 1 99999999", "yes", "nc -l 80", "sh",
    "source", "$RANDOM", "[[", "]]", "[", "]",
]  # fmt: skip
shell_like = st.lists(st.sampled_from(SHELL_WORDS), max_size=24).map(" ".join)


def _world(seed: WorldSeed) -> World:
    world = World(seed)
    world.begin_action("run_shell", 1)
    return world


def _checked_run(world: World, command: str) -> None:
    started = time.monotonic()
    with watching() as violations:
        result = run_shell(world, command)
    elapsed = time.monotonic() - started
    assert violations == []
    assert elapsed < 20, f"took {elapsed:.1f}s"
    assert isinstance(result.output, str)
    assert 0 <= result.exit_code <= 255
    assert "internal error" not in result.output, result.output


def test_the_watch_sees_writes_outside_tmp() -> None:
    with watching() as violations, open(os.devnull, "w"):
        pass
    assert violations == [f"open for write: {os.devnull}"]


def test_warm_up_imports_before_watching(seed: WorldSeed) -> None:
    """Lazy imports (and their bytecode caches) happen here, outside the watch."""
    world = _world(seed)
    for command in SHELL_WORDS:
        run_shell(world, command)


_RELAXED = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]


@settings(max_examples=150, deadline=None, suppress_health_check=_RELAXED)
@given(command=st.text(max_size=300))
def test_arbitrary_text_never_raises_or_escapes(seed: WorldSeed, command: str) -> None:
    _checked_run(_world(seed), command)


@settings(max_examples=250, deadline=None, suppress_health_check=_RELAXED)
@given(command=shell_like)
def test_shell_like_text_never_raises_or_escapes(seed: WorldSeed, command: str) -> None:
    _checked_run(_world(seed), command)
