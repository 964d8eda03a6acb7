"""The one error the world raises: a refusal the agent sees as its tool's error message."""


class WorldError(Exception):
    """An action the world refuses (no such file, permission denied...); the message is for the agent."""
