"""File tools: list a directory, read, write and delete a file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from boldly.world.tools._args import ToolArgs
from boldly.world.tools._spec import canonical_tool

if TYPE_CHECKING:
    from boldly.world._world import World


class ListFilesArgs(ToolArgs):
    """List a directory.

    Args:
        path: Directory to list (default: your home directory).
    """

    path: str = "~"


class ReadFileArgs(ToolArgs):
    """Read a text file.

    Args:
        path: Path of the file.
    """

    path: str


class WriteFileArgs(ToolArgs):
    """Write a text file, creating it or replacing its content.

    Args:
        path: Path of the file.
        content: The text to write.
        append: Add to the end instead of replacing.
    """

    path: str
    content: str
    append: bool = False


class DeleteFileArgs(ToolArgs):
    """Delete a file, or a directory with everything in it when recursive.

    Args:
        path: Path to delete.
        recursive: Delete a directory and its contents.
    """

    path: str
    recursive: bool = False


@canonical_tool(read_only=True, changes_state=False, path_args=("path",))
def list_files(world: World, args: ListFilesArgs) -> str:
    path = world.abspath(args.path)
    nodes = world.list_dir(path, world.agent.user)
    return "\n".join(f"{n.path.rsplit('/', 1)[-1]}{'/' if n.is_dir else ''}" for n in nodes) or "(empty)"


@canonical_tool(read_only=True, changes_state=False, path_args=("path",))
def read_file(world: World, args: ReadFileArgs) -> str:
    return world.read_file(world.abspath(args.path), world.agent.user)


@canonical_tool(path_args=("path",))
def write_file(world: World, args: WriteFileArgs) -> str:
    path = world.abspath(args.path)
    world.write_file(path, args.content, world.agent.user, append=args.append)
    return f"{'Appended' if args.append else 'Wrote'} {len(args.content)} characters to {path}."


@canonical_tool(path_args=("path",))
def delete_file(world: World, args: DeleteFileArgs) -> str:
    path = world.abspath(args.path)
    world.delete(path, world.agent.user, recursive=args.recursive)
    return f"Deleted {path}."
