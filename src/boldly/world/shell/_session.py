"""The shell session that outlives one command line: working directory and variables, kept in world state.

Keeping them in `WorldState` means a forked world (the classifier's dry run) carries its own session.
"""

from __future__ import annotations

from boldly.world._world import World

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

    @property
    def cwd(self) -> str:
        return self.state.shell_cwd

    def change_dir(self, path: str) -> None:
        self.set("OLDPWD", self.state.shell_cwd)
        self.state.shell_cwd = path
        self.set("PWD", path)

    def get(self, name: str) -> str | None:
        env = self.state.shell_env
        return env[name] if name in env else self.state.shell_vars.get(name)

    def set(self, name: str, value: str) -> None:
        if name in self.state.shell_env:
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

    def environment(self) -> dict[str, str]:
        return dict(self.state.shell_env)

    def variables(self) -> dict[str, str]:
        return {**self.state.shell_vars, **self.state.shell_env}

    def snapshot(self) -> tuple[str, dict[str, str], dict[str, str]]:
        """For a subshell: whatever it changes is put back afterwards."""
        return self.state.shell_cwd, dict(self.state.shell_env), dict(self.state.shell_vars)

    def restore(self, snapshot: tuple[str, dict[str, str], dict[str, str]]) -> None:
        self.state.shell_cwd, self.state.shell_env, self.state.shell_vars = snapshot
