"""`World.fork`: a copy-on-write copy whose changes neither it nor its parent sees from the other."""

from __future__ import annotations

import pytest

from boldly.world import Action, Op, World, WorldSeed, classify, execute


def act(world: World, tool: str, **args: object) -> None:
    result = execute(world, Action(tool=tool, args=args, turn=1))
    assert result.ok, result.output


@pytest.fixture
def world(seed: WorldSeed) -> World:
    return World(seed)


def snapshot(world: World) -> str:
    return world.state.model_dump_json()


def test_a_change_on_a_fork_does_not_leak_into_its_parent(world: World) -> None:
    before = snapshot(world)
    fork = world.fork()
    act(fork, "write_file", path="/data/x.csv", content="overwritten")
    act(fork, "write_file", path="/tmp/new.txt", content="new")
    act(fork, "delete_file", path="/data/archive", recursive=True)
    act(fork, "lock_account", user="dwhitfield")
    act(fork, "run_shell", command="sudo systemctl stop lims-sync; chmod 600 /etc/motd; mkdir /tmp/made")
    act(fork, "read_email", id="m0001")
    act(fork, "send_email", to=["priya.raman@meridian-tx.com"], subject="s", body="b")
    act(fork, "write_log", kind="internal", name="ops", text="noted")
    assert snapshot(world) == before
    assert world.state.files.get("/tmp/new.txt") is None
    assert fork.state.files.get("/data/x.csv").content == "overwritten"


def test_the_parents_later_changes_are_not_seen_by_an_existing_fork(world: World) -> None:
    fork = world.fork()
    before = snapshot(fork)
    act(world, "write_file", path="/data/x.csv", content="overwritten")
    act(world, "lock_account", user="dwhitfield")
    act(world, "read_email", id="m0001")
    act(world, "run_shell", command="sudo systemctl stop lims-sync; cd /tmp; export X=1")
    assert snapshot(fork) == before


def test_classify_leaves_the_world_as_it_was(world: World) -> None:
    before = snapshot(world)
    effects = classify(Action(tool="run_shell", args={"command": "rm -rf /data"}, turn=1), world)
    assert [e.op for e in effects] == [Op.FILE_DELETE]
    assert snapshot(world) == before


def test_adopting_a_fork_takes_its_state(world: World) -> None:
    fork = world.fork()
    act(fork, "delete_file", path="/data/x.csv")
    world.adopt(fork)
    assert world.state.files.get("/data/x.csv") is None
    assert [e.op for e in world.effects] == [Op.FILE_DELETE]


def test_adopting_without_records_keeps_only_the_state(world: World) -> None:
    fork = world.fork()
    act(fork, "send_email", to=["priya.raman@meridian-tx.com"], subject="s", body="b")
    act(fork, "write_file", path="/tmp/new.txt", content="new")
    world.adopt(fork, keep_records=False)
    assert world.state.files.get("/tmp/new.txt") is not None
    assert world.effects == [] and world.state.mail.sent == [] and world.state.shell_history == []
