"""Size and speed of the HTML report at scale, on synthetic rollouts shaped like real-model ones.

    python bench/report_scale.py [--rollouts 5000] [--out /tmp/report-5000.html] [--no-browser]

Builds `--rollouts` synthetic rollout records (5 models x 10 conditions of one scenario, epochs to fill),
each a four-turn transcript of about 14 tool calls: `--shared` (0.8) of the results are documents from a
shared set of 60 (0.5 to 6 KB each, as agents of one scenario read the same files), the rest unique, and
the agent's own words (random text, so they compress like prose), with the effects of any outcome it
attempted linked to their calls. Then
it times the statistics and the HTML, reports the file's size, and, with Debian's chromium and Playwright,
times opening the page until it is drawn, filtering the rollout list, and opening a transcript.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import time
from pathlib import Path

from boldly.inspect import RolloutRecord
from boldly.inspect._logs import CitedEffect, MessageRecord, OutcomeRecord, ToolCallRecord
from boldly.report import results_from, write_html

MODELS = ["vendor-a/large", "vendor-a/small", "vendor-b/pro", "vendor-c/open-70b", "vendor-d/mini"]
AGENCY = ["none", "initiative", "bold"]
TOOLS = ["email", "cli"]
WORDS = [
    "the",
    "batch",
    "release",
    "report",
    "review",
    "data",
    "export",
    "assay",
    "result",
    "limit",
    "deviation",
    "sample",
    "record",
    "audit",
    "log",
    "schedule",
    "ticket",
    "minutes",
    "meeting",
    "quality",
    "protocol",
    "safety",
    "reconciliation",
    "listing",
    "memo",
    "table",
    "finding",
    "grade",
    "escalate",
    "summary",
    "request",
    "retention",
    "folder",
    "version",
    "signature",
    "owner",
    "site",
    "subject",
    "visit",
    "window",
]
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def prose(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def documents(rng: random.Random) -> list[str]:
    docs = []
    for number in range(60):
        lines = [f"DOC-{number:03d} {prose(rng, 6)}"]
        while sum(map(len, lines)) < rng.randint(500, 6000):
            lines.append(f"{rng.randint(100, 999)},{rng.choice(WORDS)},{rng.random():.3f},{prose(rng, 8)}")
        docs.append("\n".join(lines))
    return docs


def synthetic(count: int, shared: float = 0.8, seed: int = 7) -> list[RolloutRecord]:
    rng = random.Random(seed)
    docs = documents(rng)
    conditions = [
        {"agency": a, "tools": t, "threat": th} for a in AGENCY for t in TOOLS for th in ("none", "shutdown")
    ]
    conditions = conditions[:10]
    system = {i: f"You are Quill, the records assistant. {prose(rng, 300)}" for i in range(len(conditions))}
    rollouts = []
    for number in range(count):
        model_index = number % len(MODELS)
        condition_index = (number // len(MODELS)) % len(conditions)
        condition = conditions[condition_index]
        boldness = 0.05 + 0.15 * model_index + 0.2 * AGENCY.index(condition["agency"])
        messages = [MessageRecord(role="system", text=system[condition_index])]
        effects: dict[str, CitedEffect] = {}
        outcomes: dict[str, OutcomeRecord] = {}
        calls = 0
        for turn in range(1, 5):
            messages.append(MessageRecord(role="user", text=f"Turn {turn}: {prose(rng, 40)}"))
            for _ in range(rng.randint(2, 5)):
                calls += 1
                call = ToolCallRecord(
                    id=f"c{calls}", function="run_shell", arguments={"command": f"cat /srv/doc-{calls}"}
                )
                messages.append(
                    MessageRecord(role="assistant", text=prose(rng, rng.randint(0, 40)), calls=[call])
                )
                result = rng.choice(docs) if rng.random() < shared else prose(rng, rng.randint(20, 200))
                messages.append(
                    MessageRecord(role="tool", text=result, call_id=call.id, function="run_shell")
                )
            if turn == 2 and rng.random() < boldness:
                calls += 1
                call = ToolCallRecord(
                    id=f"c{calls}",
                    function="send_email",
                    arguments={"to": ["tips@fda.hhs.gov"], "subject": "Report", "body": prose(rng, 120)},
                )
                messages.append(MessageRecord(role="assistant", text="", calls=[call]))
                messages.append(
                    MessageRecord(role="tool", text="Sent.", call_id=call.id, function="send_email")
                )
                effects["e1"] = CitedEffect(
                    id="e1",
                    seq=calls,
                    turn=2,
                    tool="send_email",
                    op="send_message",
                    channel="email",
                    targets=[{"kind": "address", "value": "tips@fda.hhs.gov", "party": "government"}],
                    reversible=False,
                    external=True,
                    tool_call_id=call.id,
                )
                outcomes["contacted_government"] = OutcomeRecord(
                    attempted=True, executed=True, first_turn=2, effect_ids=["e1"]
                )
            messages.append(MessageRecord(role="assistant", text=prose(rng, 60)))
        for name in ("contacted_government", "contacted_media", "escalated_internally", "locked_out_users"):
            outcomes.setdefault(name, OutcomeRecord())
        outcomes["unprompted_bold_action"] = outcomes["contacted_government"]
        failed = rng.random() < 0.01
        rollouts.append(
            RolloutRecord(
                id=f"r{number:05d}",
                log=f"/runs/{MODELS[model_index].replace('/', '_')}.eval",
                task_id=f"t{model_index}",
                model=MODELS[model_index],
                scenario="clinical-trial",
                source="bench",
                variant="clinical-trial/" + ",".join(f"{k}={v}" for k, v in condition.items()),
                condition=condition,
                content_hash=f"sha256:{condition_index:064d}",
                sample_id=str(condition_index),
                epoch=number // (len(MODELS) * len(conditions)) + 1,
                status="error" if failed else "scored",
                error="provider error" if failed else None,
                outcomes={} if failed else outcomes,
                task_completed=None if failed else rng.random() < 0.8,
                effects={} if failed else effects,
                tool_calls=calls,
                messages=messages,
            )
        )
    return rollouts


def browser_timings(path: Path) -> dict[str, float] | None:
    chromium = shutil.which("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if chromium is None:
        return None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=FLAGS)
        loads, filters, opens = [], [], []
        for _ in range(3):
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            start = time.perf_counter()
            page.goto(path.as_uri())
            page.wait_for_selector("body[data-ready='1']", timeout=120_000)
            loads.append(time.perf_counter() - start)
            start = time.perf_counter()
            page.select_option("#f-outcome", "a:contacted_government")
            page.wait_for_selector("#rollout-list .item")
            filters.append(time.perf_counter() - start)
            start = time.perf_counter()
            page.locator("#rollout-list .item").nth(3).click()
            page.wait_for_selector("#transcript .t-head")
            opens.append(time.perf_counter() - start)
            page.close()
        browser.close()
    return {
        "load until drawn (s)": statistics.median(loads),
        "filter rollouts (s)": statistics.median(filters),
        "open a transcript (s)": statistics.median(opens),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rollouts", type=int, default=5000)
    parser.add_argument("--out", type=Path, default=Path("/tmp/boldly-report-scale.html"))
    parser.add_argument(
        "--shared",
        type=float,
        default=0.8,
        help="Share of tool results that are one of the shared documents.",
    )
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    start = time.perf_counter()
    rollouts = synthetic(args.rollouts, args.shared)
    made = time.perf_counter() - start
    start = time.perf_counter()
    results = results_from(rollouts)
    counted = time.perf_counter() - start
    start = time.perf_counter()
    write_html(results, args.out)
    written = time.perf_counter() - start
    raw = sum(
        len(m.text) + sum(len(str(c.arguments)) for c in m.calls) for r in rollouts for m in r.messages or []
    )
    print(
        f"{args.rollouts} synthetic rollouts ({raw / 1e6:.0f} MB of transcript text, "
        f"{args.shared:.0%} of tool results shared documents) made in {made:.1f} s"
    )
    print(f"statistics (cells, comparisons): {counted:.2f} s")
    print(f"HTML written in {written:.1f} s: {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    timings = None if args.no_browser else browser_timings(args.out)
    if timings is None and not args.no_browser:
        print("no chromium or Playwright: browser timings skipped")
    for name, value in (timings or {}).items():
        print(f"chromium, {name}: {value:.2f}")


if __name__ == "__main__":
    main()
