"""shuf: a shuffle that is the same every time the same action runs (seeded by the world's action number)."""

from __future__ import annotations

import hashlib
import random

from boldly.world.shell._commands._registry import command
from boldly.world.shell._invocation import Invocation
from boldly.world.shell._options import Spec, UsageError, count


@command("shuf")
def shuf(inv: Invocation) -> int:
    options = inv.options(
        Spec(
            flags="erz",
            valued="ni",
            long={"echo": "e", "input-range": "i", "head-count": "n", "repeat": "r"},
        )
    )
    if options.has("i"):
        low, _, high = (options.value("i") or "").partition("-")
        if not (low.isdigit() and high.isdigit()) or int(high) + 1 < int(low):
            raise UsageError(f"invalid input range: '{options.value('i')}'")
        lines = [str(n) for n in range(int(low), int(high) + 1)]
    elif options.has("e"):
        lines = list(options.operands)
    else:
        [(_operand, text)] = inv.inputs(options.operands[:1])
        if text is None:
            return 1
        lines = text.splitlines()
    seed = hashlib.sha256(f"{inv.world.state.seq}:shuf:{inv.args}".encode()).digest()
    chooser = random.Random(seed)
    limit = count(options.value("n"), "line count", len(lines))
    if options.has("r"):
        picked = [chooser.choice(lines) for _ in range(limit)] if lines else []
    else:
        chooser.shuffle(lines)
        picked = lines[:limit]
    inv.out("".join(line + "\n" for line in picked))
    return 0
