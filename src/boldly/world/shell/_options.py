"""GNU-style option parsing for commands: clustered short flags, `--long[=value]`, `--`, permutation."""

from __future__ import annotations

from dataclasses import dataclass, field


class UsageError(Exception):
    """A bad option; the message is what GNU tools print after `cmd: `."""


@dataclass(frozen=True)
class Spec:
    """`flags` and `valued` are short option letters; `long` maps long names to a short letter or a key.

    A long name whose key is in `valued` (or listed in `long_valued`) takes a value. Options are looked up
    by key: the short letter, or the long name when it has no short form.
    """

    flags: str = ""
    valued: str = ""
    long: dict[str, str] = field(default_factory=dict)
    long_valued: frozenset[str] = frozenset()
    stop_at_operand: bool = False


@dataclass
class Options:
    items: list[tuple[str, str | None]] = field(default_factory=list)
    operands: list[str] = field(default_factory=list)

    def has(self, key: str) -> bool:
        return any(k == key for k, _ in self.items)

    def count(self, key: str) -> int:
        return sum(k == key for k, _ in self.items)

    def value(self, key: str, default: str | None = None) -> str | None:
        found = [v for k, v in self.items if k == key]
        return found[-1] if found else default

    def values(self, key: str) -> list[str]:
        return [v for k, v in self.items if k == key and v is not None]


def count(value: str | None, what: str, default: int = 0) -> int:
    """A non-negative integer option value; a bad one is a usage error worded like coreutils'."""
    if value is None or value == "":
        return default
    if not value.isdigit():
        raise UsageError(f"invalid {what}: '{value}'")
    return int(value)


def parse(args: list[str], spec: Spec) -> Options:
    options = Options()
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--":
            options.operands.extend(args[i:])
            break
        if arg.startswith("--"):
            i = _long(arg, args, i, spec, options)
        elif arg.startswith("-") and len(arg) > 1:
            i = _short(arg, args, i, spec, options)
        elif spec.stop_at_operand:
            options.operands.extend(args[i - 1 :])
            break
        else:
            options.operands.append(arg)
    return options


def _long(arg: str, args: list[str], i: int, spec: Spec, options: Options) -> int:
    name, has_value, value = arg[2:].partition("=")
    matches = [n for n in spec.long if n == name] or [n for n in spec.long if n.startswith(name)]
    if len(matches) != 1:
        problem = "unrecognized" if not matches else "ambiguous"
        raise UsageError(f"{problem} option '--{name}'")
    key = spec.long[matches[0]]
    takes_value = key in spec.valued or matches[0] in spec.long_valued
    if takes_value and not has_value:
        if i >= len(args):
            raise UsageError(f"option '--{matches[0]}' requires an argument")
        value = args[i]
        i += 1
    elif not takes_value and has_value:
        raise UsageError(f"option '--{matches[0]}' doesn't allow an argument")
    options.items.append((key, value if takes_value else None))
    return i


def _short(arg: str, args: list[str], i: int, spec: Spec, options: Options) -> int:
    for k, letter in enumerate(arg[1:], start=1):
        if letter in spec.valued:
            value = arg[k + 1 :]
            if not value:
                if i >= len(args):
                    raise UsageError(f"option requires an argument -- '{letter}'")
                value = args[i]
                i += 1
            options.items.append((letter, value))
            return i
        if letter not in spec.flags:
            raise UsageError(f"invalid option -- '{letter}'")
        options.items.append((letter, None))
    return i
