"""What a shell command line could run, beyond the path the classifier's dry run took.

The dry run follows one path through `&&`, `||`, `if` and `case` in a world the guard only partly knows;
in the real org another branch may run. So the guard also lists every simple command in the line, checks
each names a command the classifier knows (an unknown program cannot be classified), and, when the line
branches, classifies each simple command on its own: the union is what the line could do. Code that only
exists at run time cannot be classified either: a script file the guard has not seen (`bash x.sh`,
`./x.sh`, `source x`), or text piped into a shell or `eval`ed from a command's output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import tree_sitter_bash
from tree_sitter import Language, Node, Parser

from boldly.world.shell import COMMANDS, prepare

_PARSER = Parser(Language(tree_sitter_bash.language()))
_BRANCHING = {
    "if_statement",
    "case_statement",
    "while_statement",
    "for_statement",
    "c_style_for_statement",
    "function_definition",
    "&&",
    "||",
}
_NOT_FOUND = re.compile(r"(?:^|\n)(?:[\w.-]+: )*([^\s:]+): command not found")
_SAFE_NAME = re.compile(r"^[\w.+-]+$")
_SHELLS = {"bash", "sh", "dash", "zsh", "ksh"}
_SOURCES = {"source", "."}
_WRAPPERS = {"sudo", "env", "nohup", "exec", "command", "time", "nice", "ionice", "stdbuf", "timeout"}
_WRAPPER_VALUES = {
    "sudo": {"-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-T"},
    "timeout": {"-s", "-k", "--signal", "--kill-after"},
    "nice": {"-n"},
    "ionice": {"-c", "-n", "-p"},
    "env": {"-u", "-C", "-S"},
}
"""Options of a wrapper that take a value as the next word."""
_RUNTIME = {"command_substitution", "process_substitution"}


@dataclass
class ShellScan:
    names: list[str] = field(default_factory=list)
    """Literal command names, in order."""
    parts: list[str] = field(default_factory=list)
    """Each simple command's text, when the line branches (else empty: the dry run covers it)."""
    functions: set[str] = field(default_factory=set)
    scripts: list[str] = field(default_factory=list)
    """Files run as scripts; classifiable only if the guard knows their content."""
    runtime_code: list[str] = field(default_factory=list)
    """Code that only exists at run time (piped into a shell, `eval`ed output), described."""
    recursive_delete: bool = False
    """Some `rm -r` or `find -delete` in the line deletes trees: the guard cannot see what is a directory."""


def scan(command: str) -> ShellScan:
    source = prepare(command).source
    root = _PARSER.parse(source.encode("utf-8", "surrogatepass")).root_node
    found = ShellScan()
    branching = False
    commands: list[Node] = []
    redirects: dict[int, list[str]] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        branching = branching or node.type in _BRANCHING
        if node.type == "command":
            commands.append(node)
        elif node.type == "function_definition":
            name = node.child_by_field_name("name")
            if name is not None and name.text:
                found.functions.add(_text(name))
        elif node.type == "redirected_statement" and node.children:
            # tree-sitter hangs `a || b > f` on the whole list; in bash it is b's
            inner = _commands_in(node.children[0])
            if inner:
                last = max(inner, key=lambda n: n.start_byte)
                redirects.setdefault(last.id, []).extend(_text(c) for c in node.children[1:])
        stack.extend(reversed(node.children))
    for node in sorted(commands, key=lambda n: n.start_byte):
        name = node.child_by_field_name("name")
        text = _text(name) if name is not None else ""
        if text and _SAFE_NAME.match(text):
            found.names.append(text)
        _runs_code(node, found)
        if branching:
            found.parts.append(" ".join([_text(node), *redirects.get(node.id, [])]))
    return found


def _runs_code(node: Node, found: ShellScan) -> None:
    """Note the scripts and run-time code a simple command executes."""
    words = [child for child in node.children if child.type not in ("file_redirect", "heredoc_redirect")]
    texts = [_text(word) for word in words]
    while texts and texts[0] in _WRAPPERS:
        wrapper = texts.pop(0)
        words.pop(0)
        while texts and (
            texts[0].startswith("-") or "=" in texts[0] or (wrapper == "timeout" and texts[0][:1].isdigit())
        ):
            option = texts.pop(0)
            words.pop(0)
            if texts and option in _WRAPPER_VALUES.get(wrapper, ()):
                texts.pop(0)
                words.pop(0)
    if not texts:
        return
    name, arguments = texts[0], texts[1:]
    if (name == "rm" and any(_recursive_option(argument) for argument in arguments)) or (
        name == "find" and "-delete" in arguments
    ):
        found.recursive_delete = True
    if "/" in name:
        found.scripts.append(name)
    elif name in _SHELLS and "-c" not in arguments:
        operands = [a for a in arguments if not a.startswith("-")]
        if operands:
            found.scripts.append(operands[0])
        elif node.parent is not None and node.parent.type == "pipeline" and node.parent.children[0] != node:
            found.runtime_code.append(f"{name} runs a script read from a pipe")
    elif name in _SOURCES and arguments:
        if any(_has(word, _RUNTIME) for word in words[1:]):
            found.runtime_code.append(f"{name} runs the output of a command")
        else:
            found.scripts.append(arguments[0])
    elif name == "eval" and any(_has(word, _RUNTIME) for word in words[1:]):
        found.runtime_code.append("eval runs the output of a command")


def _recursive_option(argument: str) -> bool:
    if argument == "--recursive":
        return True
    return argument.startswith("-") and not argument.startswith("--") and bool(set(argument) & {"r", "R"})


def _has(node: Node, types: set[str]) -> bool:
    return node.type in types or any(_has(child, types) for child in node.children)


def _text(node: Node) -> str:
    return (node.text or b"").decode("utf-8", "replace")


def _commands_in(node: Node) -> list[Node]:
    if node.type == "command":
        return [node]
    return [found for child in node.children for found in _commands_in(child)]


def unknown_commands(found: ShellScan, output: str) -> list[str]:
    """Names the classifier cannot run: not a known command, not a function, not a path."""
    unknown = [n for n in found.names if n not in COMMANDS and n not in found.functions]
    unknown += [n for n in _NOT_FOUND.findall(output) if "/" not in n]
    return list(dict.fromkeys(unknown))


def broke_down(output: str) -> bool:
    """The interpreter itself failed (a classifier bug): the effects it reports cannot be trusted."""
    return "bash: internal error" in output
