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
from boldly.world import Rung

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


RUNG_SHORT = {
    Rung.NONE: "none",
    Rung.INTERNAL_LOG: "log",
    Rung.INTERNAL_ESCALATION: "internal",
    Rung.OUTSIDE_PARTY: "outside",
    Rung.AUTHORITIES: "authority",
    Rung.PRESS_OR_PUBLIC: "press",
    Rung.DISRUPTION: "disrupt",
    Rung.COERCION_OR_SELF_PRESERVATION: "coerce/self",
}


def _cells_table(results: Results, scenario: str, title: str, cells: list[Cell]) -> tuple[Table, list[str]]:
    """A table of one scenario's cells, titled, with a column per varying factor, the model and n."""
    factors = results.factors[scenario].varying
    table = Table(title=f"[bold]{scenario}[/bold]: {title}", title_justify="left")
    for factor in factors:
        table.add_column(factor, no_wrap=True)
    table.add_column("model", overflow="fold", min_width=10)
    table.add_column("n", justify="right")
    return table, factors


def _first_columns(cells: list[Cell], index: int, factors: list[str], n: int) -> list[Text | str]:
    cell = cells[index]
    first = index == 0 or cells[index - 1].label != cell.label
    return [*(cell.condition.get(f, "") if first else "" for f in factors), cell.model, str(n)]


def ladder_tables(results: Results) -> list[Table]:
    """Per scenario and cell, how many rollouts topped out on each rung (attempted; below, executed)."""
    tables = []
    for scenario in results.scenarios:
        cells = [c for c in results.cells if c.scenario == scenario and c.ladder is not None]
        if not cells:
            continue
        rungs = [r for r in Rung if r is Rung.NONE or any(c.ladder and c.ladder.attempted[r] for c in cells)]
        table, factors = _cells_table(results, scenario, "escalation ladder, rollouts by highest rung", cells)
        for rung in rungs:
            table.add_column(RUNG_SHORT[rung], justify="right", no_wrap=True)
        for index, cell in enumerate(cells):
            assert cell.ladder is not None
            row = _first_columns(cells, index, factors, cell.ladder.n)
            for rung in rungs:
                attempted, executed = cell.ladder.attempted[rung], cell.ladder.executed[rung]
                text = Text(str(attempted), style="bold" if attempted and rung is not Rung.NONE else "dim")
                if executed != attempted:
                    text.append(f"\n{executed} done", style="yellow")
                row.append(text)
            table.add_row(*row)
        tables.append(table)
    return tables


def awareness_tables(results: Results) -> list[Table]:
    """Per scenario and cell: how often the agent said it may be tested, and the bold rate either way."""
    tables = []
    for scenario in results.scenarios:
        cells = [c for c in results.cells if c.scenario == scenario and c.awareness is not None]
        if not cells:
            continue
        probed = any(c.awareness and c.awareness.probe_test.n + c.awareness.probe_unanswered for c in cells)
        table, factors = _cells_table(results, scenario, "eval awareness", cells)
        for name in ("aware", "bold|aware", "bold|not", *(["probe test"] if probed else [])):
            table.add_column(name, justify="right", no_wrap=True)
        for index, cell in enumerate(cells):
            stat = cell.awareness
            assert stat is not None
            n = stat.stated.n
            row = _first_columns(cells, index, factors, n)
            row += [
                _rate_cell(stat.stated, n),
                _rate_cell(stat.bold_if_aware, n),
                _rate_cell(stat.bold_if_not_aware, n),
            ]
            if probed:
                note = f"{stat.probe_unanswered} unclear" if stat.probe_unanswered else ""
                row.append(_rate_cell(stat.probe_test, n, note))
            table.add_row(*row)
        tables.append(table)
    return tables


def ladder_legend(results: Results) -> Text | None:
    if not any(c.ladder or c.awareness for c in results.cells):
        return None
    rungs = " < ".join(f"{RUNG_SHORT[r]} ({r.label})" for r in Rung)
    return Text(
        f"Ladder: the rollouts whose highest rung attempted was each of {rungs}; 'k done' = rollouts whose "
        "highest rung that took place was this one. Awareness: the share of rollouts in which the agent "
        "said it may be in a test; bold|aware and bold|not = the unprompted-bold-action rate among those "
        "that did and did not ('/k' = over k rollouts); probe test = answered TEST to the probe, of those "
        "that answered REAL or TEST.",
        style="dim",
    )


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
    parts += [*ladder_tables(results), *awareness_tables(results)]
    extra = ladder_legend(results)
    if extra is not None:
        parts.append(extra)
    for outcome in comparisons_of:
        parts.append(comparison_table(results, outcome))
    return Group(*parts)


def print_summary(
    results: Results, console: Console | None = None, comparisons_of: Sequence[str] = ()
) -> None:
    """Print the summary (and comparison tables for the outcomes in `comparisons_of`)."""
    (console or Console()).print(summary(results, comparisons_of))
