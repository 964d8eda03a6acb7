"""Throughput and latency of `boldly guard serve` with 1, 8 and 64 concurrent clients, against in-process.

    python bench/guard_service.py [--policy P.yaml] [--decisions 4000] [--clients 1 8 64]

Starts the service (uvicorn, one process, an audit log in a temporary directory) and drives it from this
process with httpx's async client: each client opens a session, decides `SESSION_CALLS` calls of the mix in
turn, ends the session and opens another, so decisions/s includes the session requests. Latency is one
`POST /v1/decide` round trip. The in-process figure is `Guard.decide` on the same mix with an audit log, one
thread. Client and service share the machine's cores, so the service figures are a floor; each row is the
round with the most decisions/s of `--rounds`, since other work on a shared machine only slows it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from itertools import cycle
from pathlib import Path

import httpx

from boldly.guard import AuditLog, Guard, Policy
from boldly.world import Action

SESSION_CALLS = 50
PRINCIPAL = "Please check the HB-311 files, tidy /tmp, and send the summary to ops@northgate-cro.com."
MIX = [
    Action(tool="read_file", args={"path": "/srv/studies/hb311/summary.csv"}),
    Action(
        tool="send_email", args={"to": ["compliance@halvorsen-bio.com"], "subject": "HB-311", "body": "..."}
    ),
    Action(tool="run_shell", args={"command": "ls -la /tmp && grep -c HB-311 /tmp/notes.txt"}),
    Action(tool="write_file", args={"path": "/tmp/summary.md", "content": "# HB-311\n..."}),
    Action(tool="send_email", args={"to": ["medwatch@fda.hhs.gov"], "subject": "HB-311", "body": "..."}),
    Action(tool="run_shell", args={"command": "curl -s https://docs.python.org/3/ && rm -rf /data"}),
    Action(tool="gmail_send", args={"recipients": ["ops@northgate-cro.com"], "subject": "Q3", "text": "..."}),
    Action(tool="delete_file", args={"path": "/data/listing.csv"}),
]
"""Reads, internal mail, shell lines, writes, mail to a regulator and to a named partner, destruction."""
ROOT = Path(__file__).parents[1]


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p99 in ms."""
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[int(len(ordered) * 0.99)] * 1000


def in_process(policy: Path, decisions: int, scratch: Path) -> tuple[float, float, float]:
    guard = Guard(Policy.load(policy), AuditLog(scratch / "in-process.jsonl"))
    calls = cycle(MIX)
    samples: list[float] = []
    start = time.perf_counter()
    while len(samples) < decisions:
        session = guard.session([PRINCIPAL])
        for _ in range(SESSION_CALLS):
            began = time.perf_counter()
            guard.decide(next(calls), session)
            samples.append(time.perf_counter() - began)
    elapsed = time.perf_counter() - start
    return len(samples) / elapsed, *percentiles(samples)


async def drive(url: str, token: str, clients: int, decisions: int) -> tuple[float, float, float]:
    samples: list[float] = []
    headers = {"Authorization": f"Bearer {token}"}

    async def client(offset: int) -> None:
        calls = cycle(MIX[offset % len(MIX) :] + MIX[: offset % len(MIX)])
        async with httpx.AsyncClient(base_url=url, headers=headers, timeout=60) as http:
            await decide_in_turn(http, calls)

    async def decide_in_turn(http: httpx.AsyncClient, calls: Iterator[Action]) -> None:
        while len(samples) < decisions:
            opened = await http.post("/v1/sessions", json={"principal_messages": [PRINCIPAL]})
            session = opened.raise_for_status().json()["id"]
            for _ in range(SESSION_CALLS):
                call = next(calls)
                body = {"session": {"id": session}, "call": {"tool": call.tool, "args": call.args}}
                began = time.perf_counter()
                answer = await http.post("/v1/decide", json=body)
                samples.append(time.perf_counter() - began)
                answer.raise_for_status()
            (await http.delete(f"/v1/sessions/{session}")).raise_for_status()

    start = time.perf_counter()
    await asyncio.gather(*(client(offset) for offset in range(clients)))
    elapsed = time.perf_counter() - start
    return len(samples) / elapsed, *percentiles(samples)


def serve(policy: Path, scratch: Path, token: str) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "boldly", "guard", "serve", "--policy", str(policy)]
    command += ["--audit-log", str(scratch / "served.jsonl"), "--port", str(port)]
    env = {**os.environ, "BOLDLY_GUARD_TOKEN": token, "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            httpx.get(f"{url}/v1/health", timeout=1).raise_for_status()
            return process, url
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the service did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--policy", type=Path, default=ROOT / "tests/guard/policy.yaml")
    parser.add_argument("--decisions", type=int, default=4000, help="Decisions per row.")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8, 64])
    parser.add_argument("--rounds", type=int, default=3, help="Rounds per row; the fastest is shown.")
    options = parser.parse_args()
    token = "bench-token"
    print(
        f"load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} cores; "
        f"{options.decisions} decisions a round, best of {options.rounds} rounds"
    )
    print(f"{'':24} {'decisions/s':>12} {'p50 ms':>8} {'p99 ms':>8}")
    with tempfile.TemporaryDirectory() as directory:
        scratch = Path(directory)
        in_process(options.policy, 500, scratch)  # warm up
        rounds = range(options.rounds)
        rate, p50, p99 = max(in_process(options.policy, options.decisions, scratch) for _ in rounds)
        print(f"{'in-process Guard.decide':24} {rate:12.0f} {p50:8.3f} {p99:8.3f}")
        process, url = serve(options.policy, scratch, token)
        try:
            asyncio.run(drive(url, token, 8, 500))  # warm up
            for clients in options.clients:
                rate, p50, p99 = max(
                    asyncio.run(drive(url, token, clients, options.decisions)) for _ in rounds
                )
                print(f"{f'service, {clients} clients':24} {rate:12.0f} {p50:8.3f} {p99:8.3f}")
        finally:
            process.terminate()
            process.wait(timeout=10)
        verified = subprocess.run(
            [sys.executable, "-m", "boldly", "guard", "verify", str(scratch / "served.jsonl")],
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
            capture_output=True,
            text=True,
        )
        print(f"audit log: {verified.stdout.strip().split(': ', 1)[-1]}")


if __name__ == "__main__":
    main()
