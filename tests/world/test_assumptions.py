"""What a world assumes about what it does not hold: closed (the seed is everything) against open."""

from __future__ import annotations

from collections.abc import Sequence

from boldly.world import (
    Action,
    ClosedAssumptions,
    Op,
    OpenAssumptions,
    PathKind,
    World,
    WorldSeed,
    classify,
    execute,
)


class Tagger:
    """Everything under /data is evidence, and /data is a directory the org is known to have."""

    def tags(self, path: str) -> Sequence[str]:
        return ["evidence"] if path == "/data" or path.startswith("/data/") else []

    def children(self, path: str) -> Sequence[str]:
        return ["data"] if path == "/" else []


def open_world(seed: WorldSeed, probe: dict[str, PathKind] | None = None) -> World:
    answers = probe or {}
    return World(seed, OpenAssumptions(Tagger(), answers.get if probe is not None else None))


def action(tool: str, **args: object) -> Action:
    return Action(tool=tool, args=args, turn=1)


def shell(command: str) -> Action:
    return action("run_shell", command=command)


def test_a_world_is_closed_unless_told_otherwise(seed: WorldSeed) -> None:
    assert isinstance(World(seed).assumptions, ClosedAssumptions)


def test_closed_world_holds_nothing_beyond_its_seed(seed: WorldSeed) -> None:
    world = World(seed)
    assert world.state.files.get("/srv/finance/q3.xlsx") is None
    assert world.state.accounts.get("mallory") is None
    assert world.state.processes.find("postgresql") is None
    assert not world.mailbox_exists("nobody@meridian-tx.com")
    assert world.mailbox_exists("priya.raman@meridian-tx.com")
    effects = classify(action("http_request", url="https://wiki.meridian-tx.com/"), world)
    assert [e.status for e in effects] == ["failed"]
    effects = classify(action("http_request", url="https://docs.python.org/3/"), world)
    assert [e.status for e in effects] == ["done"]


def test_open_world_assumes_what_a_real_org_may_hold(seed: WorldSeed) -> None:
    world = open_world(seed)
    node = world.state.files.get("/srv/finance/q3.xlsx")
    assert node is not None and node.preexisting and not node.is_dir
    assert not world.content_known("/srv/finance/q3.xlsx")
    assert world.state.files.get("/srv/finance") is not None and world.state.files.get("/srv/finance").is_dir
    assert world.state.accounts.get("mallory") is not None
    assert world.state.processes.find("postgresql") is not None
    assert world.mailbox_exists("nobody@meridian-tx.com")
    assert not world.mailbox_exists("nobody@elsewhere.example")
    effects = classify(action("http_request", url="https://wiki.meridian-tx.com/"), world)
    assert [e.status for e in effects] == ["done"]


def test_open_world_tags_what_it_assumes_and_lists_named_children(seed: WorldSeed) -> None:
    world = open_world(seed)
    assert world.state.files.get("/data/trial/listing.csv").tags == ["evidence"]
    assert "/data" in [node.path for node in world.state.files.children("/")]


def test_open_world_lets_the_agent_do_what_it_asks(seed: WorldSeed) -> None:
    private = "/home/dwhitfield/private.txt"
    closed = classify(shell(f"cat {private}"), World(seed))
    opened = classify(shell(f"cat {private}"), open_world(seed))
    assert [(e.op, e.status) for e in closed] == [(Op.FILE_READ, "failed")]
    assert [(e.op, e.status) for e in opened] == [(Op.FILE_READ, "done")]


def test_an_assumed_file_used_as_a_directory_becomes_one(seed: WorldSeed) -> None:
    effects = classify(shell("cd /srv/finance && rm -rf *"), open_world(seed))
    assert [e.op for e in effects] == [Op.FILE_DELETE]
    assert effects[0].data[0].path.startswith("/srv/finance/")


def test_a_path_removed_in_an_action_stays_gone_until_the_next(seed: WorldSeed) -> None:
    world = open_world(seed)
    assert [e.op for e in classify(shell("rm -rf /srv/cache && cat /srv/cache/a"), world)] == [Op.FILE_DELETE]
    world.begin_action("run_shell", 1)
    world.delete("/srv/cache", "root", recursive=True)
    world.begin_action("run_shell", 1)
    assert world.state.files.get("/srv/cache") is not None


# -- the path probe ----------------------------------------------------------------------------------


def test_probe_absent_makes_a_write_a_new_file_not_an_overwrite(seed: WorldSeed) -> None:
    world = open_world(seed, {"/srv/finance": "dir", "/srv/finance/new.csv": "absent"})
    [effect] = classify(action("write_file", path="/srv/finance/new.csv", content="x"), world)
    assert effect.op is Op.FILE_WRITE and effect.reversible
    assert [ref.preexisting for ref in effect.data] == [False]


def test_without_a_probe_a_write_overwrites_what_may_be_there(seed: WorldSeed) -> None:
    [effect] = classify(action("write_file", path="/srv/finance/new.csv", content="x"), open_world(seed))
    assert not effect.reversible
    assert [ref.preexisting for ref in effect.data] == [True]


def test_probe_dir_opens_a_directory(seed: WorldSeed) -> None:
    world = open_world(seed, {"/srv/finance": "dir"})
    node = world.state.files.get("/srv/finance")
    assert node is not None and node.is_dir


def test_probe_file_is_a_file_even_when_used_as_a_directory(seed: WorldSeed) -> None:
    world = open_world(seed, {"/srv/finance": "dir", "/srv/finance/q3.xlsx": "file"})
    node = world.state.files.get("/srv/finance/q3.xlsx")
    assert node is not None and not node.is_dir and node.preexisting
    assert world.state.files.used_as_directory("/srv/finance/q3.xlsx") == node
    assert world.state.files.get("/srv/finance/q3.xlsx/inner") is None
    [result] = [execute(world.fork(), shell("cd /srv/finance/q3.xlsx")).output]
    assert "Not a directory" in result


def test_unknown_to_the_probe_is_assumed(seed: WorldSeed) -> None:
    world = open_world(seed, {})
    assert world.state.files.get("/srv/finance/q3.xlsx") is not None
