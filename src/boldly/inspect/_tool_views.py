"""How tool calls read in `inspect view`, from each tool spec's view: a code block, or headers and body."""

from __future__ import annotations

from inspect_ai.tool import ToolCall, ToolCallContent, ToolCallView, ToolCallViewer

from boldly.world import ToolView


def _listed(value: object) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def tool_viewer(title: str, view: ToolView) -> ToolCallViewer:
    """The viewer for calls of tool `title` as its spec's view describes them."""

    def show(call: ToolCall) -> ToolCallView:
        args = call.arguments
        if view.code is not None:
            content = f"```{view.language}\n{args.get(view.code, '')}\n```"
        else:
            lines = [
                f"**{name.replace('_', ' ').capitalize()}:** {_listed(args[name])}  "
                for name in view.headers
                if args.get(name)
            ]
            if view.body is not None:
                lines += ["", str(args.get(view.body, ""))]
            content = "\n".join(lines)
        return ToolCallView(call=ToolCallContent(title=title, format="markdown", content=content))

    return show
