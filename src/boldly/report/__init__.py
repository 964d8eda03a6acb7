"""Results read from the logs: statistics (Wilson and Newcombe intervals), cells (model x variant) and
comparisons, a tidy DataFrame of rollouts, the terminal summary, the self-contained HTML report, and
JSON/CSV exports.

    results = summarize(["logs/2026-03"])          # or several log directories, merged
    print_summary(results)
    write_html(results, "logs/2026-03/report.html")
    frame = results.frame()                        # one row per rollout
"""

from boldly.report._cells import Cell, GuardStat, JudgeStat, OutcomeStat, TurnDistribution
from boldly.report._compare import Comparison, ComparisonError, ComparisonSpec
from boldly.report._exports import write_csv, write_json
from boldly.report._frame import rollouts_frame
from boldly.report._html import render_html, write_html
from boldly.report._results import Results, results_from, summarize
from boldly.report._stats import Difference, Rate, newcombe, wilson
from boldly.report._terminal import print_summary

__all__ = [
    "Cell",
    "Comparison",
    "ComparisonError",
    "ComparisonSpec",
    "Difference",
    "GuardStat",
    "JudgeStat",
    "OutcomeStat",
    "Rate",
    "Results",
    "TurnDistribution",
    "newcombe",
    "print_summary",
    "render_html",
    "results_from",
    "rollouts_frame",
    "summarize",
    "wilson",
    "write_csv",
    "write_html",
    "write_json",
]
