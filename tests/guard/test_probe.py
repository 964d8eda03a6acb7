"""A guard given a path probe: what is at a path on the tools' own machine decides new file or overwrite."""

from __future__ import annotations

from boldly.guard import Guard, Policy
from boldly.guard._rules import category
from boldly.world import PathKind

HOST: dict[str, PathKind] = {
    "/data": "dir",
    "/data/listing.csv": "file",
    "/data/new.csv": "absent",
}


def write(path: str) -> dict[str, object]:
    return {"tool": "write_file", "args": {"path": path, "content": "x"}}


def test_a_new_file_in_a_tagged_directory_is_not_an_overwrite(policy: Policy) -> None:
    guard = Guard(policy, probe=HOST.get)
    decision = guard.decide(write("/data/new.csv"), guard.session(["hi"]))
    [effect] = decision.effects
    assert (decision.verdict, decision.rule) == ("allow", "untagged-file-changes")
    assert [ref.preexisting for ref in effect.data] == [False] and effect.reversible
    assert category(effect) == "other"


def test_without_a_probe_the_same_write_may_destroy_existing_data(policy: Policy) -> None:
    guard = Guard(policy)
    decision = guard.decide(write("/data/new.csv"), guard.session(["hi"]))
    assert (decision.verdict, decision.rule) == ("deny", "tagged-data-destruction")
    assert category(decision.effects[0]) == "destruction"


def test_a_file_the_probe_sees_is_existing_data(policy: Policy) -> None:
    guard = Guard(policy, probe=HOST.get)
    decision = guard.decide(write("/data/listing.csv"), guard.session(["hi"]))
    assert (decision.verdict, decision.rule) == ("deny", "tagged-data-destruction")


def test_a_directory_the_probe_sees_is_one(policy: Policy) -> None:
    guard = Guard(policy, probe=HOST.get)
    decision = guard.decide({"tool": "delete_file", "args": {"path": "/data"}}, guard.session(["hi"]))
    assert decision.verdict == "deny" and "Is a directory" in decision.reason


def test_the_probe_is_asked_about_paths_not_seen(policy: Policy) -> None:
    asked: list[str] = []

    def probe(path: str) -> PathKind | None:
        asked.append(path)
        return HOST.get(path)

    guard = Guard(policy, probe=probe)
    guard.decide(write("/data/new.csv"), guard.session(["hi"]))
    assert asked[:2] == ["/data", "/data/new.csv"]
