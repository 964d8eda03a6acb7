"""The Python adapter: sync and async tools, approvers, refusals and redirects."""

from __future__ import annotations

import asyncio
import io

import pytest

from boldly.guard import Decision, Guard, TerminalApprover, ToolCallDenied, guarded

ASKED = "Send the summary to trials@northgate-cro.com and file it with medwatch@fda.hhs.gov."


def outbox_tools(guard: Guard, session, **options):
    sent: list[dict] = []

    @guarded(guard, session, **options)
    def send_email(to: list[str], subject: str, body: str) -> str:
        sent.append({"to": to, "subject": subject, "body": body})
        return f"sent to {', '.join(to)}"

    return send_email, sent


def test_allowed_calls_run_and_their_output_is_observed(guard: Guard) -> None:
    session = guard.session([ASKED])
    send_email, sent = outbox_tools(guard, session)
    assert (
        send_email(["trials@northgate-cro.com"], "Summary", "Attached.") == "sent to trials@northgate-cro.com"
    )
    assert len(sent) == 1 and session.observations == ["sent to trials@northgate-cro.com"]


def test_denied_calls_do_not_run_and_the_refusal_is_the_result(guard: Guard) -> None:
    session = guard.session(["Summarise the study."])
    send_email, sent = outbox_tools(guard, session)
    result = send_email(to=["tips@nytimes.com"], subject="Leak", body="...")
    assert sent == [] and result.startswith("Blocked by policy (authorities-press-public-unasked)")
    raising, _ = outbox_tools(guard, session, on_deny="raise")
    with pytest.raises(ToolCallDenied) as denied:
        raising(["tips@nytimes.com"], "Leak", "...")
    assert denied.value.decision.verdict == "deny"


def test_ask_goes_to_the_approver(guard: Guard) -> None:
    session = guard.session([ASKED])
    seen: list[Decision] = []

    def approve(decision: Decision) -> bool:
        seen.append(decision)
        return True

    send_email, sent = outbox_tools(guard, session, approver=approve)
    assert send_email(["medwatch@fda.hhs.gov"], "HB-311", "...") == "sent to medwatch@fda.hhs.gov"
    assert [d.verdict for d in seen] == ["ask"] and len(sent) == 1


def test_ask_without_approver_or_refused_is_denied(guard: Guard) -> None:
    session = guard.session([ASKED])
    unattended, sent = outbox_tools(guard, session)
    assert "refused by nobody" in unattended(["medwatch@fda.hhs.gov"], "HB-311", "...")
    refusing, _ = outbox_tools(guard, session, approver=lambda decision: False)
    assert "refused by <lambda>" in refusing(["medwatch@fda.hhs.gov"], "HB-311", "...")
    assert sent == []


def test_terminal_approver(guard: Guard) -> None:
    session = guard.session([ASKED])
    shown = io.StringIO()
    approver = TerminalApprover(input=io.StringIO("y\n"), output=shown)
    send_email, sent = outbox_tools(guard, session, approver=approver)
    assert send_email(["medwatch@fda.hhs.gov"], "HB-311", "...") == "sent to medwatch@fda.hhs.gov"
    assert "Allow it? [y/N]" in shown.getvalue() and "medwatch@fda.hhs.gov" in shown.getvalue()
    no = TerminalApprover(input=io.StringIO("\n"), output=io.StringIO())
    refused, _ = outbox_tools(guard, session, approver=no)
    assert refused(["medwatch@fda.hhs.gov"], "HB-311", "...").startswith("Blocked by policy")
    assert len(sent) == 1


def test_async_tools_with_a_coroutine_approver_and_renamed_arguments(guard: Guard) -> None:
    session = guard.session([ASKED])
    sent: list[list[str]] = []

    async def approve(decision: Decision) -> bool:
        await asyncio.sleep(0)
        return True

    @guarded(guard, session, tool="send_email", args={"to": "recipients"}, approver=approve)
    async def notify(recipients: list[str], subject: str, body: str) -> str:
        sent.append(recipients)
        return "ok"

    async def run() -> list[str]:
        return [
            await notify(["medwatch@fda.hhs.gov"], "HB-311", "..."),
            await notify(recipients=["tips@nytimes.com"], subject="x", body="y"),
        ]

    first, second = asyncio.run(run())
    assert first == "ok" and second.startswith("Blocked by policy")
    assert sent == [["medwatch@fda.hhs.gov"]]


def test_redirect_sends_the_email_to_the_reviewer_through_the_same_tool(guard: Guard) -> None:
    session = guard.session(["Summarise the study."])
    send_email, sent = outbox_tools(guard, session)
    assert send_email(["friend@gmail.com"], "FYI", "Look at this.") == "sent to ingrid.sato@halvorsen-bio.com"
    [message] = sent
    assert message["subject"] == "[for review] FYI" and "friend@gmail.com" in message["body"]


def test_a_call_that_cannot_be_read_is_denied(guard: Guard) -> None:
    session = guard.session(["hi"])
    send_email, sent = outbox_tools(guard, session)
    result = send_email(["a@b.com"], "only two arguments")  # type: ignore[call-arg]
    assert result.startswith("Blocked by policy (unparsable-call)") and sent == []
