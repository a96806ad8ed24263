"""The claim runner: every claim in a worker process, so that an interpreter abort, a hard exit or a
check that overruns its budget costs only that claim, with one job as with several."""

import os
import time

import pytest

import gdperceptron as gp
from gdperceptron.claims import runner


def _claim(claim_id, body, kind="instance"):
    return gp.Claim(claim_id, claim_id, claim_id, "derived", [gp.check(kind, name=claim_id)(body)])


def _aborts(ctx):
    os.write(2, b"gmp: overflow in mpz type\n")  # what gmpy2 says before it aborts the interpreter
    os.abort()


def _exits(ctx):
    os._exit(134)


def _sleeps(ctx):
    time.sleep(60)
    return gp.CheckResult(gp.PROVEN, "never reached")


def _raises(ctx):
    raise gp.InputError("a check's own bad input")


def _fine(ctx):
    return gp.CheckResult(gp.SUPPORTED, "fine")


def _refutes(ctx):
    return gp.CheckResult(gp.REFUTED, "x = 3 fails", counterexample={"x": 3})


def _unpicklable(ctx):
    return gp.CheckResult(gp.SUPPORTED, "fine", evidence={"fn": lambda x: x})


CLAIMS = [_claim("t.abort", _aborts), _claim("t.fine", _fine), _claim("t.exit", _exits),
          _claim("t.sleep", _sleeps), _claim("t.refuted", _refutes), _claim("t.raises", _raises),
          _claim("t.unpicklable", _unpicklable)]


@pytest.mark.parametrize("jobs", [1, 2])
def test_aborts_exits_and_overruns_cost_only_their_claim(jobs, capsys):
    events = []

    def record(what, claim, result):
        events.append((what, claim.id))

    results = runner.run_claims(CLAIMS, budget_seconds=1, jobs=jobs, on_event=record)
    by_id = {r.claim_id: r for r in results}
    assert [r.claim_id for r in results] == [c.id for c in CLAIMS]
    assert by_id["t.fine"].verdict is gp.SUPPORTED and not by_id["t.fine"].errored
    assert by_id["t.refuted"].verdict is gp.REFUTED and by_id["t.refuted"].counterexample == {"x": 3}
    assert by_id["t.unpicklable"].verdict is gp.SUPPORTED  # sent in its JSON form
    assert by_id["t.unpicklable"].evidence["t.unpicklable"]["fn"].startswith("<function")

    abort = by_id["t.abort"]
    assert abort.verdict is gp.UNDECIDED and abort.errored
    assert "SIGABRT" in abort.summary and "134" in abort.summary and "gmp: overflow in mpz type" in abort.summary
    assert by_id["t.exit"].verdict is gp.UNDECIDED and "exited with code 134" in by_id["t.exit"].summary
    sleep = by_id["t.sleep"]
    assert sleep.verdict is gp.UNDECIDED and "time budget of " in sleep.summary and not sleep.errored
    raises = by_id["t.raises"]
    assert raises.verdict is gp.UNDECIDED and raises.errored and "a check's own bad input" in raises.summary

    assert sorted(events) == sorted((w, c.id) for c in CLAIMS for w in ("start", "done"))
    assert "gmp: overflow in mpz type" in capsys.readouterr().err  # the worker's stderr is passed on


def test_jobs_beyond_the_number_of_claims_and_no_claims():
    assert runner.run_claims([], jobs=4) == []
    assert [r.verdict for r in runner.run_claims([_claim("t.fine", _fine)], jobs=1000)] == [gp.SUPPORTED]


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads /proc")
def test_an_interrupted_run_leaves_no_worker_behind(tmp_path):
    pid_file = tmp_path / "pid"

    def sleeps(ctx):
        pid_file.write_text(str(os.getpid()))
        time.sleep(60)

    def interrupt(what, claim, result):
        for _ in range(400):  # until the check is running, at most 20 s
            if pid_file.exists() and pid_file.read_text():
                break
            time.sleep(0.05)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        runner.run_claims([_claim("t.sleep", sleeps)], jobs=1, budget_seconds=30, on_event=interrupt)
    assert _gone(int(pid_file.read_text()))


def test_a_real_gmp_overflow_costs_only_its_claim():
    """gmpy2 aborts the interpreter ("gmp: overflow in mpz type") on a power too large for GMP."""
    gmpy2 = pytest.importorskip("gmpy2")

    def overflows(ctx):
        gmpy2.mpz(3) ** (2**40)
        return gp.CheckResult(gp.PROVEN, "never reached")

    results = runner.run_claims([_claim("t.gmp", overflows), _claim("t.fine", _fine)], jobs=1, budget_seconds=30)
    assert [r.verdict for r in results] == [gp.UNDECIDED, gp.SUPPORTED] and results[0].errored
    # GMP's own words depend on what else is loaded (python-flint, faulthandler): SIGABRT or SIGFPE
    assert "worker killed by SIGABRT" in results[0].summary or "worker killed by SIGFPE" in results[0].summary


def _gone(pid: int) -> bool:
    """The process has exited (no such process, or a zombie nobody has reaped yet)."""
    for _ in range(100):
        try:
            with open(f"/proc/{pid}/stat") as stat:
                if stat.read().split(")")[-1].split()[0] in ("Z", "X"):
                    return True
        except FileNotFoundError:
            return True
        time.sleep(0.05)
    return False


def _starts_a_process(pid_file, then_sleep: bool):
    """A check that starts ``sleep 60``, notes its pid, then returns or overruns its budget."""
    import subprocess

    def body(ctx):
        pid_file.write_text(str(subprocess.Popen(["sleep", "60"]).pid))
        time.sleep(60 if then_sleep else 0)
        return gp.CheckResult(gp.SUPPORTED, "started one")

    return body


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads /proc")
def test_a_process_an_overrunning_check_starts_goes_with_it(tmp_path):
    results = runner.run_claims([_claim("t.overruns", _starts_a_process(tmp_path / "pid", True))], budget_seconds=1)
    assert results[0].verdict is gp.UNDECIDED and _gone(int((tmp_path / "pid").read_text()))


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads /proc")
def test_a_process_a_check_leaves_behind_goes_when_it_answers(tmp_path):
    results = runner.run_claims([_claim("t.leaves", _starts_a_process(tmp_path / "pid", False))], budget_seconds=10)
    assert results[0].verdict is gp.SUPPORTED and _gone(int((tmp_path / "pid").read_text()))
