"""The interpreter: walks tree-sitter-bash's syntax tree and runs each command through the command table.

Every stage of a pipeline runs to completion before the next starts; a pipe is a string. Subshells,
pipeline stages and command substitutions run on a copy of the session that is put back afterwards.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from tree_sitter import Node

from boldly.world._errors import WorldError
from boldly.world._files import Node as FileNode
from boldly.world._world import World
from boldly.world.shell._arith import Arithmetic, ArithmeticFailure
from boldly.world.shell._commands import COMMANDS, CommandSpec
from boldly.world.shell._expand import Expander, ExpansionError, FatalExpansion, glob_regex
from boldly.world.shell._flow import ExitSignal, LoopControl, ReturnSignal
from boldly.world.shell._identity import home_of, uid_of
from boldly.world.shell._invocation import FileProblem, Invocation
from boldly.world.shell._limits import (
    MAX_COMMANDS,
    MAX_DEPTH,
    MAX_LOOP,
    MAX_SOURCE,
    ShellAbort,
    check_size,
    timed_out,
)
from boldly.world.shell._options import UsageError
from boldly.world.shell._redirects import RedirectError, extra_words, open_redirects
from boldly.world.shell._session import Session, SessionSnapshot
from boldly.world.shell._source import Heredoc, prepare
from boldly.world.shell._streams import Capture, Descriptors, Input, Sink
from boldly.world.shell._syntax import parse, parse_script, syntax_error, text_of
from boldly.world.shell._test import TestFailure, evaluate

PROGRAM_DIRECTORIES = ("/bin", "/usr/bin", "/sbin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_KEYED_ELEMENT = re.compile(r"^\[([^\]]*)\]=(.*)$", re.S)
_ELEMENT_NAME = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\[(.+)\]$", re.S)
_TEST_WORDS = {
    "word", "string", "raw_string", "ansi_c_string", "translated_string", "concatenation", "simple_expansion",
    "expansion", "command_substitution", "arithmetic_expansion", "number", "extglob_pattern", "regex",
}  # fmt: skip
_STATIC_VARIABLES = {
    "BASH": "/bin/bash",
    "BASH_VERSION": "5.2.21(1)-release",
    "OSTYPE": "linux-gnu",
    "HOSTTYPE": "x86_64",
    "MACHTYPE": "x86_64-pc-linux-gnu",
    "PPID": "1",
    "SECONDS": "0",
    "LINENO": "1",
    "IFS": " \t\n",
}

Snapshot = tuple[SessionSnapshot, dict[str, Node], list[str]]


class Interpreter:
    """One command line's run: the session it works on, and what it needs while running (functions,
    positional parameters, here-documents, the files read so far for provenance)."""

    def __init__(self, world: World, stdout: Sink, stderr: Sink) -> None:
        self.world = world
        self.session = Session(world)
        self.user = world.agent.user
        self.terminal = Descriptors(Input(), {1: stdout, 2: stderr})
        self.heredocs: dict[str, Heredoc] = {}
        self.status = 0
        self.positional: list[str] = []
        self.pipe_statuses: list[int] = [0]
        self.rematch: list[str] = []
        self.options: set[str] = set()
        self.errexit_exempt = 0
        self.list_tail_ran = True
        self.script_name = "bash"
        self.functions: dict[str, Node] = {}
        self.local_frames: list[dict[str, str | None]] = []
        self.loops = 0
        self.depth = 0
        self.commands = 0
        self.reads: list[set[str]] = [set()]
        self.var_sources: dict[str, set[str]] = {}
        self.virtual_files: dict[str, str] = {}
        self.substitution_status: int | None = None
        self.current = self.terminal
        self.random_calls = 0
        self.pid = 4000 + len(world.state.shell_history)
        self.expander = Expander(self)
        self.arith = Arithmetic(self)
        self._handlers: dict[str, Callable[[Node, Descriptors, tuple[Node, ...]], int]] = {
            "do_group": self._block_node,
            "list": self._list,
            "pipeline": self._pipeline,
            "redirected_statement": self._redirected,
            "command": self._simple,
            "variable_assignment": self._assignments,
            "variable_assignments": self._assignments,
            "declaration_command": self._declaration,
            "unset_command": self._unset,
            "subshell": self._subshell,
            "compound_statement": self._compound,
            "if_statement": self._if,
            "while_statement": self._while,
            "for_statement": self._for,
            "c_style_for_statement": self._c_for,
            "case_statement": self._case,
            "function_definition": self._function,
            "negated_command": self._negated,
            "test_command": self._test,
        }

    # -- running source ------------------------------------------------------------------------------

    def run_source(self, source: str, fds: Descriptors) -> int:
        """Parse and run a script (the command line, `sh -c`, `eval`, `source`); syntax errors exit 2."""
        if len(source) > MAX_SOURCE:
            fds.stderr.write("bash: argument list too long\n")
            return 126
        prepared = prepare(source, len(self.heredocs))
        self.heredocs.update(prepared.heredocs)
        for warning in prepared.warnings:
            fds.stderr.write(warning)
        root = parse_script(prepared.source)
        error = syntax_error(root, prepared.source)
        if error is not None:
            fds.stderr.write(error)
            self.status = 2
            return 2
        return self.block(root.children, fds)

    def run_script(
        self,
        source: str,
        args: list[str],
        fds: Descriptors,
        *,
        name: str = "bash",
        env: dict[str, str] | None = None,
    ) -> int:
        """Run a script file or `sh -c` text as a child shell: its own `$0`, positional parameters and
        variables (`env` adds exported ones); `exit` ends only the script, and nothing leaks back."""
        with self.nested():
            snapshot = self.snapshot()
            saved_name = self.script_name
            self.positional, self.script_name = args, name
            for variable, value in (env or {}).items():
                if self.session.get(variable) != value:
                    self.session.export(variable, value)
            try:
                return self.run_source(source, fds)
            except ExitSignal as signal:
                return signal.status
            finally:
                self.script_name = saved_name
                self.restore(snapshot)

    def block(self, nodes: list[Node], fds: Descriptors) -> int:
        status = self.status
        for node in nodes:
            if node.is_named and node.type != "comment":
                status = self.execute(node, fds)
                self._exit_on_error(node, status)
        return status

    def _exit_on_error(self, node: Node, status: int) -> None:
        """`set -e`: a failed statement ends the shell, unless it was tested (`if`, `while`, `!`, a
        non-final part of `&&`/`||`)."""
        if not status or "errexit" not in self.options or self.errexit_exempt:
            return
        if node.type == "negated_command" or (node.type == "list" and not self.list_tail_ran):
            return
        raise ExitSignal(status)

    @contextmanager
    def tested(self) -> Iterator[None]:
        """Run a command whose status is tested, so `set -e` does not apply inside it."""
        self.errexit_exempt += 1
        try:
            yield
        finally:
            self.errexit_exempt -= 1

    def execute(self, node: Node, fds: Descriptors, redirects: tuple[Node, ...] = ()) -> int:
        handler = self._handlers.get(node.type)
        if handler is None:
            token = (text_of(node).split() or [node.type])[0]
            fds.stderr.write(f"bash: syntax error near unexpected token `{token}'\n")
            status = 2
        else:
            try:
                status = handler(node, fds, redirects)
                if node.type in ("command", "test_command"):
                    self.pipe_statuses = [status]
            except ExpansionError as error:
                fds.stderr.write(f"{error}\n")
                status = 1
            except ArithmeticFailure as error:
                fds.stderr.write(f"bash: {error}\n")
                status = 1
            except FatalExpansion as error:
                fds.stderr.write(f"bash: {error}\n")
                raise ExitSignal(error.status) from None
        self.status = status
        return status

    @contextmanager
    def nested(self) -> Iterator[None]:
        if self.depth >= MAX_DEPTH:
            raise ShellAbort(f"bash: maximum nesting level exceeded ({MAX_DEPTH})\n", 1)
        self.depth += 1
        try:
            yield
        finally:
            self.depth -= 1

    def snapshot(self) -> Snapshot:
        return self.session.snapshot(), dict(self.functions), list(self.positional)

    def restore(self, snapshot: Snapshot) -> None:
        session, self.functions, self.positional = snapshot
        self.session.restore(session)

    def _count(self) -> None:
        self.commands += 1
        if self.commands > MAX_COMMANDS:
            raise timed_out(f"{MAX_COMMANDS} commands")

    # -- lists and pipelines -------------------------------------------------------------------------

    def _block_node(self, node: Node, fds: Descriptors, redirects: tuple[Node, ...]) -> int:
        return self._redirecting(redirects, fds, lambda inner: self.block(node.children, inner))

    def _list(self, node: Node, fds: Descriptors, redirects: tuple[Node, ...]) -> int:
        parts = node.children
        statements = [c for c in parts if c.is_named and c.type != "comment"]
        operators = [text_of(c) for c in parts if not c.is_named]
        with self.tested():
            status = self.execute(statements[0], fds, redirects if len(statements) == 1 else ())
        tail_ran = len(statements) == 1
        for index, (operator, statement) in enumerate(zip(operators, statements[1:], strict=False), start=1):
            if (operator == "&&") == (status == 0):
                last = index == len(statements) - 1
                if last:
                    status = self.execute(statement, fds, redirects)
                else:
                    with self.tested():
                        status = self.execute(statement, fds)
                tail_ran = last
        self.list_tail_ran = tail_ran
        return status

    def _pipeline(self, node: Node, fds: Descriptors, redirects: tuple[Node, ...]) -> int:
        stages = [c for c in node.children if c.is_named and c.type != "comment"]
        joins = [text_of(c) for c in node.children if not c.is_named]
        stdin = fds.stdin
        statuses: list[int] = []
        for index, stage in enumerate(stages):
            last = index == len(stages) - 1
            snapshot = self.snapshot() if len(stages) > 1 else None
            try:
                if last:
                    statuses.append(self.execute(stage, fds.with_input(stdin), redirects))
                else:
                    pipe = Capture()
                    both = index < len(joins) and joins[index] == "|&"
                    stage_fds = Descriptors(stdin, {**fds.outputs, 1: pipe, 2: pipe if both else fds.stderr})
                    statuses.append(self.execute(stage, stage_fds))
                    stdin = Input(pipe.text, pipe.sources)
            except ExitSignal as signal:
                statuses.append(signal.status)
            finally:
                if snapshot is not None:
                    self.restore(snapshot)
        self.pipe_statuses = statuses
        if "pipefail" in self.options:
            return next((status for status in reversed(statuses) if status), 0)
        return statuses[-1] if statuses else 0

    def _redirected(self, node: Node, fds: Descriptors, redirects: tuple[Node, ...]) -> int:
        body = node.child_by_field_name("body")
        own = tuple(
            c
            for i, c in enumerate(node.children)
            if node.field_name_for_child(i) == "redirect" or c.type == "herestring_redirect"
        )
        if body is None:
            return self._simple(None, fds, (*own, *redirects))
        return self.execute(body, fds, (*own, *redirects))

    def _redirecting(
        self, redirects: tuple[Node, ...], fds: Descriptors, body: Callable[[Descriptors], int]
    ) -> int:
        if not redirects:
            return body(fds)
        try:
            inner, opened = open_redirects(self, list(redirects), fds)
        except RedirectError as error:
            fds.stderr.write(str(error))
            return 1
        try:
            return body(inner)
        finally:
            self._close(opened, fds)

    def _close(self, opened: list[Sink], fds: Descriptors) -> None:
        for sink in opened:
            try:
                sink.close()
            except WorldError as error:
                fds.stderr.write(f"bash: {error}\n")

    # -- simple commands -----------------------------------------------------------------------------

    def _simple(
        self, node: Node | None, fds: Descriptors, redirects: tuple[Node, ...], words: list[str] | None = None
    ) -> int:
        self._count()
        self.reads.append(set())
        self.substitution_status = None
        outer = self.current
        self.current = fds
        opened: list[Sink] = []
        try:
            words = list(words or [])
            assignments: list[Node] = []
            inline: list[Node] = []
            for index, child in enumerate(node.children if node is not None else []):
                field = node.field_name_for_child(index) if node is not None else None
                if child.type == "variable_assignment":
                    assignments.append(child)
                elif field == "redirect" or child.type.endswith("_redirect"):
                    inline.append(child)
                elif field in ("name", "argument"):
                    words.extend(self.expander.fields(child))
            all_redirects = [*inline, *redirects]
            for redirect in all_redirects:
                for extra in extra_words(redirect):
                    words.extend(self.expander.fields(extra))
            values = [self._assignment_value(a) for a in assignments] if words else []
            try:
                local, opened = open_redirects(self, all_redirects, fds)
            except RedirectError as error:
                fds.stderr.write(str(error))
                return 1
            if not words:
                for assignment in assignments:
                    self._assign_node(assignment)
                return self.substitution_status or 0
            overlay = dict(values)
            status = self.dispatch(words, local, overlay)
            local.stdout.absorb(self.reads[-1] | local.stdin.sources)
            return status
        except ExpansionError as error:
            fds.stderr.write(f"{error}\n")
            return 1
        except RedirectError as error:
            fds.stderr.write(str(error))
            return 1
        except ArithmeticFailure as error:
            fds.stderr.write(f"bash: {error}\n")
            return 1
        finally:
            self._close(opened, fds)
            self.reads.pop()
            self.current = outer

    def dispatch(self, words: list[str], fds: Descriptors, overlay: dict[str, str] | None = None) -> int:
        """Run a command by name: a function, a builtin, a program, or a script by path."""
        name, args = words[0], words[1:]
        if name in self.functions:
            return self._call_function(name, args, fds)
        spec = COMMANDS.get(name)
        if spec is None and "/" in name:
            return self._run_path(name, args, fds, self.user, overlay or {})
        if spec is None:
            fds.stderr.write(f"bash: {name}: command not found\n")
            return 127
        return self.invoke(spec, words, fds, self.user, overlay or {})

    def find_program(self, name: str) -> CommandSpec | None:
        """A command that exists as a program (what sudo, env, xargs and find -exec can run)."""
        if "/" in name and posixpath.dirname(name) in PROGRAM_DIRECTORIES:
            name = posixpath.basename(name)
        spec = COMMANDS.get(name)
        return spec if spec is not None and spec.directory is not None else None

    def run_program(
        self,
        words: list[str],
        *,
        stdin: Input,
        stdout: Sink,
        stderr: Sink,
        user: str,
        overlay: dict[str, str] | None = None,
    ) -> int:
        """Run `words` as a program (or a script by path) with the given streams, user and extra variables.

        Returns 127 without a message when there is no such program: sudo, env and xargs word it themselves.
        """
        self._count()
        fds = Descriptors(stdin, {1: stdout, 2: stderr})
        spec = self.find_program(words[0])
        if spec is None:
            if "/" in words[0] and posixpath.dirname(words[0]) not in PROGRAM_DIRECTORIES:
                return self._run_path(words[0], words[1:], fds, user, overlay or {})
            return 127
        return self.invoke(spec, words, fds, user, overlay or {})

    @contextmanager
    def acting_as(self, user: str) -> Iterator[None]:
        """Run shell code (a `sudo bash -c` script) as another user: redirections and commands use it."""
        saved = self.user
        self.user = user
        try:
            yield
        finally:
            self.user = saved

    def invoke(
        self, spec: CommandSpec, words: list[str], fds: Descriptors, user: str, overlay: dict[str, str]
    ) -> int:
        name = posixpath.basename(words[0])
        invocation = Invocation(
            self, name, words[1:], user, self.environment(overlay, user), fds.stdin, fds.stdout, fds.stderr
        )
        try:
            return spec.function(invocation)
        except UsageError as error:
            invocation.err(f"{name}: {error}\nTry '{name} --help' for more information.\n")
            return 2 if name in ("ls", "grep", "find", "curl", "wget") else 1
        except re.error:
            return invocation.fail("invalid regular expression", 2)
        except (ValueError, OverflowError):
            return invocation.fail("invalid argument")
        except FileProblem as problem:
            return invocation.fail(problem.reason)
        except WorldError as error:
            return invocation.fail(str(error))
        except TestFailure as error:
            return invocation.fail(str(error), 2)

    def environment(self, overlay: dict[str, str], user: str) -> dict[str, str]:
        env = {**self.session.environment(), **overlay}
        agent = self.world.agent.user
        if user != agent:
            home = home_of(self.world, user) or "/"
            env.update(USER=user, LOGNAME=user, HOME=home, SUDO_USER=agent, MAIL=f"/var/mail/{user}")
        return env

    def _run_path(
        self, name: str, args: list[str], fds: Descriptors, user: str, overlay: dict[str, str]
    ) -> int:
        path = self.world.abspath(name, self.session.cwd)
        if posixpath.dirname(path) in PROGRAM_DIRECTORIES and self.find_program(posixpath.basename(path)):
            spec = self.find_program(posixpath.basename(path))
            assert spec is not None
            return self.invoke(spec, [path, *args], fds, user, overlay)
        node = self.world.state.files.get(path)
        if node is None:
            fds.stderr.write(f"bash: {name}: No such file or directory\n")
            return 127
        if node.is_dir:
            fds.stderr.write(f"bash: {name}: Is a directory\n")
            return 126
        if not self.world.permits(node, user, 1):
            fds.stderr.write(f"bash: {name}: Permission denied\n")
            return 126
        try:
            source = self.world.read_file(path, user)
        except WorldError:
            fds.stderr.write(f"bash: {name}: Permission denied\n")
            return 126
        self.note_read(path)
        return self.run_script(source, args, fds, name=name, env=self.environment(overlay, user))

    def _call_function(self, name: str, args: list[str], fds: Descriptors) -> int:
        body = self.functions[name]
        with self.nested():
            saved = self.positional
            self.positional = args
            self.local_frames.append({})
            try:
                return self.execute(body, fds)
            except ReturnSignal as signal:
                return signal.status
            finally:
                for variable, value in self.local_frames.pop().items():
                    if value is None:
                        self.session.unset(variable)
                    else:
                        self.session.set(variable, value)
                self.positional = saved

    # -- assignments and declarations ----------------------------------------------------------------

    def _assignment_value(self, node: Node) -> tuple[str, str]:
        name_node = node.child_by_field_name("name")
        value_node = node.child_by_field_name("value")
        name = text_of(name_node.child_by_field_name("name") or name_node) if name_node is not None else ""
        if name_node is not None and name_node.type == "subscript":
            name = text_of(name_node.child_by_field_name("name") or name_node)
        if value_node is None:
            value = ""
        elif value_node.type == "array":
            value = " ".join(f for child in value_node.named_children for f in self.expander.fields(child))
        else:
            value = self.expander.word(value_node)
        if any(text_of(c) == "+=" for c in node.children if not c.is_named):
            if self.session.has_attribute(name, "i"):
                value = str(
                    self.arithmetic_text(self.variable(name) or "0") + self.arithmetic_text(value or "0")
                )
            else:
                value = (self.variable(name) or "") + value
        return name, value

    def _assign_node(self, node: Node, *, associative: bool = False) -> None:
        """`x=v`, `x+=v`, `arr[k]=v`, `arr=(a b)`, `arr+=(c)`, `map=([k]=v)`."""
        name_node = node.child_by_field_name("name")
        value_node = node.child_by_field_name("value")
        appending = any(text_of(c) == "+=" for c in node.children if not c.is_named)
        if name_node is not None and name_node.type == "subscript":
            name = text_of(name_node.child_by_field_name("name") or name_node)
            key = self.expander.subscript_key(name_node)
            value = self.expander.word(value_node) if value_node is not None else ""
            array = self.session.make_array(name)
            array[key] = check_size(array.get(key, "") + value if appending else value)
            return
        if value_node is not None and value_node.type == "array" and name_node is not None:
            self._assign_array(text_of(name_node), value_node, associative=associative, appending=appending)
            return
        name, value = self._assignment_value(node)
        self.assign(name, value)

    def _assign_array(self, name: str, value_node: Node, *, associative: bool, appending: bool) -> None:
        associative = associative or self.session.associative(name)
        array = self.session.make_array(name, associative=associative)
        if not appending:
            array.clear()
        following = max((int(key) for key in array), default=-1) + 1 if not associative else 0
        for child in value_node.named_children:
            keyed = (
                _KEYED_ELEMENT.match(self.expander.word(child)) if text_of(child).startswith("[") else None
            )
            if keyed is not None:
                key = keyed.group(1) if associative else str(self.arithmetic_text(keyed.group(1)))
                array[key] = check_size(keyed.group(2))
                following = int(key) + 1 if not associative else following
                continue
            for value in self.expander.fields(child):
                array[str(following)] = check_size(value)
                following += 1

    def _assignments(self, node: Node, fds: Descriptors, redirects: tuple[Node, ...]) -> int:
        if node.type == "variable_assignments":
            return self._simple(node, fds, redirects)
        name = node.child_by_field_name("name")
        if name is not None and name.type == "variable_name" and not _IDENTIFIER.match(text_of(name)):
            return self._simple(None, fds, redirects, words=self.expander.fields(node))  # `1x=y` is a command
        self._count()
        self.reads.append(set())
        self.substitution_status = None
        try:
            self._assign_node(node)
            return self.substitution_status or 0
        except (ExpansionError, ArithmeticFailure) as error:
            fds.stderr.write(f"{error}\n")
            return 1
        finally:
            self.reads.pop()

    def _declaration(self, node: Node, fds: Descriptors, redirects: tuple[Node, ...]) -> int:
        keyword = text_of(node.children[0])
        flags: list[str] = []
        targets: list[tuple[str, str | None]] = []
        self.reads.append(set())
        try:
            for child in node.named_children:
                value_node = (
                    child.child_by_field_name("value") if child.type == "variable_assignment" else None
                )
                if value_node is not None and value_node.type == "array":
                    associative = any("A" in flag for flag in flags if flag.startswith("-"))
                    self._assign_node(child, associative=associative)
                    targets.append((text_of(child.child_by_field_name("name") or child), None))
                elif child.type == "variable_assignment":
                    targets.append(self._assignment_value(child))
                elif child.type == "variable_name":
                    targets.append((text_of(child), None))
                else:
                    for word in self.expander.fields(child):
                        if word[:1] in "-+" and len(word) > 1:
                            flags.append(word)
                        else:
                            name, has_value, value = word.partition("=")
                            targets.append((name, value if has_value else None))
            return self._redirecting(
                redirects, fds, lambda inner: self.declare(keyword, flags, targets, inner)
            )
        except (ExpansionError, ArithmeticFailure) as error:
            fds.stderr.write(f"{error}\n")
            return 1
        finally:
            self.reads.pop()

    def declare(
        self, keyword: str, flags: list[str], targets: list[tuple[str, str | None]], fds: Descriptors
    ) -> int:
        letters = "".join(f[1:] for f in flags if f.startswith("-"))
        exporting = keyword == "export" or "x" in letters
        if not targets:
            listing = self.session.environment() if exporting else self.session.variables()
            prefix = "declare -x" if exporting else "declare --"
            for name in sorted(listing):
                fds.stdout.write(f'{prefix} {name}="{listing[name]}"\n')
            return 0
        if keyword == "local" and not self.local_frames:
            fds.stderr.write("bash: local: can only be used in a function\n")
            return 1
        status = 0
        for name, value in targets:
            if not _IDENTIFIER.match(name):
                shown = name if value is None else f"{name}={value}"
                fds.stderr.write(f"bash: {keyword}: `{shown}': not a valid identifier\n")
                status = 1
                continue
            if value is not None and self.session.has_attribute(name, "r"):
                fds.stderr.write(f"bash: {keyword}: {name}: readonly variable\n")
                status = 1
                continue
            if keyword == "local":
                self.local_frames[-1].setdefault(name, self.session.get(name))
            if keyword == "export" and "n" in letters:
                self.session.unexport(name)
                continue
            if "A" in letters or "a" in letters:
                self.session.make_array(name, associative="A" in letters)
            if "i" in letters:
                self.session.give_attribute(name, "i")
            if value is not None:
                self.assign(name, value)
            elif keyword == "local":
                self.assign(name, "")
            if "r" in letters or keyword == "readonly":
                self.session.give_attribute(name, "r")
            if exporting:
                self.session.export(name)
        return status

    def _unset(self, node: Node, fds: Descriptors, redirects: tuple[Node, ...]) -> int:
        names = [w for child in node.named_children for w in self.expander.fields(child)]
        functions = "-f" in names
        for name in names:
            if name.startswith("-"):
                continue
            element = _ELEMENT_NAME.match(name)
            if functions:
                self.functions.pop(name, None)
            elif element is not None:
                self._unset_element(element.group(1), element.group(2))
            else:
                self.session.unset(name)
                self.var_sources.pop(name, None)
        return 0

    def _unset_element(self, name: str, key: str) -> None:
        array = self.session.array(name)
        if array is None:
            return
        if not self.session.associative(name):
            number = self.arithmetic_text(key)
            key = str(number + max(map(int, array), default=-1) + 1 if number < 0 else number)
        array.pop(key, None)

    # -- compound commands ---------------------------------------------------------------------------

    def _subshell(self, node: Node, fds: Descriptors, redirects: tuple[Node, ...]) -> int:
        def run(inner: Descriptors) -> int:
            snapshot = self.snapshot()
            try:
                return self.block(node.children, inner)
            except ExitSignal as signal:
                return signal.status
            finally:
                self.restore(snapshot)

        return self._redirecting(redirects, fds, run)

    def _compound(self, node: Node, fds: Descriptors, redirects: tuple[Node, ...]) -> int:
        if node.children and node.children[0].type == "((":
            self._count()
            try:
                return 0 if self.arith.evaluate(node) else 1
            except ArithmeticFailure as error:
                fds.stderr.write(f"bash: ((: {error}\n")
                return 1
            except ExpansionError as error:
                fds.stderr.write(f"{error}\n")
                return 1
        return self._redirecting(redirects, fds, lambda inner: self.block(node.children, inner))

    def _if(self, node: Node, fds: Descriptors, redirects: tuple[Node, ...]) -> int:
        def run(inner: Descriptors) -> int:
            clauses = [_clause(node.children)]
            otherwise: list[Node] = []
            for child in node.children:
                if child.type == "elif_clause":
                    clauses.append(_clause(child.children))
                elif child.type == "else_clause":
                    otherwise = [c for c in child.named_children if c.type != "comment"]
            for condition, body in clauses:
                with self.tested():
                    passed = self.block(condition, inner) == 0
                if passed:
                    return self.block(body, inner)
            return self.block(otherwise, inner) if otherwise else 0

        return self._redirecting(redirects, fds, run)

    def _loop_body(self, body: Node | None, fds: Descriptors) -> str:
        """Run one iteration; returns "break", "continue" or "" (and re-raises outer-level controls)."""
        if body is None:
            return ""
        self.loops += 1
        try:
            self.execute(body, fds)
        except LoopControl as control:
            if control.levels > 1:
                control.levels -= 1
                raise
            return control.kind
        finally:
            self.loops -= 1
        return ""

    def _while(self, node: Node, fds: Descriptors, redirects: tuple[Node, ...]) -> int:
        def run(inner: Descriptors) -> int:
            until = node.children[0].type == "until"
            condition = [
                c
                for i, c in enumerate(node.children)
                if node.field_name_for_child(i) == "condition" and c.is_named
            ]
            body = node.child_by_field_name("body")
            status = 0
            for _ in range(MAX_LOOP):
                with self.tested():
                    passed = self.block(condition, inner) == 0
                if passed == until:
                    return status
                if self._loop_body(body, inner) == "break":
                    return self.status
                status = self.status
            raise timed_out(f"{MAX_LOOP} loop iterations")

        return self._redirecting(redirects, fds, run)

    def _for(self, node: Node, fds: Descriptors, redirects: tuple[Node, ...]) -> int:
        def run(inner: Descriptors) -> int:
            variable = node.child_by_field_name("variable")
            body = node.child_by_field_name("body")
            has_in = any(c.type == "in" or (c.is_error and text_of(c) == "in") for c in node.children)
            values_nodes = [c for i, c in enumerate(node.children) if node.field_name_for_child(i) == "value"]
            try:
                values = (
                    [f for v in values_nodes for f in self.expander.fields(v)] if has_in else self.positional
                )
            except ExpansionError as error:
                inner.stderr.write(f"{error}\n")
                return 1
            status = 0
            for count, value in enumerate(values):
                if count >= MAX_LOOP:
                    raise timed_out(f"{MAX_LOOP} loop iterations")
                self.assign(text_of(variable) if variable is not None else "_", value)
                if self._loop_body(body, inner) == "break":
                    break
                status = self.status
            return status

        return self._redirecting(redirects, fds, run)

    def _c_for(self, node: Node, fds: Descriptors, redirects: tuple[Node, ...]) -> int:
        def run(inner: Descriptors) -> int:
            parts = {
                field: node.child_by_field_name(field) for field in ("initializer", "condition", "update")
            }
            body = node.child_by_field_name("body")
            try:
                if parts["initializer"] is not None:
                    self.arith.evaluate(parts["initializer"])
                for _ in range(MAX_LOOP):
                    if parts["condition"] is not None and not self.arith.evaluate(parts["condition"]):
                        return 0
                    if self._loop_body(body, inner) == "break":
                        return 0
                    if parts["update"] is not None:
                        self.arith.evaluate(parts["update"])
            except (ArithmeticFailure, ExpansionError) as error:
                inner.stderr.write(f"bash: {error}\n")
                return 1
            raise timed_out(f"{MAX_LOOP} loop iterations")

        return self._redirecting(redirects, fds, run)

    def _case(self, node: Node, fds: Descriptors, redirects: tuple[Node, ...]) -> int:
        def run(inner: Descriptors) -> int:
            value_node = node.child_by_field_name("value")
            subject = self.expander.word(value_node) if value_node is not None else ""
            for item in (c for c in node.children if c.type == "case_item"):
                patterns = [c for i, c in enumerate(item.children) if item.field_name_for_child(i) == "value"]
                if any(glob_regex(self.expander.pattern(p)).match(subject) for p in patterns):
                    body = [
                        c
                        for i, c in enumerate(item.children)
                        if c.is_named and item.field_name_for_child(i) != "value" and c.type != "comment"
                    ]
                    return self.block(body, inner)
            return 0

        return self._redirecting(redirects, fds, run)

    def _function(self, node: Node, fds: Descriptors, redirects: tuple[Node, ...]) -> int:
        name = node.child_by_field_name("name")
        body = node.child_by_field_name("body")
        if name is not None and body is not None:
            self.functions[text_of(name)] = body
        return 0

    def _negated(self, node: Node, fds: Descriptors, redirects: tuple[Node, ...]) -> int:
        inner = [c for c in node.named_children if c.type != "comment"]
        with self.tested():
            return 0 if (self.execute(inner[-1], fds, redirects) if inner else 0) else 1

    def _test(self, node: Node, fds: Descriptors, redirects: tuple[Node, ...]) -> int:
        self._count()
        extended = node.children[0].type == "[[" if node.children else False
        tokens: list[str] = []

        def walk(current: Node) -> None:
            if current.type in _TEST_WORDS:
                if extended and current.type in ("regex", "extglob_pattern"):
                    tokens.append(text_of(current))
                elif extended:
                    tokens.append(self.expander.word(current))
                else:
                    tokens.extend(self.expander.fields(current))
            elif current.child_count == 0:
                tokens.append(text_of(current))
            else:
                for child in current.children:
                    walk(child)

        def run(inner: Descriptors) -> int:
            try:
                for child in node.children[1:-1]:
                    walk(child)
                return 0 if evaluate(tokens, self, extended=extended) else 1
            except TestFailure as error:
                inner.stderr.write(f"bash: {'[[' if extended else '['}: {error}\n")
                return 2
            except (ExpansionError, ArithmeticFailure) as error:
                inner.stderr.write(f"{error}\n")
                return 1

        return self._redirecting(redirects, fds, run)

    # -- what expansion and tests ask of the shell ---------------------------------------------------

    @property
    def cwd(self) -> str:
        return self.session.cwd

    def variable(self, name: str) -> str | None:
        special = self._special(name)
        if special is not None:
            return special
        value = self.session.get(name)
        if value is None:
            return self._dynamic(name)
        sources = self.var_sources.get(name)
        if sources:
            self.reads[-1].update(sources)
        return value

    def variable_names(self) -> list[str]:
        """Every set variable's name, sorted (`${!prefix*}`, `set`)."""
        names = {*self.session.variables(), *self.world.state.shell_arrays, *_STATIC_VARIABLES, "UID", "EUID"}
        return sorted(names)

    def _special(self, name: str) -> str | None:
        if name == "?":
            return str(self.status)
        if name == "$":
            return str(self.pid)
        if name == "#":
            return str(len(self.positional))
        if name in ("@", "*"):
            return " ".join(self.positional)
        if name in ("PIPESTATUS", "BASH_REMATCH"):
            elements = self.elements(name)
            return elements[0][1] if elements else None
        if name == "0":
            return self.script_name
        if name.isdigit():
            index = int(name)
            return self.positional[index - 1] if 0 < index <= len(self.positional) else None
        if name == "!":
            return ""
        if name == "-":
            return "hB"
        return None

    def elements(self, name: str) -> list[tuple[str, str]]:
        if name == "PIPESTATUS":
            return [(str(i), str(status)) for i, status in enumerate(self.pipe_statuses)]
        if name == "BASH_REMATCH":
            return [(str(i), group) for i, group in enumerate(self.rematch)]
        return self.session.elements(name)

    def associative(self, name: str) -> bool:
        return self.session.associative(name)

    def remember_match(self, groups: list[str]) -> None:
        self.rematch = groups

    def _dynamic(self, name: str) -> str | None:
        if name == "RANDOM":
            self.random_calls += 1
            digest = hashlib.sha256(
                f"{self.world.state.seq}:{self.pid}:{self.random_calls}".encode()
            ).digest()
            return str(int.from_bytes(digest[:2], "big") & 0x7FFF)
        if name in ("UID", "EUID"):
            return str(uid_of(self.world, self.user))
        return _STATIC_VARIABLES.get(name)

    def assign(self, name: str, value: str) -> None:
        if not _IDENTIFIER.match(name):
            raise ExpansionError(f"bash: {name}: not a valid identifier")
        if self.session.has_attribute(name, "r"):
            raise FatalExpansion(f"{name}: readonly variable", 1)
        if self.session.has_attribute(name, "i"):
            value = str(self.arithmetic_text(value)) if value.strip() else "0"
        self.session.set(name, check_size(value))
        sources = set(self.reads[-1])
        if sources:
            self.var_sources[name] = sources
        else:
            self.var_sources.pop(name, None)

    def assign_array(self, name: str, values: list[str]) -> None:
        """`read -a`, `mapfile`: the indexed array `name` holds exactly `values`."""
        if not _IDENTIFIER.match(name):
            raise ExpansionError(f"bash: {name}: not a valid identifier")
        self.session.unset(name)
        array = self.session.make_array(name)
        array.update((str(index), check_size(value)) for index, value in enumerate(values))
        sources = set(self.reads[-1])
        if sources:
            self.var_sources[name] = sources

    def note_read(self, path: str) -> None:
        self.reads[-1].add(path)

    def substitute(self, node: Node) -> str:
        capture = Capture()
        fds = Descriptors(Input(), {1: capture, 2: self.current.stderr})
        statements = [c for c in node.named_children if c.type != "comment"]
        with self.nested():
            snapshot = self.snapshot()
            try:
                if len(statements) == 1 and statements[0].type == "file_redirect":
                    inner, _ = open_redirects(self, statements, fds)
                    capture.write(inner.stdin.read_all())
                    capture.absorb(inner.stdin.sources)
                    status = 0
                else:
                    status = self.block(statements, fds)
            except ExitSignal as signal:
                status = signal.status
            except RedirectError as error:
                fds.stderr.write(str(error))
                status = 1
            finally:
                self.restore(snapshot)
        self.substitution_status = status
        self.status = status
        self.reads[-1].update(capture.sources)
        return capture.text.rstrip("\n")

    def process_substitution(self, node: Node) -> str:
        path = f"/dev/fd/{63 - len(self.virtual_files)}"
        if node.children and node.children[0].type == ">(":
            return path
        self.virtual_files[path] = ""
        self.virtual_files[path] = self.substitute(node) + "\n"
        return path

    def arithmetic(self, node: Node) -> int:
        return self.arith.evaluate(node)

    def arithmetic_text(self, text: str) -> int:
        root = parse(f"(( {text} ))")
        statement = root.named_children[0] if root.named_children else None
        if root.has_error or statement is None:
            raise ArithmeticFailure(f"{text}: syntax error in expression")
        return self.arith.evaluate(statement)

    def expand(self, node: Node) -> str:
        return self.expander.word(node)

    def home_of(self, user: str) -> str | None:
        return home_of(self.world, user)

    def glob(self, pattern: str) -> list[str]:
        return self.world.state.files.glob(pattern) if pattern != "/" else []

    def lookup(self, operand: str) -> FileNode | None:
        return self.world.state.files.get(self.world.abspath(operand, self.session.cwd))

    def permitted(self, node: FileNode, bit: int) -> bool:
        return self.world.permits(node, self.user, bit)


def _clause(children: list[Node]) -> tuple[list[Node], list[Node]]:
    """Split `if`/`elif` children into condition and body at `then`."""
    condition: list[Node] = []
    body: list[Node] = []
    seen_then = False
    for child in children:
        if child.type == "then":
            seen_then = True
        elif child.is_named and child.type not in ("elif_clause", "else_clause", "comment"):
            (body if seen_then else condition).append(child)
    return condition, body
