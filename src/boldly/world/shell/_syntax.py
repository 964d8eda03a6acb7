"""Parsing with tree-sitter-bash, and bash-style messages for what does not parse."""

from __future__ import annotations

import tree_sitter_bash
from tree_sitter import Language, Node, Parser

from boldly.world.shell._limits import MAX_TREE_DEPTH

_PARSER = Parser(Language(tree_sitter_bash.language()))
_END_OF_FILE = "bash: syntax error: unexpected end of file\n"
_QUOTES = {'"', "'", "`", ")", "}", "]]", "))"}
_OPENERS = {
    "if", "then", "else", "elif", "do", "case", "in", "while", "until", "for", "select", "function",
    "{", "(", "$(", "${", "((", "$((", "[[", "[", "|", "|&", "&&", "||", "!", "<", ">", ">>", "word",
}  # fmt: skip


def parse(source: str) -> Node:
    return _PARSER.parse(source.encode("utf-8", "surrogatepass")).root_node


def text_of(node: Node) -> str:
    return (node.text or b"").decode("utf-8", "surrogatepass")


def syntax_error(root: Node, source: str) -> str | None:
    """The message bash would print for the first problem in the tree, or None when it parsed cleanly."""
    if _too_deep(root):
        return "bash: syntax error: expression nested too deeply\n"
    if not root.has_error:
        return None
    bad = _first_problem(root)
    if bad is None:
        return _END_OF_FILE
    if bad.is_missing:
        token = bad.type
        if token in _QUOTES:
            return _unmatched(token)
        return _END_OF_FILE
    leaves = _leaves(bad)
    first = text_of(leaves[0]) if leaves else ""
    if first[:1] in ("'", '"', "`") and not (len(first) > 1 and first[-1] == first[0]):
        return _unmatched(first[0])
    last = leaves[-1] if leaves else bad
    at_end = not source.encode("utf-8", "surrogatepass")[bad.end_byte :].strip()
    token = text_of(last) or last.type
    if at_end and (last.type in _OPENERS or token in _OPENERS):
        return _END_OF_FILE
    shown = token.splitlines()[0] if token.strip() else "newline"
    return f"bash: syntax error near unexpected token `{shown}'\n"


def _unmatched(quote: str) -> str:
    opener = {")": "(", "}": "{", "]]": "[[", "))": "(("}.get(quote, quote)
    if opener in ("(", "{", "[[", "(("):
        return _END_OF_FILE
    return f"bash: unexpected EOF while looking for matching `{opener}'\n" + _END_OF_FILE


def _first_problem(root: Node) -> Node | None:
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            return node
        stack.extend(child for child in reversed(node.children) if child.has_error or child.is_missing)
    return None


def _leaves(node: Node) -> list[Node]:
    found: list[Node] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if current.child_count == 0:
            found.append(current)
        else:
            stack.extend(reversed(current.children))
    return found


def _too_deep(root: Node) -> bool:
    stack = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_TREE_DEPTH:
            return True
        stack.extend((child, depth + 1) for child in node.children)
    return False
