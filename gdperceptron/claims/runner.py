"""Run claims in worker processes, each under its own time budget.

Every claim is checked in a forked worker process, also when one job at a time is asked for, so
that nothing a check does can take the run down with it:

* a check that overruns its budget (plus a grace period of ``min(GRACE_SECONDS, budget)``) is
  killed, and its claim is UNDECIDED ("time budget of … s exceeded");
* a worker that dies (an interpreter abort such as gmpy2's ``gmp: overflow in mpz type``, a
  segmentation fault, ``os._exit``, the out-of-memory killer) gives its claim UNDECIDED with the
  exit code or signal and the last line the worker wrote; the claim counts as errored;
* an exception escaping ``Claim.check`` is reported the same way (UNDECIDED, errored).

Each worker leads its own process group, which is killed as a whole (so processes a check starts
go too), and dies with the parent on Linux.  What a worker writes, to stdout or stderr, is passed
on to stderr when it ends: standard output stays for the verdict table and JSON.
"""

from __future__ import annotations

import contextlib
import faulthandler
import multiprocessing as mp
import os
import signal
import sys
import tempfile
import time
from multiprocessing.connection import wait
from typing import Callable, Sequence

from .core import UNDECIDED, CheckResult, Claim, ClaimResult

GRACE_SECONDS = 15.0
"""Longest time a claim may run past its budget before it is killed (never more than the budget)."""

_CONTEXT = mp.get_context("fork")  # fork: a user's claim (lambdas, closures) need not be picklable


def run_claims(claims: Sequence[Claim], seed: int = 0, dps: int = 50, quick: bool = False,
               budget_seconds: float = 90.0, jobs: int | None = None,
               on_event: Callable[[str, Claim, ClaimResult | None], None] | None = None) -> list[ClaimResult]:
    """Check ``claims``, at most ``jobs`` at a time (default: one per core), each in its own worker
    process under ``budget_seconds``; results come back in the input order.

    ``on_event(what, claim, result)`` is called with ``"start"`` (result None) and ``"done"``.
    """
    claims = list(claims)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(claims)))
    kwargs = {"seed": seed, "dps": dps, "quick": quick, "budget_seconds": budget_seconds}
    limit = budget_seconds + min(GRACE_SECONDS, budget_seconds)
    pending = list(enumerate(claims))
    running: dict[int, _Worker] = {}
    results: dict[int, ClaimResult] = {}
    try:
        while pending or running:
            while pending and len(running) < jobs:
                i, claim = pending.pop(0)
                running[i] = _Worker(claim, kwargs, limit)
                _notify(on_event, "start", claim, None)
            timeout = max(0.0, min(w.deadline for w in running.values()) - time.monotonic())
            wait([obj for w in running.values() for obj in (w.receive, w.process.sentinel)], timeout)
            for i, worker in list(running.items()):
                result = worker.outcome(budget_seconds)
                if result is not None:
                    results[i] = result
                    del running[i]
                    _notify(on_event, "done", worker.claim, result)
    finally:
        for worker in running.values():  # only on an interruption: nothing is left running
            worker.kill()
    return [results[i] for i in range(len(claims))]


class _Worker:
    """One claim being checked in a forked process, with the deadline it must meet."""

    def __init__(self, claim: Claim, kwargs: dict, limit: float):
        self.claim = claim
        self.output = tempfile.TemporaryFile()
        self.receive, send = _CONTEXT.Pipe(duplex=False)
        self.process = _CONTEXT.Process(target=_child, args=(claim, kwargs, send, self.output.fileno()))
        self.started = time.monotonic()
        self.deadline = self.started + limit
        self.process.start()
        send.close()
        with contextlib.suppress(OSError):  # the child does the same; whichever runs first wins
            os.setpgid(self.process.pid, self.process.pid)

    def outcome(self, budget_seconds: float) -> ClaimResult | None:
        """The claim's result once the worker has answered, died or run out of time; else None."""
        if self.receive.poll():
            try:
                kind, payload = self.receive.recv()
            except EOFError:
                kind, payload = "error", self._death()
        elif self.process.is_alive():
            if time.monotonic() < self.deadline:
                return None
            kind, payload = "timeout", f"time budget of {budget_seconds:g} s exceeded (the worker was stopped)"
        else:
            kind, payload = "error", self._death()
        self.kill()
        if kind == "result":
            return payload
        return _undecided(self.claim, payload, time.monotonic() - self.started, errored=kind == "error")

    def _death(self) -> str:
        """Why the worker ended without an answer: its exit code or signal and the last line it wrote."""
        self.process.join(5)
        code = self.process.exitcode
        if code is not None and code < 0:
            how = f"worker killed by {signal.Signals(-code).name} (exit status {128 - code} in a shell)"
        else:
            how = f"worker exited with code {code} without an answer"
        return f"{how}: {last[:300]}" if (last := _last_words(self._captured())) else how

    def _captured(self) -> str:
        self.output.seek(0)
        return self.output.read().decode("utf-8", "replace")

    def kill(self) -> None:
        """Kill the worker's process group, reap it, and pass what it wrote on to stderr."""
        if self.process.is_alive():
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except OSError:
                self.process.kill()
        self.process.join()
        self.receive.close()
        text = self._captured()
        self.output.close()
        if text:
            sys.stderr.write(text)
            sys.stderr.flush()


def _child(claim: Claim, kwargs: dict, send, output_fd: int) -> None:
    """The worker: check the claim and send ("result", ClaimResult) or ("error", reason)."""
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)
    _die_with_parent()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    for fd, name in ((1, "stdout"), (2, "stderr")):  # all the worker writes is captured, Python's or C's
        os.dup2(output_fd, fd)  # (GMP says "overflow in mpz type" on stdout) ...
        setattr(sys, name, open(fd, "w", buffering=1, closefd=False, errors="backslashreplace"))
    if faulthandler.is_enabled():  # ... and so is a crash report, which may have gone to a copy of the old one
        faulthandler.enable(sys.stderr)
    try:
        message = ("result", claim.check(**kwargs))
    except Exception as exc:  # reported as the claim's outcome, never swallowed
        message = ("error", f"{type(exc).__name__}: {exc}")
    try:
        send.send(message)
    except Exception:  # noqa: BLE001 - evidence that cannot be pickled: send its JSON form instead
        send.send(("result", _portable(message[1])))
    send.close()


def _last_words(text: str) -> str:
    """The last line a dead worker wrote before Python's own crash report (if any) began."""
    before, fatal, after = text.partition("Fatal Python error:")
    lines = before.strip().splitlines() or [fatal + after.split("\n", 1)[0]]
    return lines[-1].strip()


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (no-op elsewhere)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _portable(result: ClaimResult) -> ClaimResult:
    """``result`` with each check's evidence and counterexample replaced by their JSON forms."""
    for c in result.checks:
        as_json = c.to_json()
        c.evidence, c.counterexample = as_json["evidence"], as_json["counterexample"]
    return result


def _undecided(claim: Claim, reason: str, seconds: float, errored: bool) -> ClaimResult:
    note = CheckResult(UNDECIDED, reason, name="runner", kind="instance", error=reason if errored else None)
    return ClaimResult(claim.id, UNDECIDED, reason, [note], seconds)


def _notify(on_event, what, claim, result):
    if on_event:
        on_event(what, claim, result)
