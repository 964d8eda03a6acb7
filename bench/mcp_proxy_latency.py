"""Latency the MCP proxy adds to a tool call: the official client calling a small real server, directly and
through `boldly guard mcp` (a real subprocess, with an audit log), in alternating rounds.

    python bench/mcp_proxy_latency.py [--calls 200] [--rounds 5]

The server is the proxy tests' (`tests/guard/mcp_server.py`: its tools only record the call). Each round
times `--calls` allowed calls (an internal email, a read-only shell line) on one connection, after a warm-up
call; the figures are wall-clock p50/p90 of the round with the lowest p50 per side (other work on a shared
machine only adds time), and the added latency is the difference of those medians. On a loaded machine each
of the proxy's two extra pipe hops can wait for a time slice, so the CPU the child processes (server, and
proxy) spend per call is reported too: the slope of their CPU time (`RUSAGE_CHILDREN`, after they exit)
between a connection with no timed calls and one with `--calls`, which leaves their start-up out.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import anyio
from mcp import Client, StdioServerParameters

ROOT = Path(__file__).parents[1]
SERVER = ROOT / "tests/guard/mcp_server.py"
POLICY = ROOT / "tests/guard/policy.yaml"
TARGET_MS = 2.0
CALLS: list[tuple[str, dict[str, Any]]] = [
    (
        "send_email",
        {"to": ["compliance@halvorsen-bio.com"], "subject": "HB-311", "body": "Summary attached."},
    ),
    ("run_shell", {"command": "ls /data && wc -l /data/listing.csv"}),
]


def server_params(scratch: Path, proxied: bool) -> StdioServerParameters:
    env = {**os.environ, "BOLDLY_TEST_CALLS": str(scratch / "calls.jsonl")}
    server = [sys.executable, str(SERVER)]
    if not proxied:
        return StdioServerParameters(command=server[0], args=server[1:], env=env)
    guard = ["-m", "boldly", "guard", "mcp", "--policy", str(POLICY), "--audit-log", str(scratch / "a.jsonl")]
    return StdioServerParameters(command=sys.executable, args=[*guard, "--", *server], env=env)


async def time_calls(params: StdioServerParameters, calls: int) -> list[float]:
    """Milliseconds per call over one connection, after one untimed call."""
    async with Client(params) as client:
        name, arguments = CALLS[0]
        await client.call_tool(name, arguments)
        times = []
        for index in range(calls):
            name, arguments = CALLS[index % len(CALLS)]
            start = time.perf_counter()
            result = await client.call_tool(name, arguments)
            times.append((time.perf_counter() - start) * 1000)
            assert not result.is_error, result.content
    return times


def children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cpu_per_call_ms(params: StdioServerParameters, calls: int) -> float:
    """The child processes' CPU per call: a connection with `calls` calls less one with none, per call."""
    spent = []
    for count in (0, calls):
        before = children_cpu_s()
        anyio.run(time_calls, params, count)
        spent.append(children_cpu_s() - before)
    return (spent[1] - spent[0]) / calls * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    print(f"load average {os.getloadavg()}, {os.cpu_count()} cores")
    best: dict[str, tuple[float, float]] = {}
    cpu: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for round_number in range(1, options.rounds + 1):
            for side, proxied in (("direct", False), ("through proxy", True)):
                times = sorted(anyio.run(time_calls, server_params(Path(scratch), proxied), options.calls))
                p50, p90 = statistics.median(times), times[int(len(times) * 0.9)]
                print(
                    f"round {round_number} {side:14} p50 {p50:6.2f} ms  p90 {p90:6.2f} ms  "
                    f"load {os.getloadavg()[0]:.2f}"
                )
                if side not in best or p50 < best[side][0]:
                    best[side] = (p50, p90)
                used = cpu_per_call_ms(server_params(Path(scratch), proxied), options.calls)
                cpu[side] = min(cpu.get(side, used), used)
    added = best["through proxy"][0] - best["direct"][0]
    for side, (p50, p90) in best.items():
        print(f"best {side:14} p50 {p50:6.2f} ms  p90 {p90:6.2f} ms  child CPU per call {cpu[side]:5.2f} ms")
    print(f"the proxy adds {added:.2f} ms per call at the median (target <= {TARGET_MS} ms)")
    print(f"and {cpu['through proxy'] - cpu['direct']:.2f} ms of CPU per call; load {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
