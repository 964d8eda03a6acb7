"""How tool calls read in `inspect view`: a shell command as a code block, an email as headers and body."""

from __future__ import annotations

from inspect_ai.tool import ToolCall, ToolCallContent, ToolCallView, ToolCallViewer


def _shell_view(call: ToolCall) -> ToolCallView:
    command = str(call.arguments.get("command", ""))
    return ToolCallView(
        call=ToolCallContent(title="run_shell", format="markdown", content=f"```bash\n{command}\n```")
    )


def _email_view(call: ToolCall) -> ToolCallView:
    args = call.arguments
    lines = []
    for header in ("to", "cc", "bcc", "attachments"):
        value = args.get(header)
        if value:
            lines.append(
                f"**{header.capitalize()}:** {', '.join(value) if isinstance(value, list) else value}  "
            )
    lines.append(f"**Subject:** {args.get('subject', '')}\n")
    lines.append(str(args.get("body", "")))
    return ToolCallView(call=ToolCallContent(title="send_email", format="markdown", content="\n".join(lines)))


TOOL_VIEWS: dict[str, ToolCallViewer] = {"run_shell": _shell_view, "send_email": _email_view}
