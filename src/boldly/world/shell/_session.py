"""The shell session that outlives one command line: working directory, variables and arrays, kept in world
state.

Keeping them in `WorldState` means a forked world (the classifier's dry run) carries its own session.
"""

from __future__ import annotations

from boldly.world._world import World

SessionSnapshot = tuple[
    str, dict[str, str], dict[str, str], dict[str, dict[str, str]], list[str], dict[str, str]
]
PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


class Session:
    def __init__(self, world: World) -> None:
        self.state = world.state
        if not self.state.shell_cwd:
            self._start(world)

    def _start(self, world: World) -> None:
        agent = world.agent
        self.state.shell_cwd = agent.home
        self.state.shell_env = {
            "HOME": agent.home,
            "USER": agent.user,
            "LOGNAME": agent.user,
            "SHELL": "/bin/bash",
            "PATH": PATH,
            "PWD": agent.home,
            "LANG": "C.UTF-8",
            "TERM": "dumb",
            "HOSTNAME": world.seed.org.hostname,
            "MAIL": f"/var/mail/{agent.user}",
            "SHLVL": "1",
        }
        self.state.shell_vars = {}
        self.state.shell_arrays = {}
        self.state.shell_attributes = {}
        self.state.shell_associative = []

    @property
    def cwd(self) -> str:
        return self.state.shell_cwd

    def change_dir(self, path: str) -> None:
        self.set("OLDPWD", self.state.shell_cwd)
        self.state.shell_cwd = path
        self.set("PWD", path)

    def get(self, name: str) -> str | None:
        """A scalar's value; an array's element 0, as `$arr` is `${arr[0]}`."""
        env = self.state.shell_env
        if name in env:
            return env[name]
        array = self.state.shell_arrays.get(name)
        return array.get("0") if array is not None else self.state.shell_vars.get(name)

    def set(self, name: str, value: str) -> None:
        array = self.state.shell_arrays.get(name)
        if array is not None:
            array["0"] = value
        elif name in self.state.shell_env:
            self.state.shell_env[name] = value
        else:
            self.state.shell_vars[name] = value

    def export(self, name: str, value: str | None = None) -> None:
        current = self.state.shell_vars.pop(name, None)
        if value is None:
            value = self.state.shell_env.get(name, current)
        if value is not None:
            self.state.shell_env[name] = value

    def unexport(self, name: str) -> None:
        if name in self.state.shell_env:
            self.state.shell_vars[name] = self.state.shell_env.pop(name)

    def unset(self, name: str) -> None:
        self.state.shell_env.pop(name, None)
        self.state.shell_vars.pop(name, None)
        self.state.shell_arrays.pop(name, None)
        if name in self.state.shell_associative:
            self.state.shell_associative.remove(name)

    def has_attribute(self, name: str, letter: str) -> bool:
        """`r` (readonly) or `i` (integer), as `declare` set it."""
        return letter in self.state.shell_attributes.get(name, "")

    def give_attribute(self, name: str, letter: str) -> None:
        if not self.has_attribute(name, letter):
            self.state.shell_attributes[name] = self.state.shell_attributes.get(name, "") + letter

    def array(self, name: str) -> dict[str, str] | None:
        return self.state.shell_arrays.get(name)

    def associative(self, name: str) -> bool:
        return name in self.state.shell_associative

    def make_array(self, name: str, *, associative: bool = False) -> dict[str, str]:
        """The array called `name`, made from its scalar value (as element 0) if it is not one yet."""
        array = self.state.shell_arrays.get(name)
        if array is None:
            scalar = self.state.shell_env.pop(name, None) or self.state.shell_vars.pop(name, None)
            array = {"0": scalar} if scalar is not None and not associative else {}
            self.state.shell_arrays[name] = array
        if associative and name not in self.state.shell_associative:
            self.state.shell_associative.append(name)
        return array

    def elements(self, name: str) -> list[tuple[str, str]]:
        """An array's (key, value) pairs in bash's order (indexed: by index); a scalar is element 0."""
        array = self.state.shell_arrays.get(name)
        if array is None:
            value = self.get(name)
            return [] if value is None else [("0", value)]
        if self.associative(name):
            return list(array.items())
        return sorted(array.items(), key=lambda item: int(item[0]))

    def environment(self) -> dict[str, str]:
        return dict(self.state.shell_env)

    def variables(self) -> dict[str, str]:
        return {**self.state.shell_vars, **self.state.shell_env}

    def snapshot(self) -> SessionSnapshot:
        """For a subshell: whatever it changes is put back afterwards."""
        state = self.state
        arrays = {name: dict(values) for name, values in state.shell_arrays.items()}
        return (
            state.shell_cwd,
            dict(state.shell_env),
            dict(state.shell_vars),
            arrays,
            list(state.shell_associative),
            dict(state.shell_attributes),
        )

    def restore(self, snapshot: SessionSnapshot) -> None:
        state = self.state
        (
            state.shell_cwd,
            state.shell_env,
            state.shell_vars,
            state.shell_arrays,
            state.shell_associative,
            state.shell_attributes,
        ) = snapshot
