"""Backslash escapes as `echo -e`, `printf` and `$'...'` decode them."""

from __future__ import annotations

from typing import Literal

_SIMPLE = {
    "a": "\a",
    "b": "\b",
    "e": "\x1b",
    "E": "\x1b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
}
_QUOTING = {"\\": "\\", "'": "'", '"': '"', "?": "?"}
_HEX_DIGITS = {"x": 2, "u": 4, "U": 8}

Style = Literal["echo", "printf", "ansi"]


def decode(text: str, *, style: Style) -> tuple[str, bool]:
    """Decode escapes; returns the text and whether `\\c` asked to stop all further output.

    echo writes octal as `\\0NNN`, printf and `$'...'` as `\\NNN`; only `$'...'` unescapes quotes.
    """
    out: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c != "\\" or i + 1 >= len(text):
            out.append(c)
            i += 1
            continue
        nxt = text[i + 1]
        if nxt == "c" and style != "ansi":
            return "".join(out), True
        if nxt in _HEX_DIGITS:
            digits = _take(text, i + 2, _HEX_DIGITS[nxt], "0123456789abcdefABCDEF")
            if digits:
                out.append(chr(min(int(digits, 16), 0x10FFFF)))
                i += 2 + len(digits)
                continue
        elif nxt in "01234567" and (style != "echo" or nxt == "0"):
            start = i + 2 if style == "echo" else i + 1
            digits = _take(text, start, 3, "01234567") or "0"
            out.append(chr(int(digits, 8) & 0xFF))
            i = start + (len(digits) if text[start : start + 1] in tuple("01234567") else 0)
            continue
        elif nxt in _SIMPLE:
            out.append(_SIMPLE[nxt])
            i += 2
            continue
        elif nxt == "\\" or (style == "ansi" and nxt in _QUOTING):
            out.append(_QUOTING[nxt])
            i += 2
            continue
        out.append(c + nxt)
        i += 2
    return "".join(out), False


def _take(text: str, start: int, limit: int, allowed: str) -> str:
    end = start
    while end < len(text) and end - start < limit and text[end] in allowed:
        end += 1
    return text[start:end]
