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


_EXPANSION_CLOSERS = {"$((": ")", "$(": ")", "${": "}"}
_REDIRECTIONS = {">", ">>", "<", "&>", "&>>", ">|", "<>", "<<<", ">&", "<&"}
_MAX_REPARSES = 8  # each incomplete `[` costs a parse; a hostile line must not make that quadratic
_STRAY_KEYWORDS = {"fi", "done", "then", "else", "elif", "do", "esac"}


def parse(source: str) -> Node:
    return _PARSER.parse(source.encode("utf-8", "surrogatepass")).root_node


def parse_script(source: str) -> Node:
    """Parse a command line as bash would: tree-sitter-bash reads `[ … ]` as a test expression and fails
    on one bash would run and let complain (`[ 1 -eq ]`, `[ a = b`); bash's `[` is a command, so such a
    `[` is written `\\[` (the same word to bash) and the line parsed again."""
    root = parse(source)
    for _ in range(min(source.count("["), _MAX_REPARSES)):
        bad = _first_problem(root) if root.has_error else None
        test = _enclosing_test(bad)
        if test is None:
            break
        start = len(
            source.encode("utf-8", "surrogatepass")[: test.start_byte].decode("utf-8", "surrogatepass")
        )
        source = source[:start] + "\\" + source[start:]
        root = parse(source)
    return root


def _enclosing_test(node: Node | None) -> Node | None:
    while node is not None:
        if node.type == "test_command" and node.children and node.children[0].type == "[":
            return node
        node = node.parent
    return None


def text_of(node: Node) -> str:
    return (node.text or b"").decode("utf-8", "surrogatepass")


def syntax_error(root: Node, source: str) -> str | None:
    """The message bash would print for the first problem in the tree, or None when it parsed cleanly."""
    if _too_deep(root):
        return "bash: syntax error: expression nested too deeply\n"
    stray = _stray_keyword(root)
    if stray is not None:
        return f"bash: syntax error near unexpected token `{stray}'\n"
    if not root.has_error:
        return None
    bad = _first_problem(root)
    if bad is None:
        return None  # only problems bash finds later, when it runs the line (`$(( 1 + ))`)
    if bad.is_missing:
        token = bad.type
        if token == ")" and bad.parent is not None and bad.parent.type == "command_substitution":
            return "bash: unexpected EOF while looking for matching `)'\n"
        if token in _QUOTES:
            return _unmatched(token)
        return _END_OF_FILE
    leaves = _leaves(bad)
    first = text_of(leaves[0]) if leaves else ""
    if first[:1] in ("'", '"', "`") and not (len(first) > 1 and first[-1] == first[0]):
        return _unmatched(first[0])
    last = leaves[-1] if leaves else bad
    at_end = not source.encode("utf-8", "surrogatepass")[bad.end_byte :].strip()
    if at_end and first in _EXPANSION_CLOSERS:
        return f"bash: unexpected EOF while looking for matching `{_EXPANSION_CLOSERS[first]}'\n"
    if at_end and text_of(last) in _REDIRECTIONS:
        return "bash: syntax error near unexpected token `newline'\n"
    if first in ("for", "select") and len(leaves) > 1 and leaves[1].type != "variable_name":
        return f"bash: syntax error near unexpected token `{text_of(leaves[1])}'\n"
    token = text_of(last) or last.type
    if at_end and (last.type in _OPENERS or token in _OPENERS):
        return _END_OF_FILE
    shown = token.splitlines()[0] if token.strip() else "newline"
    return f"bash: syntax error near unexpected token `{shown}'\n"


def _unmatched(quote: str) -> str:
    opener = {")": "(", "}": "{", "]]": "[[", "))": "(("}.get(quote, quote)
    if opener in ("(", "{", "[[", "(("):
        return _END_OF_FILE
    return f"bash: unexpected EOF while looking for matching `{opener}'\n"


def _first_problem(root: Node) -> Node | None:
    """The first ERROR or MISSING node bash's parser would stop at; not inside a closed `$(( … ))`, whose
    text bash parses only when it expands it, nor an empty `for x in;` list, which bash allows."""
    stack = [root]
    while stack:
        node = stack.pop()
        if _closed_arithmetic(node) or _empty_for_list(node):
            continue
        if node.is_error or node.is_missing:
            return node
        stack.extend(child for child in reversed(node.children) if child.has_error or child.is_missing)
    return None


def _closed_arithmetic(node: Node) -> bool:
    last = node.children[-1] if node.children else None
    return (
        node.type == "arithmetic_expansion" and last is not None and last.type == "))" and not last.is_missing
    )


def _empty_for_list(node: Node) -> bool:
    parent = node.parent
    return node.is_error and parent is not None and parent.type == "for_statement" and text_of(node) == "in"


def _stray_keyword(root: Node) -> str | None:
    """A reserved word where a command name belongs (`fi`, `done` alone), which tree-sitter-bash reads as a
    command and bash refuses before running anything."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "command_name":
            word = node.children[0] if node.children else None
            if word is not None and word.type == "word" and text_of(word) in _STRAY_KEYWORDS:
                return text_of(word)
            continue
        stack.extend(reversed(node.children))
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
