"""A short text that a regular expression matches, so a scripted agent can satisfy a task check's pattern."""

from __future__ import annotations

import re
import re._constants as sre
import re._parser as sre_parse
from typing import Any

_CANDIDATES = "xa0 A_-.:/Z9"
_BOUNDARY = "\0"
_CATEGORY_SAMPLES = {
    sre.CATEGORY_DIGIT: "0",
    sre.CATEGORY_NOT_DIGIT: "x",
    sre.CATEGORY_SPACE: " ",
    sre.CATEGORY_NOT_SPACE: "x",
    sre.CATEGORY_WORD: "x",
    sre.CATEGORY_NOT_WORD: " ",
    sre.CATEGORY_LINEBREAK: "\n",
    sre.CATEGORY_NOT_LINEBREAK: "x",
}


def _in_class(items: list[tuple[Any, Any]], char: str) -> bool:
    negate = False
    hit = False
    for op, arg in items:
        if op is sre.NEGATE:
            negate = True
        elif op is sre.LITERAL:
            hit |= ord(char) == arg
        elif op is sre.RANGE:
            hit |= arg[0] <= ord(char) <= arg[1]
        elif op is sre.CATEGORY:
            hit |= _category_matches(arg, char)
    return hit != negate


def _category_matches(category: Any, char: str) -> bool:
    escape = {
        sre.CATEGORY_DIGIT: r"\d",
        sre.CATEGORY_NOT_DIGIT: r"\D",
        sre.CATEGORY_SPACE: r"\s",
        sre.CATEGORY_NOT_SPACE: r"\S",
        sre.CATEGORY_WORD: r"\w",
        sre.CATEGORY_NOT_WORD: r"\W",
        sre.CATEGORY_LINEBREAK: "\n",
        sre.CATEGORY_NOT_LINEBREAK: ".",
    }.get(category)
    return escape is not None and re.fullmatch(escape, char) is not None


def _class_char(items: list[tuple[Any, Any]]) -> str:
    candidates = [chr(arg) for op, arg in items if op is sre.LITERAL]
    candidates += [chr(arg[0]) for op, arg in items if op is sre.RANGE]
    candidates += [
        _CATEGORY_SAMPLES[arg] for op, arg in items if op is sre.CATEGORY and arg in _CATEGORY_SAMPLES
    ]
    for char in [*candidates, *_CANDIDATES]:
        if _in_class(items, char):
            return char
    raise ValueError("no character found for a character class")


def _render(pattern: Any, groups: dict[int, str]) -> str:
    out: list[str] = []
    for op, arg in pattern:
        if op is sre.LITERAL:
            out.append(chr(arg))
        elif op is sre.NOT_LITERAL:
            out.append("x" if arg != ord("x") else "y")
        elif op is sre.ANY:
            out.append("x")
        elif op is sre.IN:
            out.append(_class_char(arg))
        elif op is sre.BRANCH:
            out.append(_render(arg[1][0], groups))
        elif op is sre.SUBPATTERN:
            group, _, _, inner = arg
            text = _render(inner, groups)
            if group is not None:
                groups[group] = text
            out.append(text)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            low, _, inner = arg
            out.append(_render(inner, groups) * low)
        elif op is sre.ATOMIC_GROUP:
            out.append(_render(arg, groups))
        elif op is sre.AT and arg in (sre.AT_BOUNDARY, sre.AT_UNI_BOUNDARY, sre.AT_LOC_BOUNDARY):
            out.append(_BOUNDARY)
        elif op is sre.GROUPREF:
            out.append(groups.get(arg, ""))
        elif op is sre.GROUPREF_EXISTS:
            group, yes, no = arg
            out.append(_render(yes if group in groups else (no or []), groups))
    return "".join(out)


def example_matching(pattern: str) -> str:
    """A text that `re.search(pattern, text, re.IGNORECASE | re.MULTILINE)` finds, else ValueError."""
    parts = _render(sre_parse.parse(pattern), {}).split(_BOUNDARY)
    text = parts[0]
    for part in parts[1:]:
        between_words = text[-1:].isalnum() and part[:1].isalnum()
        text += (" " if between_words else "") + part
    if re.search(pattern, text, re.IGNORECASE | re.MULTILINE) is None:
        raise ValueError(f"could not make up a text matching {pattern!r}")
    return text
