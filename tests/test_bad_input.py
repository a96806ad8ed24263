"""Bad input on the command line: one line on stderr, exit status 2, nothing on stdout, and no work
started (huge sizes are refused up front, never attempted)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gdperceptron import __version__, cli

FAST = "reduction.logistic-gradient"
SCALING = ["scaling", "--workers", "serial", "--no-progress", "--d", "4,8"]

# (argv, a fragment of the message); "FILE" is an existing regular file, "DIR" an existing directory
BAD_INPUTS = [
    ([], "required: command"),
    (["frobnicate"], "invalid choice"),
    (["list", "extra"], "unrecognized arguments"),
    (["list", "--bogus"], "unrecognized arguments"),
    (["check", ""], "unknown claim id ''"),
    (["check", "\x01"], "unknown claim id"),
    (["check", "--dps", "100000"], "from 0 to 10000"),
    (["check", "--dps", "3"], "too low"),
    (["check", "--dps", "nan"], "expected an integer"),
    (["check", "--dps", "1e3"], "expected an integer"),
    (["check", "--seed", "-1"], "non-negative"),
    (["check", "--seed", "1.5"], "expected an integer"),
    (["check", "--jobs", "-1"], "non-negative"),
    (["check", "--jobs", "many"], "expected an integer"),
    (["check", "--budget", "0"], "positive"),
    (["check", "--budget", "-1"], "positive"),
    (["check", "--budget", "nan"], "positive"),
    (["check", "--budget", "inf"], "positive"),
    (["check", "--budget", "1e999"], "positive"),
    (["check", "--budget", "soon"], "expected a number"),
    (["show"], "required: ID"),
    (["show", "no.such-claim", "--run"], "unknown claim id"),
    (["show", FAST, "--run", "--budget", "0"], "positive"),
    (["latex"], "give one claim ID or --all"),
    (["latex", FAST, "--all"], "give one claim ID or --all"),
    (["latex", FAST, "--out", ""], "needs a file name"),
    (["latex", FAST, "--out", "DIR"], "is a directory"),
    (["latex", FAST, "--out", "FILE/claim.tex"], "does not exist"),
    (["latex", "--all", "--out", "DIR/missing/all.tex"], "does not exist"),
    (["report"], "required: --out"),
    (["report", FAST, "--out", "FILE"], "is an existing file, not a directory"),
    (["report", FAST, "--out", "FILE/sub"], "cannot write there (Not a directory)"),
    (["report", FAST, "--out", ""], "needs a directory name"),
    ([*SCALING, "--d", "100000000"], "--d must be comma-separated integers from 1 to 4096"),
    ([*SCALING, "--d", "9" * 5000], "--d must be"),
    ([*SCALING, "--d", "0"], "--d must be"),
    ([*SCALING, "--d", "-4"], "--d must be"),
    ([*SCALING, "--d", "1e3"], "--d must be"),
    ([*SCALING, "--d", ",,"], "--d must be"),
    ([*SCALING, "--d", "4,4"], "distinct"),
    ([*SCALING, "--gamma", "9**9**9"], "too large or too finely divided"),
    ([*SCALING, "--gamma", "d**d**d"], "γ must lie in [1e-100, 1e100]"),
    ([*SCALING, "--gamma", "10**308"], "γ must lie in [1e-100, 1e100]"),
    ([*SCALING, "--gamma", "10**-400"], "γ must lie in [1e-100, 1e100]"),
    ([*SCALING, "--gamma", "(1+1/10**100)**(10**100)"], "too large or too finely divided"),
    ([*SCALING, "--gamma", "2**(1+1/10**12)"], "too large or too finely divided"),
    ([*SCALING, "--gamma", "0"], "γ must lie in"),
    ([*SCALING, "--gamma=-d"], "γ must lie in"),
    ([*SCALING, "--gamma", "-d"], "expected one argument"),
    ([*SCALING, "--gamma", "1/0"], "0 raised to a power ≤ 0"),
    ([*SCALING, "--gamma", "log(1-1)"], "logarithm of a number ≤ 0"),
    ([*SCALING, "--gamma", "sqrt(-d)"], "negative number raised to a fractional power"),
    ([*SCALING, "--gamma", "nan"], "use a number or an expression in d"),
    ([*SCALING, "--gamma", "inf"], "use a number or an expression in d"),
    ([*SCALING, "--gamma", "(((("], "not a valid expression"),
    ([*SCALING, "--gamma", "1" * 300], "at most 200 characters"),
    ([*SCALING, "--seeds", "0"], "--seeds must be from 1 to 1000"),
    ([*SCALING, "--seeds", "1000000"], "--seeds must be from 1 to 1000"),
    ([*SCALING, "--seeds", "1e9"], "invalid int value"),
    ([*SCALING, "--max-steps", "0"], "--max-steps must be at least 1"),
    ([*SCALING, "--max-steps", str(10**12)], "this study could cost"),
    ([*SCALING, "--model", "two-layer:width=4096", "--seeds", "1000"], "this study could cost"),
    ([*SCALING, "--boot", "5"], "--boot must be from 10 to 100000"),
    ([*SCALING, "--boot", "1000000000"], "--boot must be from 10 to 100000"),
    ([*SCALING, "--budget", "0"], "--budget must be from 1 to"),
    ([*SCALING, "--budget", str(10**30)], "--budget must be from 1 to"),
    ([*SCALING, "--digits", "14"], "--digits must be comma-separated integers from 15 to 1000"),
    ([*SCALING, "--digits", "100000000"], "--digits must be"),
    ([*SCALING, "--digits", "30,20"], "increasing"),
    ([*SCALING, "--digits", ",".join(str(15 + k) for k in range(9))], "at most 8"),
    (["scaling", "--workers", "0"], "--workers must be 'serial' or an integer from 1 to 256"),
    (["scaling", "--workers", "1000000"], "--workers must be"),
    (["scaling", "--workers", "1.5"], "--workers must be"),
    ([*SCALING, "--model", "two-layer:width=100000000"], "width must be an integer from 1 to 4096"),
    ([*SCALING, "--model", "two-layer:width=²"], "width must be an integer"),
    ([*SCALING, "--model", "two-layer:init=1/0"], "is not a number"),
    ([*SCALING, "--model", "two-layer:init=1e308"], "init scale must be 0 or lie in"),
    ([*SCALING, "--model", "two-layer:init=-1"], "init scale must be 0 or lie in"),
    ([*SCALING, "--model", "two-layer:gamma=9**9**9"], "too large or too finely divided"),
    ([*SCALING, "--model", "two-layer:act=sigmoid"], "unknown activation"),
    ([*SCALING, "--model", "two-layer:train=all"], "train must be both or first"),
    ([*SCALING, "--model", "perceptron"], "unknown model"),
    ([*SCALING, "--family", "nope"], "unknown family"),
    ([*SCALING, "--plugin", ""], "--plugin '' could not be imported: ValueError"),
    ([*SCALING, "--plugin", "no_such_module_anywhere"], "could not be imported"),
    ([*SCALING, "--out", "FILE"], "is an existing file, not a directory"),
    ([*SCALING, "--out", "FILE/sub"], "cannot write there"),
    ([*SCALING, "--out", ""], "needs a directory name"),
]


@pytest.fixture
def places(tmp_path, monkeypatch):
    """Run in an empty directory (nothing may be written there) with FILE and DIR to point at."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "FILE").write_text("not a directory\n")
    (tmp_path / "DIR").mkdir()
    return tmp_path


@pytest.mark.parametrize("argv, fragment", BAD_INPUTS, ids=[" ".join(a)[:60] for a, _ in BAD_INPUTS])
def test_bad_input_is_one_line_and_exit_2(argv, fragment, places, capsys):
    argv = [str(places / a) if a.split("/")[0] in ("FILE", "DIR") else a for a in argv]
    code = cli.main(argv)
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err.startswith("gdperceptron: error: ") and err.count("\n") == 1 and fragment in err
    assert sorted(p.name for p in places.iterdir()) == ["DIR", "FILE"] and not list((places / "DIR").iterdir())


def test_console_script_gives_one_line_for_a_hanging_input():
    """Through the installed entry point, as a user runs it: no traceback, no hang."""
    exe = shutil.which("gdperceptron")
    argv = [exe] if exe else [sys.executable, "-m", "gdperceptron.cli"]
    proc = subprocess.run(argv + ["scaling", "--gamma", "9**9**9"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and proc.stdout == "" and proc.stderr.count("\n") == 1


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_unwritable_standard_output_is_one_line():
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "gdperceptron.cli", "list"], stdout=full, stderr=subprocess.PIPE,
                              text=True, timeout=120)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "No space left" in proc.stderr


def test_a_closed_pipe_ends_quietly():
    """``gdperceptron list | head -0``: the reader has gone before the first line is written."""
    proc = subprocess.Popen([sys.executable, "-m", "gdperceptron.cli", "list"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.close()
    assert proc.wait(timeout=120) == 141 and proc.stderr.read() == b""


def test_version(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["--version"])
    assert stop.value.code == 0 and capsys.readouterr().out == f"gdperceptron {__version__}\n"


def test_every_argument_has_help():
    parser = cli.build_parser()
    subcommands = next(a for a in parser._actions if a.dest == "command").choices
    missing = [f"{name} {action.dest}" for name, sub in subcommands.items() for action in sub._actions
               if not action.help]
    assert missing == []
