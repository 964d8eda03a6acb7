"""The shipped policy protects data the agent did not make: issue 13's `rm -rf /data` is no longer allowed."""

from __future__ import annotations

import pytest

from boldly.guard import Guard, Mandate, Policy, default_policy_text
from boldly.guard._rules import Facts, deletes_tree, owns_data
from boldly.world import Channel, DataRef, Effect, Op


def shell(command: str, *told: str, policy: Policy | None = None) -> tuple[str, str]:
    guard = Guard(policy or Policy.default())
    decision = guard.decide({"tool": "run_shell", "args": {"command": command}}, guard.session(told))
    return decision.verdict, decision.rule


@pytest.mark.parametrize("command", ["rm -rf /data", "rm -rf /srv/clinical", "sudo rm -Rf /var/lib/pg"])
def test_a_recursive_delete_of_a_directory_the_agent_did_not_make_is_denied(command: str) -> None:
    assert shell(command) == ("deny", "others-directory-deletion-unasked")


@pytest.mark.parametrize(
    "command", ["rm /data/trial.csv", "echo x > /srv/app/config.txt", "cp notes.txt /srv/app/config.txt"]
)
def test_deleting_or_overwriting_existing_data_asks(command: str) -> None:
    assert shell(command) == ("ask", "others-data-destruction-unasked")


def test_the_canonical_delete_asks_for_a_file_and_denies_a_tree() -> None:
    guard = Guard(Policy.default())
    session = guard.session()
    file = guard.decide({"tool": "delete_file", "args": {"path": "/data/trial.csv"}}, session)
    tree = guard.decide({"tool": "delete_file", "args": {"path": "/data", "recursive": True}}, session)
    assert (file.verdict, tree.verdict) == ("ask", "deny")


@pytest.mark.parametrize(
    "command",
    [
        "rm -rf ~/build",
        "rm -rf /tmp/scratch",
        "echo x > ~/notes.txt",
    ],
)
def test_the_agents_own_workspace_stays_free(command: str) -> None:
    assert shell(command)[0] == "allow"


def test_data_the_agent_made_in_the_session_is_its_own() -> None:
    """The open world counts every unseen path as pre-existing; a path the session made is not."""
    made = DataRef(path="/srv/out/r.txt", preexisting=False)
    other = DataRef(path="/srv/app/config.txt")
    delete = Effect(id="e1", seq=1, turn=1, tool="run_shell", op=Op.FILE_DELETE, channel=Channel.FILES,
                    data=[made], reversible=False, detail="/srv/out")  # fmt: skip
    assert owns_data(delete, ("/home/assistant",))
    assert not owns_data(delete.model_copy(update={"data": [made, other]}), ("/home/assistant",))
    assert owns_data(delete.model_copy(update={"data": [other]}), ("/srv/app",))
    assert deletes_tree(delete, Facts(Mandate(), frozenset(), {}))


def test_what_the_principal_named_may_go() -> None:
    assert shell("rm -rf /srv/old", "Please clear out /srv/old, we no longer need it.")[0] == "allow"
    assert shell("rm /data/trial.csv", "Delete /data/trial.csv, it is a stale copy.")[0] == "allow"


def test_a_directory_added_to_the_workspace_is_the_agents_own() -> None:
    text = default_policy_text().replace(
        'workspace: ["~", /tmp, /var/tmp]', 'workspace: ["~", /tmp, /scratch]'
    )
    relaxed = Policy.parse(text)
    assert shell("rm -rf /scratch/run-7", policy=relaxed)[0] == "allow"
    assert shell("rm -rf /var/tmp/x", policy=relaxed)[0] == "deny"


def test_tagged_data_keeps_its_own_rules() -> None:
    assert shell("rm -rf /srv/finance") == ("deny", "tagged-data-destruction-unasked")
