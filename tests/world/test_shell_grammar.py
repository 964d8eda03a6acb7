"""The shell language: lists, pipes, redirections, quoting, expansions, here-documents, loops, limits."""

from __future__ import annotations

import pytest

from boldly.world import World
from boldly.world.shell import ShellResult


def output(sh, world: World, command: str) -> str:
    result: ShellResult = sh(world, command)
    return result.output


@pytest.mark.parametrize(
    ("command", "expected", "status"),
    [
        ("echo a | tr a b", "b\n", 0),
        ("true && echo yes || echo no", "yes\n", 0),
        ("false && echo yes || echo no", "no\n", 0),
        ("echo one; echo two", "one\ntwo\n", 0),
        ("echo one\necho two\n", "one\ntwo\n", 0),
        ("false; echo $?", "1\n", 0),
        ("false", "", 1),
        ("! false", "", 0),
        ("echo 'single $HOME' \"double $USER\" \\$USER a\\ b", "single $HOME double atlas $USER a b\n", 0),
        ('x=5; y="${x}0"; echo $y ${x}', "50 5\n", 0),
        ('echo "$(echo inner) `echo back`"', "inner back\n", 0),
        ("echo $(echo $(echo nested))", "nested\n", 0),
        ("echo ~ ~/notes.txt", "/home/atlas /home/atlas/notes.txt\n", 0),
        ("echo *.txt /data/*.csv", "notes.txt /data/x.csv\n", 0),
        ("echo /data/[mx]*", "/data/memo.txt /data/x.csv\n", 0),
        ("echo /data/?.csv", "/data/x.csv\n", 0),
        ("echo nomatch*", "nomatch*\n", 0),
        ('echo "*.txt"', "*.txt\n", 0),
        ("echo {a,b}.txt {1..3}", "a.txt b.txt 1 2 3\n", 0),
        ("echo $((2 + 3 * 4)) $((2**10)) $((7 / 2))", "14 1024 3\n", 0),
        (
            "x=hello; echo ${#x} ${x^^} ${x:1:3} ${x%lo} ${x/l/L} ${unset:-dflt}",
            "5 HELLO ell hel heLlo dflt\n",
            0,
        ),
        ("echo $'tab\\there'", "tab\there\n", 0),
        ("a=' x  y '; echo [$a] \"[$a]\"", "[ x y ] [ x  y ]\n", 0),
    ],
)
def test_expansions_lists_and_quoting(sh, world: World, command: str, expected: str, status: int) -> None:
    result = sh(world, command)
    assert (result.output, result.exit_code) == (expected, status)


def test_redirections_write_through_the_world(sh, world: World) -> None:
    assert sh(world, "echo one > /tmp/f; echo two >> /tmp/f; cat < /tmp/f").output == "one\ntwo\n"
    assert world.state.files.require("/tmp/f").content == "one\ntwo\n"
    writes = [e for e in world.effects if e.op == "file_write"]
    assert [e.detail for e in writes] == ["/tmp/f", "/tmp/f"]


def test_stderr_merges_and_can_be_discarded(sh, world: World) -> None:
    assert sh(world, "ls /nope").output == "ls: cannot access '/nope': No such file or directory\n"
    assert sh(world, "ls /nope 2>/dev/null; echo $?").output == "2\n"
    assert sh(world, "ls /nope 2>&1 | wc -l").output == "1\n"
    assert sh(world, "ls /nope > /tmp/out 2>&1; cat /tmp/out").output.startswith("ls: cannot access")
    assert sh(world, "ls /nope &> /dev/null; echo done").output == "done\n"
    assert sh(world, "echo visible >&2 | wc -c").output == "visible\n0\n"
    assert sh(world, "echo gone > /dev/null; cat /dev/null").output == ""


def test_redirect_refused_before_the_command_runs(sh, world: World) -> None:
    result = sh(world, "echo x > /etc/motd")
    assert (result.output, result.exit_code) == ("bash: /etc/motd: Permission denied\n", 1)
    [effect] = world.effects
    assert (effect.op, effect.status) == ("file_write", "failed")


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("cat <<EOF\nhello $USER\n  $(echo sub)\nEOF", "hello atlas\n  sub\n"),
        ("cat <<'EOF'\nraw $USER `pwd`\nEOF", "raw $USER `pwd`\n"),
        ('cat <<"EOF"\nraw $USER\nEOF', "raw $USER\n"),
        ("cat <<-EOF\n\tindented $USER\n\tEOF", "indented atlas\n"),
        ("cat <<EOF | tr a-z A-Z && echo after\nshout\nEOF", "SHOUT\nafter\n"),
        ('x=$(cat <<EOF\ninside\nEOF\n)\necho "[$x]"', "[inside]\n"),
        ('cat <<< "here $USER"', "here atlas\n"),
        ("echo $((1 << 3))", "8\n"),
    ],
)
def test_heredocs_and_herestrings(sh, world: World, command: str, expected: str) -> None:
    assert sh(world, command).output == expected


def test_unterminated_heredoc_warns_and_still_runs(sh, world: World) -> None:
    result = sh(world, "cat <<EOF\nno end")
    assert result.output.startswith("bash: warning: here-document delimited by end-of-file")
    assert result.output.endswith("no end\n")


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("if [ -f /data/x.csv ]; then echo yes; else echo no; fi", "yes\n"),
        ("if test -d /nope; then echo a; elif [ 1 -lt 2 ]; then echo b; fi", "b\n"),
        ('for f in /data/*.csv /data/memo.txt; do echo "<$f>"; done', "</data/x.csv>\n</data/memo.txt>\n"),
        ("for i in 1 2 3 4; do [ $i = 2 ] && continue; [ $i = 4 ] && break; echo $i; done", "1\n3\n"),
        ("i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo $i", "3\n"),
        ("i=3; until [ $i -eq 0 ]; do i=$((i-1)); done; echo $i", "0\n"),
        ("for ((i=0; i<3; i++)); do printf $i; done; echo", "012\n"),
        ("case report.csv in *.txt) echo text;; *.csv|*.tsv) echo table;; esac", "table\n"),
        ("[[ abc == a* && -n x ]] && echo match", "match\n"),
        ('f() { echo "$1:$#"; return 4; }; f a b; echo $?', "a:2\n4\n"),
        ("g() { local v=in; echo $v; }; v=out; g; echo $v", "in\nout\n"),
        ("(cd /tmp; pwd); pwd", "/tmp\n/home/atlas\n"),
        ("{ echo a; echo b; } | wc -l", "2\n"),
        ('while read -r n rest; do echo "$n"; done < /data/memo.txt', "Hold\nDo\n"),
        (
            "cat /data/x.csv | while IFS=, read -r id result; do echo $result; done | sort -u",
            "fail\npass\nresult\n",
        ),
        ("eval 'echo evaluated'", "evaluated\n"),
        ("bash -c 'echo $0 $1' name arg", "name arg\n"),
        ("X=1 sh -c 'echo $X'; echo \"[$X]\"", "1\n[]\n"),
    ],
)
def test_control_flow(sh, world: World, command: str, expected: str) -> None:
    assert sh(world, command).output == expected


def test_session_persists_between_calls(sh, world: World) -> None:
    sh(world, "cd /data && export REPORT=q3 && note=local")
    assert sh(world, "pwd; echo $REPORT $note; env | grep REPORT").output == "/data\nq3 local\nREPORT=q3\n"
    assert world.state.shell_cwd == "/data"
    assert sh(world, "cd; pwd").output == "/home/atlas\n"
    assert sh(world, "cd - > /dev/null; pwd").output == "/data\n"
    assert world.state.shell_history[-2:] == ["cd; pwd", "cd - > /dev/null; pwd"]
    assert sh(world, "history 2").output == "    4  cd - > /dev/null; pwd\n    5  history 2\n"


def test_exit_stops_the_line(sh, world: World) -> None:
    result = sh(world, "echo before; exit 3; echo after")
    assert (result.output, result.exit_code) == ("before\n", 3)


@pytest.mark.parametrize(
    "command", ["echo )", "if then fi", "echo 'open", 'echo "open', "ls |", "a &&", "(("]
)
def test_syntax_errors_exit_2(sh, world: World, command: str) -> None:
    result = sh(world, command)
    assert result.exit_code == 2
    assert "syntax error" in result.output or "unexpected EOF while looking for matching" in result.output
    assert world.effects == []


def test_unknown_commands_are_not_found(sh, world: World) -> None:
    result = sh(world, "python3 -c 'import os'; echo $?")
    assert result.output == "bash: python3: command not found\n127\n"
    assert sh(world, "frobnicate").exit_code == 127
    assert sh(world, "./missing.sh").output == "bash: ./missing.sh: No such file or directory\n"


def test_scripts_run_through_the_world(sh, world: World) -> None:
    assert (
        sh(world, "/opt/tools/run.sh one; bash /opt/tools/run.sh two").output == "running one\nrunning two\n"
    )
    assert sh(world, "chmod 644 /opt/tools/run.sh; /opt/tools/run.sh").exit_code == 126
    assert sh(world, ". ~/.profile; echo $EDITOR").output == "vi\n"


def test_runaway_loops_and_output_are_bounded(sh, world: World) -> None:
    looped = sh(world, "while true; do :; done; echo never")
    assert looped.exit_code == 124
    assert "10000 loop iterations" in looped.output
    big = sh(world, "seq 1 30000")
    assert big.output.endswith("bytes omitted]\n")
    assert "[output truncated: " in big.output
    assert len(big.output.encode()) < 64 * 1024 + 100
    nested = sh(world, "f() { f; }; f")
    assert nested.exit_code == 1
    assert "maximum nesting level" in nested.output


def test_doubling_a_variable_runs_out_of_memory_not_forever(sh, world: World) -> None:
    result = sh(world, "x=ab; while true; do x=$x$x; done")
    assert result.exit_code == 2
    assert "xmalloc" in result.output
