"""mktemp: a new file or directory with a unique name; the name is drawn from the world's state, so the same
actions give the same names."""

from __future__ import annotations

import hashlib
import posixpath
import string

from boldly.world._errors import WorldError
from boldly.world.shell._commands._registry import command
from boldly.world.shell._invocation import Invocation
from boldly.world.shell._options import Spec

_LETTERS = string.ascii_letters + string.digits
_SPEC = Spec(
    flags="dqtu",
    valued="p",
    long={"directory": "d", "quiet": "q", "dry-run": "u", "tmpdir": "p", "suffix": "suffix"},
    long_valued=frozenset({"suffix"}),
)


def _filled(template: str, attempt: str) -> str:
    """The template with its trailing run of X replaced by letters derived from `attempt`."""
    stem = template.rstrip("X")
    count = len(template) - len(stem)
    digest = hashlib.sha256(attempt.encode()).digest()
    return stem + "".join(_LETTERS[byte % len(_LETTERS)] for byte in digest[:count])


@command("mktemp")
def mktemp(inv: Invocation) -> int:
    options = inv.options(_SPEC)
    operands = options.operands
    template = operands[0] if operands else "tmp.XXXXXXXXXX"
    suffix = options.value("suffix") or ""
    directory = options.has("d")
    kind = "directory" if directory else "file"
    if len(template) - len(template.rstrip("X")) < 3:
        return inv.fail(f"too few X's in template '{template}'")
    base = options.value("p") or (
        inv.variable("TMPDIR") or "/tmp" if not operands or options.has("t") else ""
    )
    shown = posixpath.join(base, template) if base else template
    state = inv.world.state
    path = inv.path(_filled(shown, f"{state.seq}:{len(state.effects)}:{shown}") + suffix)
    if not options.has("u"):
        try:
            if directory:
                inv.world.make_dir(path, inv.user)
                inv.world.chmod(path, 0o700, inv.user)
            else:
                inv.world.write_file(path, "", inv.user)
                inv.world.chmod(path, 0o600, inv.user)
        except WorldError as error:
            if not options.has("q"):
                inv.fail(f"failed to create {kind} via template '{shown}{suffix}': {inv.reason(error)}")
            return 1
    inv.out(posixpath.join(posixpath.dirname(shown), posixpath.basename(path)) + "\n")
    return 0
