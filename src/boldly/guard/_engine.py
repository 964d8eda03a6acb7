"""The decision engine: classify a pending call with the world's classifier, match the policy, record it.

`Guard.decide(action, session)` is the whole rule path: no model call, no I/O but the audit log. It fails
closed: an unknown tool, an unparsable call, a command the classifier does not know, or any internal error
is a `deny` that names the reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from boldly.guard._audit import AuditLog, MemoryAuditLog
from boldly.guard._call_paths import PathResolver, absolute_paths
from boldly.guard._decision import Decision
from boldly.guard._mandate import MandateReader
from boldly.guard._mapping import CallRefused, ToolMapper
from boldly.guard._open_world import open_world
from boldly.guard._paths import expand_home
from boldly.guard._policy import PRECEDENCE, Policy, Verdict
from boldly.guard._rules import EffectVerdict, Facts, judge_effect, matches_effect
from boldly.guard._session import Session, Step
from boldly.guard._shell import broke_down, scan, unknown_commands
from boldly.world import CANONICAL_TOOLS, Action, Effect, Op, PathProbe, World, classify, trial

INVALID_ARGUMENTS = "invalid arguments for "
"""How the world answers a call whose arguments do not validate (`boldly.world.ArgumentsError`)."""


class Guard:
    """Decides calls under `policy`, recording them in `audit`.

    For an adapter running on the machine the tools run on: `probe` tells what is at a path there (without
    it every path the guard has not seen may hold pre-existing data, see `boldly.world.OpenAssumptions`),
    and `resolve_path` how a path resolves there (its symlinks followed).
    """

    def __init__(
        self,
        policy: Policy,
        audit: AuditLog | MemoryAuditLog | None = None,
        probe: PathProbe | None = None,
        resolve_path: PathResolver | None = None,
    ) -> None:
        self.policy = policy
        self.audit = audit
        self.resolve_path = resolve_path
        self.world = open_world(policy, probe)
        self.mapper = ToolMapper(policy, self.world.tools)
        self.reader = MandateReader(policy, self.world.agent.home)
        self._counted = [rule for rule in policy.rules if rule.when.prior_at_least is not None]
        home = self.world.agent.home
        self.workspace = tuple(expand_home(path, home) for path in policy.agent.workspace)

    @classmethod
    def from_file(
        cls,
        policy: Path | str,
        audit_log: Path | str | None = None,
        signing_key: Any = None,
        probe: PathProbe | None = None,
        resolve_path: PathResolver | None = None,
    ) -> Guard:
        audit = AuditLog(audit_log, signing_key) if audit_log is not None else None
        return cls(Policy.load(Path(policy)), audit, probe, resolve_path)

    def session(self, principal_messages: Iterable[str] = (), id: str | None = None) -> Session:
        """A new session over its own copy of the org world; `id` defaults to a random one."""
        kwargs = {"id": id} if id else {}
        messages = list(principal_messages)
        return Session(world=self.world.fork(), reader=self.reader, principal_messages=messages, **kwargs)

    # -- deciding ------------------------------------------------------------------------------------

    def decide(self, action: Action | dict[str, Any], session: Session) -> Decision:
        """The verdict on one pending call; recorded in the audit log, then in the session."""
        try:
            decision, trial = self._attempt(action, session)
            decision = self._log(decision)
            if decision.verdict == "ask":
                return replace(decision, pending=trial)
            if decision.action is not None:
                self._record(session, decision, trial, executed=decision.verdict == "allow")
            return decision
        except Exception as error:  # fail closed, and say so in the audit log
            tool = action.tool if isinstance(action, Action) else "?"
            return self._log(_failed(error, tool, session, action))

    def hindsight(self, action: Action | dict[str, Any], session: Session) -> Decision:
        """The verdict the guard would have given a call that already ran; the session moves on past it."""
        decision, trial = self._attempt(action, session)
        if decision.action is not None:
            self._record(session, decision, trial, executed=True)
        return self._log(decision)

    def refuse(self, tool: str, rule: str, reason: str, session: Session, call: Any = None) -> Decision:
        """A deny for a call the adapter could not even read (recorded like any decision, with `call`)."""
        return self._log(Decision("deny", rule, reason, tool, None, session=session.id, call=call))

    def settle(self, decision: Decision, session: Session, approved: bool, approver: str) -> Decision:
        """Close an `ask`: the person's answer becomes an allow or a deny, recorded like any decision."""
        if decision.verdict != "ask":
            raise ValueError(f"only an ask can be settled, not {decision.verdict!r}")
        trial = decision.pending
        settled = self._log(decision.settled(approved, approver), approval=True)
        if settled.action is not None:
            self._record(session, settled, trial, executed=settled.verdict == "allow")
        return settled

    def replay(self, action: Action | dict[str, Any], session: Session) -> list[Effect]:
        """Move the session past a call that already ran (a `check` history); raises if it is unreadable."""
        call = action if isinstance(action, Action) else Action.model_validate(action)
        canonical = self.mapper.canonical(call)
        fork, result = trial(canonical, session.world)
        effects = result.effects
        session.world.adopt(fork, keep_records=False)
        session.record(
            Step(canonical, effects, "allow", True), self._counted_rules(effects, canonical, session)
        )
        return effects

    def _attempt(self, action: Action | dict[str, Any], session: Session) -> tuple[Decision, World | None]:
        tool = "?"
        try:
            tool = action.tool if isinstance(action, Action) else str(action.get("tool", "?"))
            call = action if isinstance(action, Action) else Action.model_validate(action)
            return self._decide(call, session, action)
        except CallRefused as refused:
            known = call if refused.rule.startswith("undeclared") else None
            return Decision(
                refused.verdict, refused.rule, refused.reason, tool, known, session=session.id, call=action
            ), None
        except Exception as error:  # fail closed: whatever went wrong, the call does not run
            return _failed(error, tool, session, action), None

    def _decide(self, call: Action, session: Session, sent: Any) -> tuple[Decision, World]:
        """Classify the call as `boldly.world.classify` does, keeping the fork to adopt if the call runs.

        `sent`: the call as the agent sent it, for the record."""
        canonical = self.mapper.canonical(self._absolute(call, session), session.tool_hints.get(call.tool))
        fork, result = trial(canonical, session.world)
        effects = list(result.effects)
        unknown: list[str] = []
        recursive = canonical.tool == "delete_file" and bool(canonical.args.get("recursive"))
        if canonical.tool == "run_shell":
            found = scan(canonical.args["command"])
            recursive = found.recursive_delete
            if broke_down(result.output):
                raise RuntimeError("the shell classifier failed on this command line")
            unknown = unknown_commands(found, result.output) + found.runtime_code
            unknown += unseen_scripts(found.scripts, fork, session.world)
            effects += self._branch_effects(found.parts, session, canonical, effects)
        elif not result.ok and not effects:
            if result.output.startswith(INVALID_ARGUMENTS):
                raise CallRefused("unparsable-call", result.output)
            # a read that fails in the guard's world only means the guard cannot see the mail or file
            if not self.world.tools[canonical.tool].read_only:
                reason = f"the guard could not classify the call: {result.output}"
                raise CallRefused("unclassifiable-call", reason)
        workspace = self.workspace + tuple(session.workspace)
        facts = Facts(session.mandate, frozenset(session.read_tags), session.prior, workspace, recursive)
        verdicts = [
            judge_effect(effect, canonical.tool, self.policy.rules, self.policy.defaults, facts)
            for effect in effects
        ]
        decision = self._combine(call.tool, canonical, verdicts, unknown, session, sent)
        return decision, fork

    def _absolute(self, call: Action, session: Session) -> Action:
        """A declared tool's relative paths under its roots; with a host resolver, every path resolved."""
        spec = self.world.tools.get(call.tool)
        if spec is None or not spec.path_args:
            return call
        declared = self.policy.tools.get(call.tool)
        roots = (declared.roots or session.roots or self.policy.roots) if declared is not None else []
        if not roots and self.resolve_path is None:
            return call
        return absolute_paths(call, spec.path_args, roots, self.resolve_path)

    def _branch_effects(
        self, parts: list[str], session: Session, canonical: Action, seen: list[Effect]
    ) -> list[Effect]:
        """Effects of each simple command run on its own: what another branch of the line could do."""
        keys = {_effect_key(e) for e in seen}
        extra: list[Effect] = []
        for part in parts:
            branch = Action(tool="run_shell", args={"command": part}, turn=canonical.turn)
            for effect in classify(branch, session.world):
                if _effect_key(effect) not in keys:
                    keys.add(_effect_key(effect))
                    detail = f"if another branch runs: {part}"
                    extra.append(effect.model_copy(update={"detail": detail}))
        return extra

    def _combine(
        self,
        tool: str,
        canonical: Action,
        verdicts: list[EffectVerdict],
        unknown: list[str],
        session: Session,
        sent: Any,
    ) -> Decision:
        effects = [v.effect for v in verdicts]
        strictest = max(verdicts, key=lambda v: PRECEDENCE[v.verdict], default=None)
        if unknown:
            verdict = self.policy.defaults.unknown_command
            names = ", ".join(unknown)
            reason = f"{names}: not something the guard can classify, so what it would do is unknown"
            if strictest is None or PRECEDENCE[verdict] > PRECEDENCE[strictest.verdict]:
                return Decision(verdict, "unknown-command", reason, tool, canonical, effects, verdicts,
                                session=session.id, call=sent)  # fmt: skip
        if strictest is None:
            reason = "the call reaches no one and changes nothing"
            return Decision("allow", "no-effect", reason, tool, canonical, session=session.id, call=sent)
        verdict: Verdict = strictest.verdict
        reason = strictest.reason
        if verdict in ("deny", "ask") and not strictest.in_mandate:
            seen = [t.value for t in strictest.effect.targets if session.seen_only_in_outputs(t.value)]
            if seen:
                reason += (
                    f" ({', '.join(seen)} appears only in tool output, not in your principal's messages)"
                )
        if unknown:
            reason += f" (and {', '.join(unknown)} cannot be classified)"
        redirect = None
        if verdict == "redirect":
            redirect = _redirected(canonical, verdicts)
            if redirect is None:
                verdict = "deny"
                reason += " (only a plain email can be routed for review, so the call is denied)"
        return Decision(verdict, strictest.rule, reason, tool, canonical, effects, verdicts, redirect,
                        session=session.id, call=sent)  # fmt: skip

    # -- recording -----------------------------------------------------------------------------------

    def _record(self, session: Session, decision: Decision, trial: World | None, executed: bool) -> None:
        """Add the call to the session's history; `trial` is the world after it, taken on when it runs.

        The session's world keeps the state the call left (files, accounts, services, the shell's session),
        not its records: mail, requests and effects went to the real org.
        """
        spec = self.world.tools.get(decision.action.tool) if decision.action is not None else None
        if executed and trial is not None and spec is not None and spec.changes_state:
            session.world.adopt(trial, keep_records=False)
        assert decision.action is not None
        counted = self._counted_rules(decision.effects, decision.action, session) if executed else []
        session.record(Step(decision.action, decision.effects, decision.verdict, executed), counted)

    def _counted_rules(self, effects: list[Effect], action: Action, session: Session) -> list[str]:
        counted = []
        for effect in effects:
            in_mandate = session.mandate.covers(effect)
            counted += [
                r.name for r in self._counted if matches_effect(r.when, effect, action.tool, in_mandate)
            ]
        return counted

    def _log(self, decision: Decision, approval: bool = False) -> Decision:
        """Append the decision to the audit log; a decision that cannot be recorded is a deny."""
        if self.audit is None:
            return decision
        kind = "approval" if approval else "decision"
        try:
            record = self.audit.append({"kind": kind, **decision.to_json()})
        except Exception as error:
            reason = (
                f"the audit log could not be written ({type(error).__name__}: {error}); denied to be safe"
            )
            denied = replace(
                decision, verdict="deny", rule="fail-closed", reason=reason, pending=None, redirect=None
            )
            try:  # the bare facts, in case the decision's content was what could not be recorded
                record = self.audit.append(
                    {"kind": kind, "session": denied.session, "tool": str(denied.tool), "decision": "deny",
                     "rule": denied.rule, "reason": reason}
                )  # fmt: skip
            except Exception:
                return denied
            return replace(denied, seq=record["seq"])
        return replace(decision, seq=record["seq"])


def _failed(error: Exception, tool: str, session: Session, sent: Any = None) -> Decision:
    reason = f"the guard could not decide ({type(error).__name__}: {error}); denied to be safe"
    return Decision("deny", "fail-closed", reason, tool, None, session=session.id, call=sent)


def unseen_scripts(scripts: list[str], trial: World, before: World) -> list[str]:
    """Scripts the line runs whose content the guard does not know (it cannot see the org's files)."""
    cwd = before.state.shell_cwd or before.agent.home
    unseen = []
    for script in scripts:
        if not trial.content_known(trial.abspath(script, cwd)):
            unseen.append(f"{script} (a script whose content the guard cannot see)")
    return unseen


def _effect_key(effect: Effect) -> tuple[Any, ...]:
    return (
        effect.op,
        tuple((t.kind, t.value) for t in effect.targets),
        tuple(ref.path for ref in effect.data),
    )


def _redirected(canonical: Action, verdicts: list[EffectVerdict]) -> Action | None:
    """The email routed to the reviewer instead, when the call is a plain email and all agree where."""
    held = [v for v in verdicts if v.verdict == "redirect"]
    destinations = {v.redirect_to for v in held}
    if canonical.tool != "send_email" or len(destinations) != 1:
        return None
    if any(v.effect.op is not Op.SEND_MESSAGE for v in held):
        return None
    args = CANONICAL_TOOLS["send_email"].parse(canonical.args).model_dump(exclude_defaults=True)
    original = ", ".join([*args.get("to", []), *args.get("cc", []), *args.get("bcc", [])])
    body = (
        f"[Held for review by the guard: this message was addressed to {original}.]\n\n{args.get('body', '')}"
    )
    rerouted = {
        **{key: value for key, value in args.items() if key not in ("cc", "bcc")},
        "to": [destinations.pop()],
        "subject": f"[for review] {args.get('subject', '')}",
        "body": body,
    }
    return Action(tool="send_email", args=rerouted, turn=canonical.turn)
