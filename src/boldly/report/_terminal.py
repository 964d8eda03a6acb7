"""The terminal summary: per scenario, a table of the main outcome rates (Wilson 95% intervals) and n."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from boldly.report._cells import Cell
from boldly.report._model_labels import model_label
from boldly.report._outcomes import label, short
from boldly.report._results import Results
from boldly.report._stats import Rate

EN_DASH = "\u2013"


def percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.0f}%"


def interval(rate: Rate) -> str:
    if rate.low is None or rate.high is None:
        return ""
    return f"{100 * rate.low:.0f}{EN_DASH}{100 * rate.high:.0f}"


def _rate_cell(rate: Rate | None, of: int, note: str = "") -> Text:
    if rate is None or rate.n == 0:
        return Text(note or "-", style="dim")
    text = Text(percent(rate.value), style="bold" if rate.k else "")
    if rate.n != of:
        text.append(f" /{rate.n}", style="dim")
    text.append(f"\n{interval(rate)}", style="dim")
    if note:
        text.append(f"\n{note}", style="yellow")
    return text


def _judge_note(cell: Cell, outcome: str) -> str:
    stat = cell.judged.get(outcome)
    if stat is None:
        return ""
    parts = []
    if stat.errors:
        parts.append(f"{stat.errors} err")
    if stat.not_judged:
        parts.append(f"{stat.not_judged} unjudged")
    return ", ".join(parts)


def scenario_table(results: Results, scenario: str) -> Table:
    """Rows: condition (one column per varying factor) then model; columns: n, failures, outcome rates."""
    cells = [c for c in results.cells if c.scenario == scenario]
    outcomes = results.occurred(scenario)
    factors = results.factors[scenario]
    fixed = ", ".join(f"{k}={v}" for k, v in factors.fixed.items())
    table = Table(
        title=f"[bold]{scenario}[/bold]" + (f"  [dim]{fixed}[/dim]" if fixed else ""),
        title_justify="left",
    )
    for factor in factors.varying:
        table.add_column(factor, no_wrap=True)
    table.add_column("model", overflow="fold", min_width=10)
    table.add_column("n", justify="right")
    failed = any(c.errors or c.missing for c in cells)
    if failed:
        table.add_column("failed", justify="right", style="red")
    for outcome in outcomes:
        table.add_column(short(outcome), justify="right", no_wrap=True, min_width=6)
    guarded = any(c.guard for c in cells)
    if guarded:
        table.add_column("ask", justify="right")
    for index, cell in enumerate(cells):
        first = index == 0 or cells[index - 1].label != cell.label
        last = index == len(cells) - 1 or cells[index + 1].label != cell.label
        row: list[Text | str] = [cell.condition.get(f, "") if first else "" for f in factors.varying]
        row += [model_label(cell.model), str(cell.n)]
        if failed:
            parts = [
                f"{cell.errors} err" if cell.errors else "",
                f"{cell.missing} miss" if cell.missing else "",
            ]
            row.append(" ".join(p for p in parts if p))
        for outcome in outcomes:
            note = _judge_note(cell, outcome)
            stat = cell.outcomes.get(outcome)
            if stat is not None and stat.attempted.k != stat.executed.k:
                note = f"{stat.executed.k} done"
            row.append(_rate_cell(cell.rate(outcome), cell.n, note))
        if guarded:
            row.append(_rate_cell(cell.guard.asked, cell.n) if cell.guard else Text("-", style="dim"))
        table.add_row(*row, end_section=last)
    return table


def legend(results: Results) -> Text:
    shown = dict.fromkeys(o for s in results.scenarios for o in results.occurred(s))
    names = "; ".join(f"{short(o)} = {label(o)}" for o in shown)
    text = Text(
        "Each cell: the share of the n scored rollouts in which the outcome was attempted, and below it the "
        "Wilson 95% interval. Rollouts that failed are not in n. A judged outcome's rate is over the "
        f"rollouts actually judged ('/k' when fewer than n); 'k done' = attempts that took effect. {names}.",
        style="dim",
    )
    if any(c.guard for c in results.cells):
        text.append(" ask = rollouts in which the guard asked a person.", style="dim")
    return text


def headline(results: Results) -> Text:
    counts = results.counts()
    text = Text(
        f"{counts['rollouts']} rollouts ({counts['scored']} scored) of {len(results.models)} "
        f"model{'s' if len(results.models) != 1 else ''} on {len(results.scenarios)} "
        f"scenario{'s' if len(results.scenarios) != 1 else ''}, from {len(results.logs)} logs",
        style="bold",
    )
    problems = [
        f"{counts['errors']} errored" if counts["errors"] else "",
        f"{counts['missing']} never ran" if counts["missing"] else "",
        f"{counts['judge_errors']} judge errors" if counts["judge_errors"] else "",
        f"{counts['not_judged']} not judged" if counts["not_judged"] else "",
        f"{counts['limits']} hit a limit" if counts["limits"] else "",
    ]
    problems = [p for p in problems if p]
    if problems:
        text.append("; " + ", ".join(problems), style="yellow")
    return text


def comparison_table(results: Results, outcome: str) -> Table:
    rows = [c for c in results.comparisons if c.outcome == outcome]
    several = len(results.scenarios) > 1
    table = Table(
        title=f"Differences in {label(outcome)} (a - b, Newcombe 95% interval)", title_justify="left"
    )
    if several:
        table.add_column("scenario", overflow="fold")
    for name in ("a vs b", "held equal", "model"):
        table.add_column(name, overflow="fold")
    for name in ("a", "b", "a - b", "95% interval"):
        table.add_column(name, justify="right", no_wrap=True)
    for c in rows:
        d = c.difference
        varying = results.factors[c.scenario].varying
        held = "\n".join(f"{k}={v}" for k, v in c.held.items() if k in varying) or "-"
        compared = f"{c.factor}={c.a} vs {c.b}" if c.kind == "factor" else f"{c.a}\nvs {c.b}"
        style = "bold" if d.excludes_zero else ""
        table.add_row(
            *([c.scenario] if several else []),
            compared,
            held,
            c.model or "",
            f"{d.a.k}/{d.a.n}",
            f"{d.b.k}/{d.b.n}",
            Text(f"{100 * (d.value or 0):+.0f} pts", style=style),
            f"{100 * (d.low or 0):+.0f} to {100 * (d.high or 0):+.0f}",
            end_section=True,
        )
    return table


def summary(results: Results, comparisons_of: Sequence[str] = ()) -> Group:
    """The headline, one table per scenario, the legend, and comparison tables for `comparisons_of`."""
    parts: list[Text | Table] = [headline(results)]
    parts += [scenario_table(results, scenario) for scenario in results.scenarios]
    parts.append(legend(results))
    for outcome in comparisons_of:
        parts.append(comparison_table(results, outcome))
    return Group(*parts)


def print_summary(
    results: Results, console: Console | None = None, comparisons_of: Sequence[str] = ()
) -> None:
    """Print the summary (and comparison tables for the outcomes in `comparisons_of`)."""
    (console or Console()).print(summary(results, comparisons_of))
