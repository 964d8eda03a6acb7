"""The HTML report: one self-contained file (inline CSS and JS, no network) that stays quick with thousands
of rollouts.

The page embeds the statistics and a compact index of every rollout as JSON; the script draws the matrix,
charts, comparisons and the rollout list from them. Transcripts are embedded gzip-compressed in chunks, with
long texts that recur across rollouts (documents the agents read, system prompts) stored once, and a chunk
is unpacked (the browser's DecompressionStream) only when one of its transcripts is opened.
"""

from __future__ import annotations

import base64
import gzip
import html
import json
from collections import Counter
from collections.abc import Iterable
from importlib.resources import files
from pathlib import Path
from typing import Any

from boldly._atomic_write import write_atomically
from boldly.inspect import RolloutRecord
from boldly.report._cells import Cell
from boldly.report._conditions import GUARD
from boldly.report._outcomes import TASK_COMPLETED, UNPROMPTED, label, ordered, short
from boldly.report._results import Results
from boldly.world import Rung

CHUNK_ROLLOUTS = 200
"""Transcripts per compressed chunk: opening one unpacks its chunk (and the shared texts, once)."""
POOLED_CHARS = 80
"""Texts at least this long that occur in two or more rollouts are stored once, in the shared pool."""
STATUS_CODES = {"scored": 0, "error": 1, "missing": 2}
VERDICT_CODES = {"no": 0, "yes": 1, "error": 2, "not judged": 3}
ROLE_CODES = {"system": 0, "user": 1, "assistant": 2, "tool": 3}


def _json(value: Any) -> str:
    """Compact JSON that is safe inside a <script> element."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def _packed(value: Any) -> str:
    raw = json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.b64encode(gzip.compress(raw, compresslevel=9, mtime=0)).decode("ascii")


def _rate(rate: Any) -> list[Any]:
    return [rate.k, rate.n, rate.low, rate.high]


def _cell_json(cell: Cell, models: list[str], outcomes: list[str]) -> dict[str, Any]:
    rates: dict[str, list[Any]] = {}
    for name in outcomes:
        stat = cell.outcomes.get(name)
        if stat is not None:
            rates[name] = [*_rate(stat.attempted), stat.executed.k, stat.blocked]
        elif name == TASK_COMPLETED:
            rates[name] = _rate(cell.task)
        elif name in cell.judged:
            judged = cell.judged[name]
            rates[name] = [*_rate(judged.yes), None, None, judged.errors, judged.not_judged]
    bold = cell.outcomes.get(UNPROMPTED)
    return {
        "model": models.index(cell.model),
        "scenario": cell.scenario,
        "variant": cell.variant,
        "label": cell.label,
        "condition": cell.condition,
        "rollouts": cell.rollouts,
        "n": cell.n,
        "errors": cell.errors,
        "missing": cell.missing,
        "limits": cell.limits,
        "rates": rates,
        "first_turn": bold.first_turn.to_json() if bold else None,
        "guard": cell.guard.to_json() if cell.guard else None,
        "ladder": cell.ladder.to_json() if cell.ladder else None,
        "awareness": cell.awareness.to_json() if cell.awareness else None,
    }


class _Pool:
    """Long texts that recur across rollouts, stored once; a pooled text is written as its index."""

    def __init__(self, rollouts: Iterable[RolloutRecord]) -> None:
        counts: Counter[str] = Counter()
        for rollout in rollouts:
            seen = {m.text for m in rollout.messages or [] if len(m.text) >= POOLED_CHARS}
            counts.update(seen)
        self.texts = [text for text, count in counts.items() if count > 1]
        self.index = {text: i for i, text in enumerate(self.texts)}

    def ref(self, text: str) -> str | int:
        return self.index.get(text, text)


def _effect_json(effect: Any) -> dict[str, Any]:
    return {
        "op": effect.op.value,
        "channel": effect.channel.value,
        "turn": effect.turn,
        "tool": effect.tool,
        "status": effect.status,
        "targets": [[t.value, t.party.value, t.name] for t in effect.targets],
        "data": [[d.path, d.tags] for d in effect.data],
        "detail": effect.detail,
        "call": effect.tool_call_id,
    }


def _transcript_json(rollout: RolloutRecord, pool: _Pool) -> dict[str, Any]:
    messages = []
    for m in rollout.messages or []:
        entry: list[Any] = [ROLE_CODES[m.role], pool.ref(m.text)]
        if m.calls or m.call_id or m.error:
            entry.append([[c.id, c.function, c.arguments] for c in m.calls])
            entry += [m.call_id, m.function, m.error]
        messages.append(entry)
    return {
        "id": rollout.id,
        "log": rollout.log,
        "sample": rollout.sample_id,
        "error": rollout.error,
        "limit": rollout.limit,
        "outcomes": {
            name: [o.executed, o.first_turn, o.effect_ids]
            for name, o in rollout.outcomes.items()
            if o.attempted
        },
        "effects": {eid: _effect_json(e) for eid, e in rollout.effects.items()},
        "task": rollout.task_checks,
        "judge": {name: j.model_dump(exclude_none=True) for name, j in rollout.judge.items()},
        "guard": rollout.guard.model_dump() if rollout.guard else None,
        "escalation": rollout.escalation.model_dump(mode="json") if rollout.escalation else None,
        "awareness": rollout.awareness.model_dump(mode="json") if rollout.awareness else None,
        "tokens": [rollout.input_tokens, rollout.output_tokens],
        "messages": messages,
    }


def _comparison_rows(results: Results, cell_index: dict[int, int]) -> list[list[Any]]:
    rows = []
    for c in results.comparisons:
        d = c.difference
        varying = results.factors[c.scenario].varying
        held = ", ".join(f"{k}={v}" for k, v in c.held.items() if k in varying and k != c.factor)
        rows.append(
            [
                c.kind,
                c.scenario,
                c.outcome,
                c.factor,
                c.a,
                c.b,
                c.model,
                held or "-",
                d.a.k,
                d.a.n,
                d.b.k,
                d.b.n,
                d.value,
                d.low,
                d.high,
                cell_index[id(c.cell_a)],
                cell_index[id(c.cell_b)],
            ]
        )
    return rows


def report_data(results: Results) -> tuple[dict[str, Any], list[str], str]:
    """The page's data (statistics and rollout index), its transcript chunks, and the shared texts."""
    models = results.models
    outcomes = [*results.outcomes, TASK_COMPLETED, *results.judged]
    shown = {s: results.occurred(s) for s in results.scenarios}
    cell_index = {id(cell): i for i, cell in enumerate(results.cells)}
    by_key = {
        (c.model, c.variant, c.condition.get(GUARD), c.content_hash): i for i, c in enumerate(results.cells)
    }
    bold_outcomes = ordered(set(results.outcomes))
    guarded = any(GUARD in c.condition for c in results.cells)
    guard_levels = {
        r.guard_setting: (r.guard_setting or "none") if guarded else None for r in results.rollouts
    }
    rollouts = []
    for number, r in enumerate(results.rollouts):
        mask = 0
        executed = 0
        for bit, name in enumerate(bold_outcomes):
            outcome = r.outcomes.get(name)
            if outcome is not None and outcome.attempted:
                mask |= 1 << bit
                executed |= int(outcome.executed) << bit
        first = r.outcomes.get(UNPROMPTED)
        rollouts.append(
            [
                by_key[(r.model, r.variant, guard_levels.get(r.guard_setting), r.content_hash)],
                r.epoch,
                STATUS_CODES[r.status],
                mask,
                executed,
                first.first_turn if first else None,
                None if r.task_completed is None else int(r.task_completed),
                {name: VERDICT_CODES[j.verdict] for name, j in r.judge.items()},
                number // CHUNK_ROLLOUTS,
                number % CHUNK_ROLLOUTS,
                r.id,
            ]
        )
    pool = _Pool(results.rollouts)
    chunks = [
        _packed([_transcript_json(r, pool) for r in results.rollouts[start : start + CHUNK_ROLLOUTS]])
        for start in range(0, len(results.rollouts), CHUNK_ROLLOUTS)
    ]
    data = {
        "meta": {
            "created": results.created,
            "sources": results.sources,
            "logs": len(results.logs),
            "notes": results.notes,
            "counts": results.counts(),
        },
        "outcomes": [{"key": o, "label": label(o), "short": short(o)} for o in outcomes],
        "bits": bold_outcomes,
        "rungs": [{"key": rung.value, "label": rung.label} for rung in Rung],
        "models": models,
        "scenarios": [
            {
                "id": s,
                "varying": results.factors[s].varying,
                "fixed": results.factors[s].fixed,
                "shown": shown[s],
            }
            for s in results.scenarios
        ],
        "cells": [_cell_json(c, models, outcomes) for c in results.cells],
        "comparisons": _comparison_rows(results, cell_index),
        "rollouts": rollouts,
        "transcripts": bool(results.rollouts) and results.rollouts[0].messages is not None,
    }
    return data, chunks, _packed(pool.texts)


def _asset(name: str) -> str:
    return files("boldly.report").joinpath("assets", name).read_text(encoding="utf-8")


def render_html(results: Results, title: str = "boldly report") -> str:
    data, chunks, pool = report_data(results)
    chunk_tags = "\n".join(
        f'<script type="text/plain" id="chunk-{i}">{c}</script>' for i, c in enumerate(chunks)
    )
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>
{_asset("report.css")}
</style>
</head>
<body>
<noscript><p class="noscript">This report draws its tables with JavaScript; please enable it (nothing is
fetched from the network).</p></noscript>
<div id="app"></div>
<script type="application/json" id="boldly-data">{_json(data)}</script>
<script type="text/plain" id="pool">{pool}</script>
{chunk_tags}
<script>
{_asset("report.js")}
</script>
</body>
</html>
"""


def write_html(results: Results, path: str | Path, title: str = "boldly report") -> Path:
    """Write the self-contained report to `path`; returns it."""
    return write_atomically(path, render_html(results, title))
