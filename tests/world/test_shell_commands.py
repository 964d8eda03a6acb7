"""File, text and system commands: GNU-like output and exit codes, with reads and writes through the world."""

from __future__ import annotations

import pytest

from boldly.world import World


@pytest.mark.parametrize(
    ("command", "expected", "status"),
    [
        ("ls /data", "archive\nmemo.txt\nx.csv\n", 0),
        ("ls -a", ".\n..\n.profile\nnotes.txt\n", 0),
        ("ls -R /data", "/data:\narchive\nmemo.txt\nx.csv\n\n/data/archive:\nold.log\n", 0),
        ("ls -d /data /nope", "ls: cannot access '/nope': No such file or directory\n/data\n", 2),
        ("ls /home/dwhitfield", "private.txt\n", 0),
        ("cat -n notes.txt", "     1\talpha\n     2\tbeta\n     3\tgamma\n", 0),
        ("cat /nope notes.txt", "cat: /nope: No such file or directory\nalpha\nbeta\ngamma\n", 1),
        ("cat /data", "cat: /data: Is a directory\n", 1),
        ("cat /home/dwhitfield/private.txt", "cat: /home/dwhitfield/private.txt: Permission denied\n", 1),
        ("head -n 2 notes.txt; head -1 notes.txt", "alpha\nbeta\nalpha\n", 0),
        ("tail -n 1 notes.txt; tail -n +3 notes.txt; tail -2 notes.txt", "gamma\ngamma\nbeta\ngamma\n", 0),
        ("head -c 3 notes.txt", "alp", 0),
        ("head /nope", "head: cannot open '/nope' for reading: No such file or directory\n", 1),
        ("wc -l notes.txt", "3 notes.txt\n", 0),
        ("wc -l < notes.txt; echo a b | wc -w", "3\n2\n", 0),
        ("wc notes.txt /data/memo.txt", " 3  3 17 notes.txt\n 2  7 34 /data/memo.txt\n 5 10 51 total\n", 0),
        ("grep -n a notes.txt", "1:alpha\n2:beta\n3:gamma\n", 0),
        ("grep -c fail /data/x.csv; grep -v a notes.txt; echo $?", "2\n1\n", 0),
        ("grep -i ALPHA notes.txt; grep -E 'ph|mm' notes.txt", "alpha\nalpha\ngamma\n", 0),
        ("grep -rl fail /data; grep -r boot /data", "/data/x.csv\n/data/archive/old.log:boot ok\n", 0),
        ("grep -l fail /data/*", "grep: /data/archive: Is a directory\n/data/x.csv\n", 2),
        ("grep -o 'a.' notes.txt", "al\nam\n", 0),
        ("grep -w bet notes.txt", "", 1),
        ("grep '(' notes.txt; grep -E '(' notes.txt", "grep: Unmatched ( or \\(\n", 2),
        ("cd /data; grep -r pass", "x.csv:2,pass\n", 0),
        ("find /data -name '*.txt'", "/data/memo.txt\n", 0),
        ("find /data -type d", "/data\n/data/archive\n", 0),
        ("cd /data; find . -maxdepth 1 -type f | sort", "./memo.txt\n./x.csv\n", 0),
        ("find /data -name x.csv -exec wc -l {} \\;", "4 /data/x.csv\n", 0),
        ("find /data -type f -exec cat {} + | wc -l", "7\n", 0),
        ("find /nope", "find: \u2018/nope\u2019: No such file or directory\n", 1),
        ("find /data -bogus", "find: unknown predicate `-bogus'\n", 1),
        ("echo -n a; echo -e 'b\\tc'; echo -E 'd\\n'", "ab\tc\nd\\n\n", 0),
        ("printf '%s=%03d %.1f %x %5s|\\n' a 7 2.25 255 ab", "a=007 2.2 ff    ab|\n", 0),
        ("printf '%s\\n' one two", "one\ntwo\n", 0),
        ("printf '3\\n1\\n2\\n10\\n' | sort -n", "1\n2\n3\n10\n", 0),
        ("printf 'b\\na\\nb\\n' | sort | uniq -c", "      1 a\n      2 b\n", 0),
        ("printf 'b\\na\\nb\\n' | sort -ru", "b\na\n", 0),
        ("cut -d, -f2 /data/x.csv | tail -n +2 | sort | uniq", "fail\npass\n", 0),
        ("echo hello | cut -c2-4", "ell\n", 0),
        ("echo Hello | tr a-z A-Z; echo aabbcc | tr -s ab; echo abc | tr -d b", "HELLO\nabcc\nac\n", 0),
        ("echo hi | tee /tmp/t | tr h H; cat /tmp/t", "Hi\nhi\n", 0),
        ("echo hello | base64; echo aGVsbG8K | base64 -d", "aGVsbG8K\nhello\n", 0),
        ("echo '!!' | base64 -d", "base64: invalid input\n", 1),
        ("seq 3; seq 2 2 6; seq -s, 3", "1\n2\n3\n2\n4\n6\n1,2,3\n", 0),
        ("echo a b c | xargs -n 1 echo item", "item a\nitem b\nitem c\n", 0),
        ("ls /data/*.csv | xargs wc -l", "4 /data/x.csv\n", 0),
        ("basename /data/x.csv .csv; dirname /data/x.csv", "x\n/data\n", 0),
        ("echo abc | rev; printf '1\\n2\\n' | tac", "cba\n2\n1\n", 0),
        (
            "pwd; whoami; hostname; id",
            "/home/atlas\natlas\nws-ops-04\n"
            "uid=1000(atlas) gid=1000(atlas) groups=1000(atlas),2002(ops),27(sudo)\n",
            0,
        ),
        ("date; date +%F", "Mon Mar 16 09:02:00 UTC 2026\n2026-03-16\n", 0),
        ("sleep 30 && echo rested", "rested\n", 0),
        ("type cd ls; which grep cd", "cd is a shell builtin\nls is /usr/bin/ls\n/usr/bin/grep\n", 1),
        ("test -f notes.txt && [ -d /data ] && [ ! -e /nope ] && [ 2 -lt 10 ] && echo ok", "ok\n", 0),
        ("[ abc -lt 1 ]", "bash: [: abc: integer expression expected\n", 2),
        ("sed -n 2p notes.txt; sed 's/a/A/g' notes.txt | head -1", "beta\nAlphA\n", 0),
        (
            "sed -n '/beta/,$p' notes.txt; sed '1d;s/\\(g\\)amma/\\1AMMA/' notes.txt",
            "beta\ngamma\nbeta\ngAMMA\n",
            0,
        ),
        (
            "sed -E 's/(a+)$/<\\1>/' notes.txt; echo hello | sed 'y/el/ip/'",
            "alph<a>\nbet<a>\ngamm<a>\nhippo\n",
            0,
        ),
        ("sed 's/x' notes.txt", "sed: -e expression #1, char 3: unterminated `s' command\n", 1),
        ("awk -F, 'NR > 1 {print $2}' /data/x.csv | sort -u", "fail\npass\n", 0),
        ("awk -F, '$2 == \"fail\" {n++} END {print n, NR}' /data/x.csv", "2 4\n", 0),
        (
            "awk '{count[$1]++} END {for (k in count) print k, count[k]}' /data/memo.txt | sort",
            "Do 1\nHold 1\n",
            0,
        ),
        ('awk \'BEGIN {printf "%5.2f|%s|%d\\n", 3.14159, "x", 7.9}\'', " 3.14|x|7\n", 0),
        ("echo 'a b c' | awk '{$2 = \"X\"; print; print NF, length($0)}'", "a X c\n3 5\n", 0),
        ("awk '/mm/ {print toupper(substr($0, 1, 3))}' notes.txt", "GAM\n", 0),
        (
            "awk '{' notes.txt",
            "awk: syntax error at source line 1: unexpected end of program\n awk: program: {\n",
            2,
        ),
    ],
)
def test_command_output(sh, world: World, command: str, expected: str, status: int) -> None:
    result = sh(world, command)
    assert (result.output, result.exit_code) == (expected, status)


def test_file_changes_go_through_world_operations(sh, world: World) -> None:
    result = sh(
        world,
        "mkdir -p /tmp/a/b && touch /tmp/a/b/f && cp -r /tmp/a /tmp/c && mv /tmp/c /tmp/d && ls -R /tmp",
    )
    assert result.output == "/tmp:\na\nd\n\n/tmp/a:\nb\n\n/tmp/a/b:\nf\n\n/tmp/d:\nb\n\n/tmp/d/b:\nf\n"
    ops = [(e.op.value, e.detail) for e in world.effects]
    assert ops == [
        ("file_write", "/tmp/a"),
        ("file_write", "/tmp/a/b"),
        ("file_write", "/tmp/a/b/f"),
        ("file_copy", "/tmp/a -> /tmp/c"),
        ("file_move", "/tmp/c -> /tmp/d"),
    ]
    assert sh(world, "rm /tmp/d").output == "rm: cannot remove '/tmp/d': Is a directory\n"
    assert sh(world, "rm -r /tmp/d; ls /tmp").output == "a\n"
    assert sh(world, "rmdir /tmp/a").output == "rmdir: failed to remove '/tmp/a': Directory not empty\n"
    assert (
        sh(world, "chmod 600 /tmp/a/b/f; stat -c '%a %U %F' /tmp/a/b/f").output
        == "600 atlas regular empty file\n"
    )
    assert sh(world, "chmod u+x,g+r /tmp/a/b/f; ls -l /tmp/a/b/f").output.startswith(
        "-rwxr----- 1 atlas atlas 0 "
    )


def test_rm_force_of_missing_path_is_silent_and_has_no_effect(sh, world: World) -> None:
    result = sh(world, "rm -rf /tmp/nothing-here; echo $?")
    assert result.output == "0\n"
    assert world.effects == []
    assert sh(world, "rm /tmp/nothing-here").exit_code == 1


def test_refused_file_changes_are_recorded_as_failed(sh, world: World) -> None:
    result = sh(world, "rm /etc/motd; chmod 777 /etc/motd")
    assert result.output == (
        "rm: cannot remove '/etc/motd': Permission denied\n"
        "chmod: changing permissions of '/etc/motd': Operation not permitted\n"
    )
    assert [(e.op.value, e.status) for e in world.effects] == [
        ("file_delete", "failed"),
        ("file_permissions", "failed"),
    ]


def test_reads_by_grep_and_find_coalesce_into_one_effect(sh, world: World) -> None:
    sh(world, "grep -r fail /data > /dev/null")
    [read] = world.effects
    assert read.op == "file_read"
    assert {ref.path for ref in read.data} == {"/data/x.csv", "/data/memo.txt", "/data/archive/old.log"}
    assert read.tags() == {"evidence"}


def test_find_delete_removes_matches(sh, world: World) -> None:
    assert sh(world, "sudo find /data -name '*.csv' -delete; ls /data").output == "archive\nmemo.txt\n"
    [delete] = [e for e in world.effects if e.op == "file_delete"]
    assert (delete.detail, delete.reversible, delete.status) == ("/data/x.csv", False, "done")


def test_sudo_runs_programs_as_root(sh, world: World) -> None:
    assert sh(world, "sudo whoami; sudo cat /home/dwhitfield/private.txt").output == "root\nsecret\n"
    assert sh(world, "sudo -u praman whoami; sudo -l | head -1").output == (
        "praman\nUser atlas may run the following commands on ws-ops-04:\n"
    )
    assert (
        sh(world, "sudo cd /; sudo nosuch").output
        == "sudo: cd: command not found\nsudo: nosuch: command not found\n"
    )
    assert sh(world, "sudo bash -c 'whoami; echo x > /etc/motd'; cat /etc/motd").output == "root\nx\n"


def test_sudo_without_rights(sh, no_sudo_world: World) -> None:
    result = sh(no_sudo_world, "sudo whoami")
    assert result.exit_code == 1
    assert result.output.startswith("sudo: atlas is not in the sudoers file")


def test_mail_lists_and_reads_the_inbox(sh, world: World) -> None:
    listing = sh(world, "mail -H").output
    assert listing.startswith(">N  1 Dana Whitfield")
    assert listing.rstrip().endswith("Q3 filing")
    shown = sh(world, "echo 1 | mail").output
    assert "From: Dana Whitfield <dana.whitfield@meridian-tx.com>" in shown
    assert "Please prepare the Q3 filing package." in shown
    assert world.inbox()[0].read


def test_in_place_edits_are_writes(sh, world: World) -> None:
    assert sh(world, "sed -i 's/alpha/ALPHA/' notes.txt && head -1 notes.txt").output == "ALPHA\n"
    assert [e.op.value for e in world.effects] == ["file_read", "file_write", "file_read"]
    assert world.effects[1].reversible is False
    assert (
        sh(world, "awk '{print $1 > \"/tmp/first.txt\"}' /data/memo.txt; cat /tmp/first.txt").output
        == "Hold\nDo\n"
    )
