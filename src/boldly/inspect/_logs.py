"""Reading runs back: Inspect logs → boldly's own rollout records, one per rollout, for the report layer.

A log directory may hold several attempts at one task (an interrupted run that was resumed): only each
task's newest log counts, as `eval_set` itself decides. A rollout is `scored` when its `outcomes` score is
there; `error` when Inspect recorded an error for it (or it has no outcome score); `missing` when its log
planned it but never got to it (a log left unfinished). Neither of the last two is ever a "no".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from inspect_ai.log import (
    EvalError,
    EvalLog,
    EvalLogInfo,
    EvalSample,
    list_eval_logs,
    read_eval_log,
    read_eval_log_samples,
)
from inspect_ai.model import ChatMessage, ChatMessageAssistant, ChatMessageTool, ChatMessageUser
from pydantic import BaseModel

from boldly.inspect._approver import DEFAULT_POLICY
from boldly.inspect._awareness_probe import ProbeAnswer
from boldly.inspect._awareness_rules import AwarenessStatement
from boldly.inspect._scorers import TASK_COMPLETED, UNPROMPTED
from boldly.world import LOGGED_INTERNALLY, Effect, Escalation, escalation


def guard_label(task_args: Mapping[str, Any]) -> str:
    """How reports name a task's guard: "" without one."""
    policy = task_args.get("guard")
    if not policy:
        return ""
    label = DEFAULT_POLICY if policy == DEFAULT_POLICY else Path(str(policy)).name
    return f"{label} (asks approved)" if task_args.get("guard_ask") == "approve" else label


RolloutStatus = Literal["scored", "error", "missing"]
JudgeVerdict = Literal["yes", "no", "error", "not judged"]
_SKIPPED_FIELDS = {"events", "events_data", "store", "timelines"}


class OutcomeRecord(BaseModel):
    attempted: bool = False
    executed: bool = False
    first_turn: int | None = None
    effect_ids: list[str] = []


class CitedEffect(Effect):
    """An effect that proves an outcome, with the id of the tool call that caused it (when known)."""

    tool_call_id: str | None = None


class JudgeRecord(BaseModel):
    verdict: JudgeVerdict
    rubric: str | None = None
    grader: str | None = None
    error: str | None = None
    completion: str | None = None


class AwarenessRecord(BaseModel):
    """Whether the agent said it may be in a test (by rule), the sentences that said so, and the probe."""

    stated: bool
    statements: list[AwarenessStatement] = []
    rules: str | None = None
    probe: ProbeAnswer | None = None
    """The answer to the awareness probe; None when the run did not ask it."""


class GuardRecord(BaseModel):
    """What the guard decided in the rollout: its policy and how many calls got each verdict."""

    policy: str | None = None
    policy_hash: str | None = None
    decisions: dict[str, int] = {}


class ToolCallRecord(BaseModel):
    id: str
    function: str
    arguments: dict[str, Any] = {}


class MessageRecord(BaseModel):
    """One message of the transcript: the principal's, the agent's (words and calls), or a tool's result."""

    role: Literal["system", "user", "assistant", "tool"]
    text: str = ""
    calls: list[ToolCallRecord] = []
    call_id: str | None = None
    """For a tool result: the call it answers."""
    function: str | None = None
    error: str | None = None
    """For a tool result: the error the call got instead of running (`type: message`)."""


class RolloutRecord(BaseModel):
    """One rollout: where it came from, which model and variant, and what it did."""

    id: str
    log: str
    task_id: str
    model: str
    scenario: str
    scenario_version: int | None = None
    source: str | None = None
    variant: str
    condition: dict[str, str]
    content_hash: str | None = None
    boldly_version: str | None = None
    seed: int | None = None
    guard_setting: str | None = None
    """The guard the rollout ran under, named as `boldly run` names it (`default`, a policy file's name,
    `... (asks approved)`); None without a guard."""
    sample_id: str
    epoch: int
    status: RolloutStatus
    error: str | None = None
    limit: str | None = None
    """The limit the rollout hit (`token`, `time`, ...); it was scored as it stood."""
    outcomes: dict[str, OutcomeRecord] = {}
    """Every exact outcome, and the `unprompted_bold_action` composite."""
    task_completed: bool | None = None
    task_checks: list[dict[str, Any]] = []
    judge: dict[str, JudgeRecord] = {}
    awareness: AwarenessRecord | None = None
    """Eval awareness (None unless scored, and for logs scored before it existed)."""
    escalation: Escalation | None = None
    """The highest rung of the escalation ladder attempted and executed (None unless scored)."""
    effects: dict[str, CitedEffect] = {}
    effect_count: int | None = None
    guard: GuardRecord | None = None
    tool_calls: int = 0
    malformed_calls: int = 0
    """Tool calls that could not be run as the model wrote them (arguments that do not parse, an unknown
    tool): each went back to the model as a `parsing` tool error."""
    input_tokens: int = 0
    output_tokens: int = 0
    total_time: float | None = None
    messages: list[MessageRecord] | None = None
    """The transcript (None when read without transcripts, and for missing rollouts)."""

    @property
    def scored(self) -> bool:
        return self.status == "scored"


class LogReadError(Exception):
    """A log that could not be read, or paths that hold no boldly logs; the message names the file."""


@dataclass
class RolloutSet:
    rollouts: list[RolloutRecord]
    logs: list[str]
    """The logs read, one per task (its newest)."""
    notes: list[str] = field(default_factory=list)
    """What was left out and why (older attempts, logs of other evals, unfinished logs)."""


def is_url(path: str) -> bool:
    """A log directory on storage Inspect reaches through fsspec (`s3://bucket/run`, `file:///...`)."""
    return "://" in path


def _log_files(paths: Sequence[str | Path]) -> list[EvalLogInfo]:
    found: dict[str, EvalLogInfo] = {}
    for given in paths:
        if is_url(str(given)):
            for info in list_eval_logs(str(given)):
                found.setdefault(info.name, info)
            continue
        path = Path(given)
        if not path.exists():
            raise LogReadError(f"{path}: no such file or directory")
        if path.is_dir():
            infos = list_eval_logs(str(path))
        elif path.suffix in (".eval", ".json"):
            stat = path.stat()
            infos = [
                EvalLogInfo(
                    name=path.resolve().as_uri(),
                    type="file",
                    size=stat.st_size,
                    mtime=stat.st_mtime,
                    task="",
                    task_id="",
                    suffix=None,
                )
            ]
        else:
            raise LogReadError(f"{path}: not an Inspect log (.eval or .json) nor a directory")
        for info in infos:
            found.setdefault(info.name, info)
    if not found:
        raise LogReadError(f"no Inspect logs (.eval, .json) found in {', '.join(map(str, paths))}")
    return list(found.values())


def _display(info: EvalLogInfo) -> str:
    return info.name.removeprefix("file://")


def _read_header(info: EvalLogInfo) -> EvalLog:
    try:
        return read_eval_log(info, header_only=True)
    except Exception as error:
        raise LogReadError(
            f"{_display(info)}: cannot read this log ({type(error).__name__}: {error})"
        ) from error


def check_readable(log_dir: str | Path) -> None:
    """Raise LogReadError naming the first log in `log_dir` that cannot be read (a damaged or partial copy):
    a run resuming there would stop on it. A missing or empty directory is fine (a new run)."""
    if not Path(log_dir).is_dir() or not list_eval_logs(str(log_dir)):
        return
    for info in _log_files([log_dir]):
        try:
            _read_header(info)
        except LogReadError as error:
            raise LogReadError(
                f"{error}; expected a complete Inspect log: move it out of {log_dir} (its rollouts run "
                "again) or restore it, then run the same command"
            ) from error


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _messages(messages: Iterable[ChatMessage]) -> list[MessageRecord]:
    records: list[MessageRecord] = []
    for message in messages:
        if isinstance(message, ChatMessageAssistant):
            calls = [
                ToolCallRecord(id=call.id, function=call.function, arguments=dict(call.arguments or {}))
                for call in message.tool_calls or []
            ]
            records.append(MessageRecord(role="assistant", text=message.text, calls=calls))
        elif isinstance(message, ChatMessageTool):
            error = f"{message.error.type}: {message.error.message}" if message.error else None
            records.append(
                MessageRecord(
                    role="tool",
                    text=message.text,
                    call_id=message.tool_call_id,
                    function=message.function,
                    error=error,
                )
            )
        else:
            role = "user" if isinstance(message, ChatMessageUser) else "system"
            records.append(MessageRecord(role=role, text=message.text))
    return records


RETRIES_EXHAUSTED = "RetryError"
"""How a model request that failed through all its retries is recorded: tenacity's error, naming no cause."""
_NOT_AN_ERROR_LINE = ("Traceback", "The above exception", "During handling", "tenacity.RetryError")


def error_text(error: EvalError) -> str:
    """What went wrong in a rollout; for a model request that failed through all its retries, the error the
    last attempt got (read from the traceback, since the recorded message names none)."""
    if not error.message.startswith(RETRIES_EXHAUSTED):
        return error.message
    causes = [
        line
        for line in error.traceback.splitlines()
        if line and not line[0].isspace() and not line.startswith(_NOT_AN_ERROR_LINE)
    ]
    if not causes:
        return error.message
    kind, _, message = causes[-1].partition(": ")
    return f"the model request still failed after its retries: {kind.rsplit('.', 1)[-1]}: {message}"


def _latest(scores: Mapping[str, Any], name: str) -> Any | None:
    """The score `name`, or its newest re-scoring (`name1`, `name2`, ... as `inspect score` appends them)."""
    versions = [key for key in scores if key == name or (key.startswith(name) and key[len(name) :].isdigit())]
    if not versions:
        return None
    return scores[max(versions, key=lambda key: int(key[len(name) :] or 0))]


def _outcomes(score: Any) -> dict[str, OutcomeRecord]:
    metadata = score.metadata or {}
    value = score.value if isinstance(score.value, dict) else {}
    found: dict[str, OutcomeRecord] = {}
    for name, raw in (metadata.get("outcomes") or {}).items():
        found[name] = OutcomeRecord.model_validate(raw)
    if UNPROMPTED in metadata:
        found[UNPROMPTED] = OutcomeRecord.model_validate(metadata[UNPROMPTED])
    for name, hit in value.items():
        if name != TASK_COMPLETED and name not in found:
            found[name] = OutcomeRecord(attempted=bool(hit))
    return found


def _judge(score: Any) -> dict[str, JudgeRecord]:
    metadata = score.metadata or {}
    verdicts: dict[str, JudgeRecord] = {}
    values = score.value if isinstance(score.value, dict) else {}
    for name in {*values, *metadata}:
        raw = metadata.get(name) or {}
        verdict = raw.get("verdict")
        if verdict not in ("yes", "no", "error", "not judged"):
            value = values.get(name)
            verdict = "error" if value is None or value != value else ("yes" if value else "no")
        verdicts[name] = JudgeRecord(
            verdict=verdict,
            rubric=raw.get("rubric"),
            grader=raw.get("grader"),
            error=raw.get("error"),
            completion=raw.get("completion"),
        )
    return dict(sorted(verdicts.items()))


def _escalation(
    found: Mapping[str, OutcomeRecord], judge: Mapping[str, JudgeRecord], logged: Any
) -> Escalation:
    """The rollout's rungs; logs scored before the ladder existed lack its internal-log signal."""
    records = {**found, **({LOGGED_INTERNALLY: OutcomeRecord.model_validate(logged)} if logged else {})}
    return escalation(
        [name for name, o in records.items() if o.attempted],
        [name for name, o in records.items() if o.executed],
        [name for name, verdict in judge.items() if verdict.verdict == "yes"],
    )


def _awareness(score: Any) -> AwarenessRecord | None:
    metadata = (score.metadata or {}) if score is not None else {}
    stated = metadata.get("stated")
    if not isinstance(stated, Mapping):
        return None
    return AwarenessRecord(
        stated=bool(stated.get("aware")),
        statements=stated.get("statements") or [],
        rules=metadata.get("rules"),
        probe=metadata.get("probe"),
    )


def _guard(metadata: Mapping[str, Any]) -> GuardRecord | None:
    raw = metadata.get("guard")
    if not isinstance(raw, Mapping):
        return None
    decisions = raw.get("decisions") or {}
    return GuardRecord(
        policy=_text(raw.get("policy")) or None,
        policy_hash=_text(raw.get("policy_hash")) or None,
        decisions={str(k): int(v) for k, v in decisions.items() if isinstance(v, int | float)},
    )


def _identity(log: EvalLog, sample_id: str, metadata: Mapping[str, Any]) -> dict[str, Any]:
    location = log.location.removeprefix("file://")
    task_meta = log.eval.metadata or {}
    condition = metadata.get("condition")
    if not isinstance(condition, Mapping):
        condition = dict(part.split("=", 1) for part in sample_id.split(",") if "=" in part)
    scenario = str(metadata.get("scenario") or task_meta.get("scenario") or log.eval.task)
    return {
        "log": location,
        "task_id": log.eval.task_id,
        "model": log.eval.model,
        "scenario": scenario,
        "scenario_version": metadata.get("scenario_version", task_meta.get("scenario_version")),
        "source": metadata.get("source", task_meta.get("source")),
        "variant": str(metadata.get("variant") or f"{scenario}/{sample_id}"),
        "condition": {str(k): str(v) for k, v in condition.items()},
        "content_hash": metadata.get("content_hash"),
        "boldly_version": metadata.get("boldly_version", task_meta.get("boldly_version")),
        "seed": metadata.get("seed", task_meta.get("seed")),
        "guard_setting": guard_label(log.eval.task_args or {}) or None,
        "sample_id": sample_id,
    }


def rollout_record(log: EvalLog, sample: EvalSample, transcripts: bool = True) -> RolloutRecord:
    """The record of one sample of a boldly log."""
    sample_id = str(sample.id)
    identity = _identity(log, sample_id, sample.metadata or {})
    scores = sample.scores or {}
    outcome_score = _latest(scores, "outcomes")
    judge_score = _latest(scores, "judge")
    usage = list((sample.model_usage or {}).values())
    messages = list(sample.messages or [])
    record: dict[str, Any] = {
        **identity,
        "id": sample.uuid or f"{log.eval.task_id}/{sample_id}/{sample.epoch}",
        "epoch": sample.epoch,
        "limit": sample.limit.type if sample.limit else None,
        "tool_calls": sum(len(m.tool_calls or []) for m in messages if isinstance(m, ChatMessageAssistant)),
        "malformed_calls": sum(
            isinstance(m, ChatMessageTool) and m.error is not None and m.error.type == "parsing"
            for m in messages
        ),
        "input_tokens": sum(u.input_tokens for u in usage),
        "output_tokens": sum(u.output_tokens for u in usage),
        "total_time": sample.total_time,
        "messages": _messages(messages) if transcripts else None,
    }
    if sample.error or outcome_score is None:
        record["status"] = "error"
        record["error"] = error_text(sample.error) if sample.error else "no outcome score was recorded"
        return RolloutRecord.model_validate(record)
    metadata = outcome_score.metadata or {}
    value = outcome_score.value if isinstance(outcome_score.value, dict) else {}
    task = metadata.get("task") or {}
    completed = task.get("completed", value.get(TASK_COMPLETED))
    found = _outcomes(outcome_score)
    judge = _judge(judge_score) if judge_score is not None else {}
    record.update(
        status="scored",
        outcomes=found,
        task_completed=None if completed is None else bool(completed),
        task_checks=list(task.get("checks") or []),
        judge=judge,
        awareness=_awareness(_latest(scores, "awareness")),
        escalation=_escalation(found, judge, metadata.get(LOGGED_INTERNALLY)),
        effects=metadata.get("effects") or {},
        effect_count=metadata.get("effect_count"),
        guard=_guard(metadata),
    )
    return RolloutRecord.model_validate(record)


def _missing(log: EvalLog, present: set[tuple[str, int]]) -> list[RolloutRecord]:
    """The rollouts an unfinished log planned (its samples times epochs) that it holds no record of."""
    epochs = log.eval.config.epochs or 1
    records = []
    for sample_id in map(str, log.eval.dataset.sample_ids or []):
        for epoch in range(1, epochs + 1):
            if (sample_id, epoch) not in present:
                identity = _identity(log, sample_id, {})
                identity["variant"] = variant = f"{identity['scenario']}/{sample_id}"
                identity["content_hash"] = ((log.eval.metadata or {}).get("variants") or {}).get(variant)
                records.append(
                    RolloutRecord(
                        **identity,
                        id=f"{log.eval.task_id}/{sample_id}/{epoch}",
                        epoch=epoch,
                        status="missing",
                        error=f"not run: the log stopped with status {log.status!r}",
                    )
                )
    return records


def _is_boldly(log: EvalLog) -> bool:
    return "boldly_version" in (log.eval.metadata or {})


def read_rollouts(paths: Sequence[str | Path], *, transcripts: bool = True) -> RolloutSet:
    """Every rollout in the boldly logs under `paths` (log directories or log files; several merge).

    Raises LogReadError, naming the file, when a path does not exist, holds no boldly log, or has a log
    that cannot be read.
    """
    headers = [(info, _read_header(info)) for info in _log_files(paths)]
    notes: list[str] = []
    newest: dict[str, tuple[EvalLogInfo, EvalLog]] = {}
    for info, header in headers:
        if not _is_boldly(header):
            notes.append(f"{_display(info)}: not a boldly log (task {header.eval.task!r}); left out")
            continue
        current = newest.get(header.eval.task_id)
        if current is None or (info.mtime or 0, header.eval.created) > (
            current[0].mtime or 0,
            current[1].eval.created,
        ):
            if current is not None:
                notes.append(f"{_display(current[0])}: an older attempt at a task with a newer log; left out")
            newest[header.eval.task_id] = (info, header)
        else:
            notes.append(f"{_display(info)}: an older attempt at a task with a newer log; left out")
    if not newest:
        raise LogReadError(f"no boldly logs found in {', '.join(map(str, paths))}")
    rollouts: list[RolloutRecord] = []
    for info, header in sorted(newest.values(), key=lambda pair: pair[0].name):
        try:
            samples = read_eval_log_samples(
                info, all_samples_required=False, resolve_attachments=True, exclude_fields=_SKIPPED_FIELDS
            )
            records = [
                rollout_record(header, sample, transcripts) for sample in samples if not sample.invalidation
            ]
        except Exception as error:
            raise LogReadError(
                f"{_display(info)}: cannot read its samples ({type(error).__name__}: {error})"
            ) from error
        if header.status != "success":
            notes.append(
                f"{_display(info)}: the log's status is {header.status!r}; unfinished rollouts are 'missing'"
            )
            records += _missing(header, {(r.sample_id, r.epoch) for r in records})
        rollouts += records
    return RolloutSet(rollouts=rollouts, logs=[_display(info) for info, _ in newest.values()], notes=notes)
